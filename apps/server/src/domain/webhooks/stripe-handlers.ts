import { formatCents, isUuid } from '@ops/shared';
import type { PaymentStatus, PaymentsTable, DbOrTx } from '@ops/db';
import type { Updateable } from 'kysely';
import type { StripeGateway, StripeRefundInfo } from '../../integrations/stripe/gateway.js';
import { planStripeRefunds } from '../refunds/ledger.js';
import {
  NO_LINKS,
  WebhookHandlerError,
  type Prefetched,
  type HandlerPlan,
  type WebhookHandler,
  type WebhookLinks,
} from './types.js';

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const idOf = (v: unknown): string | null => str(v) ?? str(obj(v)?.id);

interface PaymentRow {
  id: string;
  booking_id: string;
  student_id: string;
  status: PaymentStatus;
  amount_cents: number;
  amount_refunded_cents: number;
  stripe_charge_id: string | null;
  disputed_at: string | null;
  dispute_status: string | null;
  dispute_evidence_due_by: string | null;
  failure_code: string | null;
  intent_id: string;
}

/** The payment behind a Stripe payment intent (unique index), with its booking's student for the ledger links. */
async function paymentByIntent(db: DbOrTx, intentId: string | null, lock: boolean): Promise<PaymentRow> {
  if (!intentId) throw new WebhookHandlerError('event object has no payment_intent');
  let q = db
    .selectFrom('payments as p')
    .innerJoin('bookings as b', 'b.id', 'p.booking_id')
    .select([
      'p.id',
      'p.booking_id',
      'b.student_id',
      'p.status',
      'p.amount_cents',
      'p.amount_refunded_cents',
      'p.stripe_charge_id',
      'p.disputed_at',
      'p.dispute_status',
      'p.dispute_evidence_due_by',
      'p.failure_code',
      'p.stripe_payment_intent_id as intent_id',
    ])
    .where('p.stripe_payment_intent_id', '=', intentId);
  if (lock) q = q.forUpdate('p');
  const row = await q.executeTakeFirst();
  if (!row) throw new WebhookHandlerError(`payment not found for ${intentId}`);
  return row;
}

const linksOf = (p: PaymentRow): WebhookLinks => ({ bookingId: p.booking_id, userId: p.student_id, paymentId: p.id });
const unchanged = (links: WebhookLinks): HandlerPlan => ({ links, changes: [], apply: null });

/** A plan that writes one change to the payment, said as `change`. */
const paymentPlan = (p: PaymentRow, change: string, set: Updateable<PaymentsTable>): HandlerPlan => ({
  links: linksOf(p),
  changes: [change],
  apply: async (tx) => {
    await tx.updateTable('payments').set(set).where('id', '=', p.id).execute();
  },
});

/** payment_intent.succeeded: the money was captured. */
const intentSucceeded: WebhookHandler = async ({ db, object, now, lock }) => {
  const p = await paymentByIntent(db, str(object.id), lock);
  if (p.status !== 'pending' && p.status !== 'authorized') return unchanged(linksOf(p));
  const charge = idOf(object.latest_charge) ?? p.stripe_charge_id;
  const received = int(object.amount_received) ?? p.amount_cents;
  return paymentPlan(p, `Payment ${p.status} → captured (${formatCents(received)})`, {
    status: 'captured',
    captured_at: now,
    amount_captured_cents: received,
    stripe_charge_id: charge,
    updated_at: now,
  });
};

/** payment_intent.amount_capturable_updated: the card was authorised; capture comes later. */
const intentCapturable: WebhookHandler = async ({ db, object, now, lock }) => {
  const p = await paymentByIntent(db, str(object.id), lock);
  if (p.status !== 'pending') return unchanged(linksOf(p));
  return paymentPlan(
    p,
    `Payment pending → authorized (${formatCents(int(object.amount_capturable) ?? p.amount_cents)} capturable)`,
    { status: 'authorized', authorized_at: now, updated_at: now },
  );
};

/** payment_intent.payment_failed: authorisation or capture was declined. */
const intentFailed: WebhookHandler = async ({ db, object, now, lock }) => {
  const p = await paymentByIntent(db, str(object.id), lock);
  const lastError = obj(object.last_payment_error);
  const code = str(lastError?.code) ?? str(lastError?.decline_code) ?? 'payment_failed';
  const message = str(lastError?.message) ?? 'The payment failed.';
  if (p.status !== 'pending' && p.status !== 'authorized') return unchanged(linksOf(p));
  return paymentPlan(p, `Payment ${p.status} → failed (${code})`, {
    status: 'failed',
    failed_at: now,
    failure_code: code,
    failure_message: message,
    updated_at: now,
  });
};

/** A refund object from an event (or a charge's embedded list, on API versions before 2022-11-15). */
function refundFromObject(o: Record<string, unknown>): StripeRefundInfo | null {
  const id = str(o.id);
  const amount = int(o.amount);
  if (!id || amount === null) return null;
  const metadata = Object.fromEntries(
    Object.entries(obj(o.metadata) ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return {
    id,
    amountCents: amount,
    currency: str(o.currency) ?? 'usd',
    chargeId: idOf(o.charge),
    paymentIntentId: idOf(o.payment_intent),
    reason: str(o.reason),
    status: str(o.status),
    failureReason: str(o.failure_reason),
    metadata,
    createdAt: new Date((int(o.created) ?? 0) * 1000).toISOString(),
  };
}

const ledgerPaymentOf = (p: PaymentRow) => ({ id: p.id, booking_id: p.booking_id, student_id: p.student_id });

/** Plans writing Stripe's refunds into the ledger; the payment's total follows from the rows (refunds/ledger.ts). */
async function refundsPlan(db: DbOrTx, p: PaymentRow, refunds: StripeRefundInfo[], now: Date): Promise<HandlerPlan> {
  const plan = await planStripeRefunds(db, ledgerPaymentOf(p), refunds);
  return {
    links: linksOf(p),
    changes: plan.changes,
    // Always applied: recomputing the total is idempotent and repairs a total that drifted from the rows.
    apply: async (tx) => {
      await plan.apply(tx, now);
    },
  };
}

/**
 * charge.refunded: something about the charge's refunds changed. Since API version 2022-11-15 the charge carries no
 * refunds list, so the refunds are listed through the API (an older payload's embedded list is used when Stripe is
 * not configured). `amount_refunded` is never written directly: the payment's total is derived from the rows.
 */
const chargeRefunded: WebhookHandler = async ({ db, object, now, lock, prefetched }) => {
  const p = await paymentByIntent(db, idOf(object.payment_intent), lock);
  const said = int(object.amount_refunded);
  if (said === null) throw new WebhookHandlerError('charge has no amount_refunded');
  let refunds: StripeRefundInfo[];
  if (prefetched?.refunds) {
    refunds = prefetched.refunds;
    // Stripe's list now is what the records follow; an event that says otherwise (older, or replayed after a refund
    // failed) is named, so "no change" is not read as "the records match this event".
    const listed = refunds
      .filter((r) => r.status === 'succeeded' || r.status === 'pending')
      .reduce((s, r) => s + r.amountCents, 0);
    if (listed !== said) {
      const plan = await refundsPlan(db, p, refunds, now);
      return {
        ...plan,
        discrepancies: [
          `The event says ${formatCents(said)} was refunded; Stripe now lists ${formatCents(listed)} in refunds on this charge, and the records follow Stripe`,
        ],
      };
    }
  } else if (prefetched?.error !== undefined) {
    // A transient failure: the event is retried, not lost.
    throw new Error(`Stripe could not list the charge's refunds: ${prefetched.error}`);
  } else {
    const embedded = obj(object.refunds)?.data;
    if (!Array.isArray(embedded)) throw new Error('the charge carries no refunds list and Stripe is not configured to list them');
    refunds = embedded.map((r) => refundFromObject(obj(r) ?? {})).filter((r): r is StripeRefundInfo => r !== null);
  }
  return refundsPlan(db, p, refunds, now);
};

/** refund.created / refund.updated / refund.failed / charge.refund.updated: one refund's new state. */
const refundChanged: WebhookHandler = async ({ db, object, now, lock }) => {
  const refund = refundFromObject(object);
  if (!refund) throw new WebhookHandlerError('refund object has no id or amount');
  const p = await paymentByIntent(db, refund.paymentIntentId, lock);
  return refundsPlan(db, p, [refund], now);
};

/** charge.dispute.created / updated / closed: the student disputed the charge with their bank. */
const disputeChanged: WebhookHandler = async ({ db, object, now, lock }) => {
  const p = await paymentByIntent(db, idOf(object.payment_intent), lock);
  const status = str(object.status) ?? 'needs_response';
  // Stripe's deadline for evidence (unix seconds); an event without one keeps the deadline already known.
  const dueBySeconds = int(obj(object.evidence_details)?.due_by);
  const dueBy = dueBySeconds === null ? p.dispute_evidence_due_by : new Date(dueBySeconds * 1000).toISOString();
  const sameDue =
    (dueBy === null ? null : Date.parse(dueBy)) ===
    (p.dispute_evidence_due_by === null ? null : Date.parse(p.dispute_evidence_due_by));
  if (p.disputed_at !== null && p.dispute_status === status && sameDue) return unchanged(linksOf(p));
  return paymentPlan(
    p,
    `Payment dispute ${p.dispute_status ?? 'none'} → ${status}${str(object.reason) ? ` (${str(object.reason)})` : ''}, ${formatCents(int(object.amount) ?? p.amount_cents)}`,
    { disputed_at: p.disputed_at ?? now, dispute_status: status, dispute_evidence_due_by: dueBy, updated_at: now },
  );
};

interface PayoutRow {
  id: string;
  instructor_id: string;
  booking_id: string | null;
  status: string;
  amount_cents: number;
}

/** Our payout behind a Stripe payout: `metadata.payout_id` when we set it, else the transfer id we stored. */
async function payoutFor(db: DbOrTx, object: Record<string, unknown>, lock: boolean): Promise<PayoutRow> {
  const ours = str(obj(object.metadata)?.payout_id);
  const stripeId = str(object.id);
  let q = db.selectFrom('payouts').select(['id', 'instructor_id', 'booking_id', 'status', 'amount_cents']);
  if (ours && isUuid(ours)) q = q.where('id', '=', ours);
  else if (stripeId) q = q.where('stripe_transfer_id', '=', stripeId);
  else throw new WebhookHandlerError('payout event has neither metadata.payout_id nor an id');
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new WebhookHandlerError(`payout not found for ${ours ?? stripeId ?? '?'}`);
  return row;
}

const payoutLinks = (p: PayoutRow): WebhookLinks => ({ ...NO_LINKS, bookingId: p.booking_id, userId: p.instructor_id });

/** payout.paid: the instructor's money arrived. */
const payoutPaid: WebhookHandler = async ({ db, object, now, lock }) => {
  const p = await payoutFor(db, object, lock);
  if (p.status === 'paid') return unchanged(payoutLinks(p));
  const transfer = str(object.id);
  return {
    links: payoutLinks(p),
    changes: [`Payout of ${formatCents(p.amount_cents)} ${p.status} → paid`],
    apply: async (tx) => {
      await tx
        .updateTable('payouts')
        .set({
          status: 'paid',
          paid_at: now,
          failed_at: null,
          failure_reason: null,
          ...(transfer ? { stripe_transfer_id: transfer } : {}),
          updated_at: now,
        })
        .where('id', '=', p.id)
        .execute();
    },
  };
};

/** payout.failed: the bank refused it; the payout waits for a person. */
const payoutFailed: WebhookHandler = async ({ db, object, now, lock }) => {
  const p = await payoutFor(db, object, lock);
  if (p.status === 'failed') return unchanged(payoutLinks(p));
  const reason = str(object.failure_message) ?? str(object.failure_code) ?? 'payout failed';
  return {
    links: payoutLinks(p),
    changes: [`Payout of ${formatCents(p.amount_cents)} ${p.status} → failed (${reason})`],
    apply: async (tx) => {
      await tx
        .updateTable('payouts')
        .set({ status: 'failed', failed_at: now, failure_reason: reason, updated_at: now })
        .where('id', '=', p.id)
        .execute();
    },
  };
};

/** One handler per Stripe event type the marketplace relies on; any other type is skipped. */
export const STRIPE_HANDLERS: Record<string, WebhookHandler> = {
  'payment_intent.succeeded': intentSucceeded,
  'payment_intent.amount_capturable_updated': intentCapturable,
  'payment_intent.payment_failed': intentFailed,
  'charge.refunded': chargeRefunded,
  'refund.created': refundChanged,
  'refund.updated': refundChanged,
  'refund.failed': refundChanged,
  'charge.refund.updated': refundChanged,
  'charge.dispute.created': disputeChanged,
  'charge.dispute.updated': disputeChanged,
  'charge.dispute.closed': disputeChanged,
  'payout.paid': payoutPaid,
  'payout.failed': payoutFailed,
};

/**
 * Reads from Stripe what an event's handler needs, before any transaction (a charge's refunds for charge.refunded),
 * so rows are never locked while waiting on the network. Null when the event needs nothing or Stripe is not
 * configured; a Stripe failure comes back as `{ error }` (transient: the handler fails retryably).
 */
export async function prefetchStripe(
  type: string,
  object: Record<string, unknown>,
  stripe: StripeGateway | null,
): Promise<Prefetched | null> {
  if (type !== 'charge.refunded' || !stripe) return null;
  const intent = idOf(object.payment_intent);
  if (!intent) return null;
  try {
    return { refunds: await stripe.listRefunds({ paymentIntent: intent }) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
