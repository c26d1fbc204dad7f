import { randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import { chargeIdOf, intentObject, refundObject, refundsFor } from './standin-objects.js';
import { paymentByCharge, requirePayment } from './standin-rows.js';
import type { StandinRefund, StandinState } from './standin-state.js';
import { flatStrings, invalidParam, missing, ok, refused, str, type Form, type Saved } from './standin-wire.js';

/**
 * The requests that move money: a refund, and the capture or cancellation of a payment intent. The router runs them
 * one at a time (`state.serialized`), so the amounts one checks cannot change before it is done.
 */
const REFUND_REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);
/** Dispute statuses under which Stripe refuses a refund of the charge (`charge_disputed`). */
const DISPUTE_BLOCKS = new Set(['warning_needs_response', 'warning_under_review', 'needs_response', 'under_review', 'lost']);
const CANCELLATION_REASONS: Stripe.PaymentIntentCancelParams.CancellationReason[] = [
  'abandoned',
  'duplicate',
  'fraudulent',
  'requested_by_customer',
];

export async function createRefund(state: StandinState, params: Form): Promise<Saved> {
  const intentId = str(params, 'payment_intent');
  const chargeId = str(params, 'charge');
  if (!intentId && !chargeId) {
    throw invalidParam(
      'One of the following params should be provided for this request: payment_intent or charge.',
      'parameter_missing',
    );
  }
  const p = intentId
    ? await requirePayment(state.db, intentId, 'payment_intent')
    : await paymentByCharge(state.db, chargeId ?? '');
  if (!p) throw missing('charge', chargeId ?? '', 'charge');
  const reason = str(params, 'reason') ?? null;
  if (reason !== null && !REFUND_REASONS.has(reason)) {
    throw invalidParam(
      'Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer',
      'parameter_invalid_string',
      'reason',
    );
  }
  // Stripe validates every parameter before the endpoint starts executing.
  const amountRaw = str(params, 'amount');
  const asked = amountRaw === undefined ? null : Number(amountRaw);
  if (asked !== null && (!Number.isInteger(asked) || asked <= 0)) {
    throw invalidParam('Invalid positive integer', 'parameter_invalid_integer', 'amount');
  }
  const intent = intentObject(state, p);
  if (intent.status !== 'succeeded') {
    throw refused(
      `This PaymentIntent (${p.intentId}) does not have a successful charge to refund.`,
      'charge_not_refundable',
      'payment_intent',
    );
  }
  if (p.disputedAt !== null && DISPUTE_BLOCKS.has(p.disputeStatus ?? 'needs_response')) {
    throw refused(
      `Charge ${chargeIdOf(p, intent.status) ?? p.intentId} has been charged back; refunds are not allowed while it is disputed.`,
      'charge_disputed',
    );
  }
  const { total } = await refundsFor(state, p);
  const remaining = intent.amount_received - total;
  const charge = chargeIdOf(p, intent.status) ?? p.intentId;
  if (remaining <= 0) throw refused(`Charge ${charge} has already been refunded.`, 'charge_already_refunded');
  const amount = asked ?? remaining;
  if (amount > remaining) {
    const dollars = (c: number) => `$${(c / 100).toFixed(2)}`;
    throw refused(
      `Refund amount (${dollars(amount)}) is greater than unrefunded amount on charge (${dollars(remaining)})`,
      'amount_too_large',
      'amount',
    );
  }
  state.refundsCreated += 1;
  const next = state.takeRefundOutcome();
  const refund: StandinRefund = {
    id: `re_${randomBytes(12).toString('hex')}`,
    intentId: p.intentId,
    amount,
    reason,
    status: next?.status ?? 'succeeded',
    failureReason: next?.status === 'failed' ? (next.failureReason ?? 'expired_or_canceled_card') : null,
    metadata: flatStrings(params.metadata),
    created: Math.floor(Date.now() / 1000),
  };
  await state.addRefund(refund);
  return ok(refundObject(refund, p.currency, charge));
}

export async function capture(state: StandinState, id: string, params: Form): Promise<Saved> {
  const p = await requirePayment(state.db, id);
  const intent = intentObject(state, p);
  if (intent.status !== 'requires_capture') {
    throw refused(
      `This PaymentIntent could not be captured because it has a status of ${String(intent.status)}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      'payment_intent_unexpected_state',
    );
  }
  const raw = str(params, 'amount_to_capture');
  const amount = raw === undefined ? p.amount : Number(raw);
  if (!Number.isInteger(amount) || amount <= 0 || amount > p.amount) {
    throw refused(
      'The amount_to_capture must be a positive integer no greater than amount_capturable.',
      'amount_too_large',
      'amount_to_capture',
    );
  }
  state.overlays.set(id, { status: 'succeeded', amountReceived: amount });
  return ok(intentObject(state, p));
}

export async function cancel(state: StandinState, id: string, params: Form): Promise<Saved> {
  const p = await requirePayment(state.db, id);
  const status = String(intentObject(state, p).status);
  if (status === 'succeeded' || status === 'canceled') {
    throw refused(
      `You cannot cancel this PaymentIntent because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
      'payment_intent_unexpected_state',
    );
  }
  const asked = str(params, 'cancellation_reason');
  state.overlays.set(id, {
    status: 'canceled',
    amountReceived: 0,
    cancellationReason: CANCELLATION_REASONS.find((r) => r === asked) ?? 'requested_by_customer',
  });
  return ok(intentObject(state, p));
}
