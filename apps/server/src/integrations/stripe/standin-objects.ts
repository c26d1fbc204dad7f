import type Stripe from 'stripe';
import type { PaymentStatus } from '@ops/db';
import { hexId } from '../http-kit.js';
import { cardRefundHistory, paymentByIntent, type CustomerRow, type PaymentRow } from './standin-rows.js';
import type { StandinRefund, StandinState } from './standin-state.js';
import { unix } from './standin-wire.js';

/**
 * The Stripe objects the stand-in answers with, built from the database rows and what the stand-in remembers: a
 * payments row is a payment intent and its charge, a user with a Stripe id a customer with the cards they paid with.
 */
type IntentObject = Pick<
  Stripe.PaymentIntent,
  | 'id'
  | 'object'
  | 'amount'
  | 'amount_capturable'
  | 'amount_received'
  | 'currency'
  | 'status'
  | 'capture_method'
  | 'cancellation_reason'
  | 'latest_charge'
  | 'customer'
  | 'payment_method'
  | 'last_payment_error'
  | 'metadata'
  | 'livemode'
  | 'created'
>;
type ChargeObject = Pick<
  Stripe.Charge,
  | 'id'
  | 'object'
  | 'amount'
  | 'amount_captured'
  | 'amount_refunded'
  | 'captured'
  | 'refunded'
  | 'paid'
  | 'status'
  | 'currency'
  | 'customer'
  | 'payment_intent'
  | 'disputed'
  | 'failure_code'
  | 'failure_message'
  | 'created'
> & {
  payment_method_details: {
    type: string;
    card: Pick<Stripe.Charge.PaymentMethodDetails.Card, 'brand' | 'last4' | 'exp_month' | 'exp_year'>;
  };
};
type CustomerObject = Pick<Stripe.Customer, 'id' | 'object' | 'email' | 'name' | 'phone' | 'metadata' | 'livemode' | 'created'>;
type PaymentMethodObject = Pick<Stripe.PaymentMethod, 'id' | 'object' | 'type' | 'customer' | 'created'> & {
  card: Pick<Stripe.PaymentMethod.Card, 'brand' | 'last4' | 'exp_month' | 'exp_year' | 'funding'>;
};
type DisputeObject = Pick<
  Stripe.Dispute,
  'id' | 'object' | 'amount' | 'currency' | 'charge' | 'payment_intent' | 'reason' | 'status' | 'created'
> & { evidence_details: Pick<Stripe.Dispute.EvidenceDetails, 'due_by'> };
/** The fields of Stripe's Refund object the stand-in answers with (typed by the `stripe` package). */
export type StripeRefundObject = Pick<
  Stripe.Refund,
  | 'id'
  | 'object'
  | 'amount'
  | 'currency'
  | 'charge'
  | 'payment_intent'
  | 'reason'
  | 'status'
  | 'failure_reason'
  | 'metadata'
  | 'created'
>;

const REFUND_COUNTS = (s: string | null | undefined): boolean => s !== 'failed' && s !== 'canceled';

/** How a payments row reads as a PaymentIntent status before the stand-in changed it. */
function rowIntentStatus(status: PaymentStatus): Stripe.PaymentIntent.Status {
  switch (status) {
    case 'pending':
      return 'requires_confirmation';
    case 'authorized':
      return 'requires_capture';
    case 'failed':
      return 'requires_payment_method';
    case 'cancelled':
      return 'canceled';
    default:
      return 'succeeded';
  }
}

const intentStatus = (state: StandinState, p: PaymentRow): Stripe.PaymentIntent.Status =>
  state.overlays.get(p.intentId)?.status ?? rowIntentStatus(p.status);

/** The charge of a payment whose intent has `status`: the row's, else one derived from the intent id once there is one. */
export const chargeIdOf = (p: PaymentRow, status: string): string | null =>
  p.chargeId ?? (status === 'requires_capture' || status === 'succeeded' ? `ch_${p.intentId.slice(3)}` : null);

const paymentMethodId = (customer: string, brand: string | null, last4: string | null): string =>
  `pm_${hexId(`${customer}:${brand ?? 'visa'}:${last4 ?? '4242'}`, 24)}`;

export const refundObject = (r: StandinRefund, currency: string, charge: string | null): StripeRefundObject => ({
  id: r.id,
  object: 'refund',
  amount: r.amount,
  currency,
  charge,
  payment_intent: r.intentId,
  reason: r.reason,
  status: r.status,
  ...(r.failureReason ? { failure_reason: r.failureReason } : {}),
  metadata: r.metadata,
  created: r.created,
});

/** How the refunds made here for one intent read: with the currency and charge of its payment, while its row is there. */
export async function refundObjectFor(state: StandinState, intentId: string): Promise<(r: StandinRefund) => StripeRefundObject> {
  const p = await paymentByIntent(state.db, intentId);
  return (r) => refundObject(r, p?.currency ?? 'usd', p ? chargeIdOf(p, 'succeeded') : null);
}

/**
 * The refunds Stripe knows for one payment: those made here (the stand-in's own record, which wins), plus the
 * sample history's card refunds that were never made here. `total` is Stripe's `amount_refunded`: every refund
 * that is not failed or canceled.
 */
export async function refundsFor(state: StandinState, p: PaymentRow): Promise<{ objects: StripeRefundObject[]; total: number }> {
  const charge = chargeIdOf(p, intentStatus(state, p));
  const memory = state.refundsOf(p.intentId);
  const history = await cardRefundHistory(state.db, p.paymentId);
  const mine = new Set(memory.map((r) => r.id));
  const rows = history.filter((r) => r.stripe_refund_id && !mine.has(r.stripe_refund_id));
  const reason = (code: string | null): Stripe.Refund.Reason =>
    code === 'DUPLICATE' ? 'duplicate' : code === 'FRAUD' ? 'fraudulent' : 'requested_by_customer';
  const objects: StripeRefundObject[] = [
    ...rows.map((r): StripeRefundObject => ({
      id: r.stripe_refund_id ?? '',
      object: 'refund',
      amount: r.amount_cents,
      currency: p.currency,
      charge,
      payment_intent: p.intentId,
      reason: reason(r.override_code),
      status: r.status,
      metadata: { refund_id: r.id },
      created: unix(r.created_at),
    })),
    ...memory.map((r) => refundObject(r, p.currency, charge)),
  ];
  const total = objects.filter((o) => REFUND_COUNTS(o.status)).reduce((sum, o) => sum + o.amount, 0);
  return { objects, total };
}

export function intentObject(state: StandinState, p: PaymentRow): IntentObject {
  const overlay = state.overlays.get(p.intentId);
  const status = intentStatus(state, p);
  return {
    id: p.intentId,
    object: 'payment_intent',
    amount: p.amount,
    amount_capturable: status === 'requires_capture' ? p.amount : 0,
    amount_received: status === 'succeeded' ? (overlay?.amountReceived ?? p.amount) : 0,
    currency: p.currency,
    status,
    capture_method: 'manual',
    cancellation_reason: overlay?.cancellationReason ?? null,
    latest_charge: chargeIdOf(p, status),
    customer: p.customer,
    payment_method: p.customer ? paymentMethodId(p.customer, p.cardBrand, p.cardLast4) : null,
    last_payment_error: p.failureCode
      ? { code: p.failureCode, ...(p.failureMessage ? { message: p.failureMessage } : {}), type: 'card_error' }
      : null,
    metadata: { payment_id: p.paymentId },
    livemode: false,
    created: unix(p.createdAt),
  };
}

/** The charge of a payment, or null while its intent has none (not yet authorised, never tried). */
export async function chargeObject(state: StandinState, p: PaymentRow): Promise<ChargeObject | null> {
  const intent = intentObject(state, p);
  const status = intent.status;
  const id = chargeIdOf(p, status);
  if (!id && p.status !== 'failed') return null;
  const captured = status === 'succeeded';
  const amountCaptured = captured ? intent.amount_received : 0;
  const { total } = await refundsFor(state, p);
  return {
    id: id ?? `ch_${p.intentId.slice(3)}`,
    object: 'charge',
    amount: p.amount,
    amount_captured: amountCaptured,
    amount_refunded: total,
    captured,
    refunded: captured && total >= amountCaptured && amountCaptured > 0,
    paid: p.status !== 'failed',
    status: p.status === 'failed' ? 'failed' : 'succeeded',
    currency: p.currency,
    customer: p.customer,
    payment_intent: p.intentId,
    disputed: p.disputedAt !== null,
    failure_code: p.failureCode,
    failure_message: p.failureMessage,
    payment_method_details: {
      type: 'card',
      card: { brand: p.cardBrand ?? 'visa', last4: p.cardLast4 ?? '4242', exp_month: 12, exp_year: 2030 },
    },
    // A charge is made when the card is authorised (or declined), not when the booking's intent was created.
    created: unix(p.authorizedAt ?? p.failedAt ?? p.createdAt),
  };
}

export const customerObject = (id: string, u: CustomerRow): CustomerObject => ({
  id,
  object: 'customer',
  email: u.email,
  name: `${u.first_name} ${u.last_name}`,
  phone: u.phone,
  metadata: { user_id: u.id },
  livemode: false,
  created: unix(u.created_at),
});

/** The cards a customer paid with, one payment method each, as old as the first payment made with it. */
export function paymentMethodObjects(customer: string, payments: PaymentRow[]): PaymentMethodObject[] {
  const cards = new Map<string, PaymentMethodObject>();
  for (const p of payments) {
    const id = paymentMethodId(customer, p.cardBrand, p.cardLast4);
    const prev = cards.get(id);
    if (!prev || prev.created > unix(p.createdAt)) {
      cards.set(id, {
        id,
        object: 'payment_method',
        type: 'card',
        customer,
        card: {
          brand: p.cardBrand ?? 'visa',
          last4: p.cardLast4 ?? '4242',
          exp_month: 12,
          exp_year: 2030,
          funding: 'credit',
        },
        created: unix(p.createdAt),
      });
    }
  }
  return [...cards.values()];
}

/** The dispute of a disputed payment (none for any other). */
export function disputeObjects(p: PaymentRow | undefined): DisputeObject[] {
  if (!p?.disputedAt) return [];
  return [
    {
      id: `dp_${p.intentId.slice(3)}`,
      object: 'dispute',
      amount: p.amount,
      currency: p.currency,
      charge: chargeIdOf(p, 'succeeded') ?? `ch_${p.intentId.slice(3)}`,
      payment_intent: p.intentId,
      reason: 'product_not_received',
      status:
        p.disputeStatus !== null &&
        ['warning_needs_response', 'needs_response', 'under_review', 'won', 'lost'].includes(p.disputeStatus)
          ? p.disputeStatus
          : 'needs_response',
      evidence_details: { due_by: unix(p.disputedAt) + 7 * 86_400 },
      created: unix(p.disputedAt),
    },
  ];
}
