import { formatCents } from '@ops/shared';
import type { PaymentStatus } from '@ops/db';
import { NO_LINKS, WebhookHandlerError, type DbOrTx, type HandlerPlan, type WebhookHandler, type WebhookLinks } from './types.js';

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
  failure_code: string | null;
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
      'p.failure_code',
    ])
    .where('p.stripe_payment_intent_id', '=', intentId);
  if (lock) q = q.forUpdate('p');
  const row = await q.executeTakeFirst();
  if (!row) throw new WebhookHandlerError(`payment not found for ${intentId}`);
  return row;
}

const linksOf = (p: PaymentRow): WebhookLinks => ({ bookingId: p.booking_id, userId: p.student_id, paymentId: p.id });
const unchanged = (links: WebhookLinks): HandlerPlan => ({ links, changes: [], apply: null });

/** payment_intent.succeeded: the money was captured. */
const intentSucceeded: WebhookHandler = async ({ db, object, now, lock }) => {
  const p = await paymentByIntent(db, str(object.id), lock);
  if (p.status !== 'pending' && p.status !== 'authorized') return unchanged(linksOf(p));
  const charge = idOf(object.latest_charge) ?? p.stripe_charge_id;
  return {
    links: linksOf(p),
    changes: [`Payment ${p.status} → captured (${formatCents(int(object.amount_received) ?? p.amount_cents)})`],
    apply: async (tx) => {
      await tx
        .updateTable('payments')
        .set({ status: 'captured', captured_at: now, stripe_charge_id: charge, updated_at: now })
        .where('id', '=', p.id)
        .execute();
    },
  };
};

/** payment_intent.amount_capturable_updated: the card was authorised; capture comes later. */
const intentCapturable: WebhookHandler = async ({ db, object, now, lock }) => {
  const p = await paymentByIntent(db, str(object.id), lock);
  if (p.status !== 'pending') return unchanged(linksOf(p));
  return {
    links: linksOf(p),
    changes: [`Payment pending → authorized (${formatCents(int(object.amount_capturable) ?? p.amount_cents)} capturable)`],
    apply: async (tx) => {
      await tx
        .updateTable('payments')
        .set({ status: 'authorized', authorized_at: now, updated_at: now })
        .where('id', '=', p.id)
        .execute();
    },
  };
};

/** payment_intent.payment_failed: authorisation or capture was declined. */
const intentFailed: WebhookHandler = async ({ db, object, now, lock }) => {
  const p = await paymentByIntent(db, str(object.id), lock);
  const lastError = obj(object.last_payment_error);
  const code = str(lastError?.code) ?? str(lastError?.decline_code) ?? 'payment_failed';
  const message = str(lastError?.message) ?? 'The payment failed.';
  if (p.status !== 'pending' && p.status !== 'authorized') return unchanged(linksOf(p));
  return {
    links: linksOf(p),
    changes: [`Payment ${p.status} → failed (${code})`],
    apply: async (tx) => {
      await tx
        .updateTable('payments')
        .set({ status: 'failed', failed_at: now, failure_code: code, failure_message: message, updated_at: now })
        .where('id', '=', p.id)
        .execute();
    },
  };
};

/** charge.refunded: Stripe's amount_refunded is the total so far; pending refund rows it names settle. */
const chargeRefunded: WebhookHandler = async ({ db, object, now, lock }) => {
  const p = await paymentByIntent(db, idOf(object.payment_intent), lock);
  const refunded = int(object.amount_refunded);
  if (refunded === null) throw new WebhookHandlerError('charge has no amount_refunded');
  const refundIds = (Array.isArray(obj(object.refunds)?.data) ? (obj(object.refunds)?.data as unknown[]) : [])
    .map((r) => str(obj(r)?.id))
    .filter((id): id is string => id !== null);
  const pending =
    refundIds.length === 0
      ? []
      : await db
          .selectFrom('refunds')
          .select(['id', 'amount_cents'])
          .where('stripe_refund_id', 'in', refundIds)
          .where('status', '=', 'pending')
          .execute();
  const changes: string[] = [];
  const total = Math.min(refunded, p.amount_cents);
  const nextStatus: PaymentStatus = total >= p.amount_cents ? 'refunded' : 'partially_refunded';
  const paymentMoves = total > p.amount_refunded_cents;
  if (paymentMoves) {
    changes.push(
      `Payment refunded total ${formatCents(p.amount_refunded_cents)} → ${formatCents(total)}; status ${p.status} → ${nextStatus}`,
    );
  }
  for (const r of pending) changes.push(`Refund of ${formatCents(r.amount_cents)} pending → succeeded`);
  if (changes.length === 0) return unchanged(linksOf(p));
  return {
    links: linksOf(p),
    changes,
    apply: async (tx) => {
      if (paymentMoves) {
        await tx
          .updateTable('payments')
          .set({
            amount_refunded_cents: total,
            status: nextStatus,
            stripe_charge_id: p.stripe_charge_id ?? str(object.id),
            updated_at: now,
          })
          .where('id', '=', p.id)
          .execute();
      }
      if (pending.length > 0) {
        await tx
          .updateTable('refunds')
          .set({ status: 'succeeded', settled_at: now, error: null })
          .where(
            'id',
            'in',
            pending.map((r) => r.id),
          )
          .where('status', '=', 'pending')
          .execute();
      }
    },
  };
};

/** charge.dispute.created: the student disputed the charge with their bank. */
const disputeCreated: WebhookHandler = async ({ db, object, now, lock }) => {
  const p = await paymentByIntent(db, idOf(object.payment_intent), lock);
  const status = str(object.status) ?? 'needs_response';
  if (p.disputed_at !== null && p.dispute_status === status) return unchanged(linksOf(p));
  return {
    links: linksOf(p),
    changes: [
      `Payment marked disputed (${status}${str(object.reason) ? `, ${str(object.reason)}` : ''}, ${formatCents(int(object.amount) ?? p.amount_cents)})`,
    ],
    apply: async (tx) => {
      await tx
        .updateTable('payments')
        .set({ disputed_at: p.disputed_at ?? now, dispute_status: status, updated_at: now })
        .where('id', '=', p.id)
        .execute();
    },
  };
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
  const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  let q = db.selectFrom('payouts').select(['id', 'instructor_id', 'booking_id', 'status', 'amount_cents']);
  if (ours && uuidRe.test(ours)) q = q.where('id', '=', ours);
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
  'charge.dispute.created': disputeCreated,
  'payout.paid': payoutPaid,
  'payout.failed': payoutFailed,
};
