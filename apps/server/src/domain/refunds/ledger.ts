import { sql, type Transaction } from 'kysely';
import { formatCents } from '@ops/shared';
import type { Database, PaymentStatus, RefundStatus, DbOrTx } from '@ops/db';
import type { StripeRefundInfo } from '../../integrations/stripe/gateway.js';
import { planRefundUndo } from './undo.js';

/**
 * The refund ledger is the one source of a payment's refunded amount: `payments.amount_refunded_cents` is always
 * the sum of the payment's succeeded card refunds, recomputed here and nowhere else. Settling a refund, the
 * reconciliation and every Stripe webhook write Stripe's view of each refund into its row (matched by Stripe id or
 * by our `metadata.refund_id`; refunds made outside the console get a row of their own) and then recompute, so any
 * order of those, any number of times, ends in the same rows.
 */

const REFUND_TAKEN: ReadonlySet<PaymentStatus> = new Set(['captured', 'partially_refunded', 'refunded']);

/** Our row status for Stripe's refund status: `pending` and `requires_action` wait, `canceled` did not happen. */
export function rowStatusOf(stripeStatus: string | null): RefundStatus {
  if (stripeStatus === 'succeeded') return 'succeeded';
  if (stripeStatus === 'failed' || stripeStatus === 'canceled') return 'failed';
  return 'pending';
}

/** Stripe's `failure_reason` values for refunds, said as a person would say them to a student. */
const FAILURE_WORDS: Record<string, string> = {
  expired_or_canceled_card: 'the card it was going back to has expired or was canceled',
  lost_or_stolen_card: 'the card it was going back to was reported lost or stolen',
  declined: "the student's bank declined it",
  insufficient_funds: 'the account it was going back to could not take it',
  merchant_request: 'it was canceled at our request',
  charge_for_pending_refund_disputed: 'the student disputed the charge while the refund was pending',
  unknown: 'the bank gave no reason',
};

/** Why a refund failed, in words, with Stripe's code kept for whoever looks it up. */
export function failureWords(failureReason: string | null): string {
  if (!failureReason) return 'the bank gave no reason';
  return `${FAILURE_WORDS[failureReason] ?? 'the bank refused it'} (${failureReason})`;
}

export function failureText(r: Pick<StripeRefundInfo, 'status' | 'failureReason'>): string | null {
  if (r.status !== 'failed' && r.status !== 'canceled') return null;
  return r.status === 'failed'
    ? `Stripe could not return the money: ${failureWords(r.failureReason)}. Nothing was refunded; the amount is refundable again.`
    : `Stripe canceled the refund${r.failureReason ? `: ${failureWords(r.failureReason)}` : ''}. Nothing was refunded; the amount is refundable again.`;
}

/** Recomputes the payment's refunded total and status from its refund rows. Returns what changed, for the ledger. */
export async function syncPaymentRefunded(tx: Transaction<Database>, paymentId: string, now: Date): Promise<string[]> {
  const payment = await tx
    .selectFrom('payments')
    .select(['id', 'status', 'amount_cents', 'amount_captured_cents', 'amount_refunded_cents'])
    .where('id', '=', paymentId)
    .forUpdate()
    .executeTakeFirst();
  if (!payment) return [];
  const { total } = await tx
    .selectFrom('refunds')
    .select(sql<number>`coalesce(sum(amount_cents), 0)::int`.as('total'))
    .where('payment_id', '=', paymentId)
    .where('kind', '=', 'refund')
    .where('method', '=', 'card')
    .where('status', '=', 'succeeded')
    .executeTakeFirstOrThrow();
  // Refunds come out of what was captured (Stripe's charge), which a partial release makes less than the payment.
  const captured = payment.amount_captured_cents ?? payment.amount_cents;
  const refunded = Math.min(Number(total), captured);
  let status = payment.status;
  if (REFUND_TAKEN.has(payment.status))
    status = refunded <= 0 ? 'captured' : refunded >= captured ? 'refunded' : 'partially_refunded';
  if (refunded === payment.amount_refunded_cents && status === payment.status) return [];
  await tx
    .updateTable('payments')
    .set({ amount_refunded_cents: refunded, status, updated_at: now })
    .where('id', '=', paymentId)
    .execute();
  return [
    `Payment refunded total ${formatCents(payment.amount_refunded_cents)} → ${formatCents(refunded)}${status !== payment.status ? `; status ${payment.status} → ${status}` : ''}`,
  ];
}

export interface LedgerPayment {
  id: string;
  booking_id: string;
  student_id: string;
}

interface RowView {
  id: string;
  status: RefundStatus;
  stripe_refund_id: string | null;
  stripe_status: string | null;
  amount_cents: number;
  error: string | null;
}

/**
 * What writing Stripe's refunds into the ledger would change, and the writes; nothing changes until `apply`, which
 * stamps what settles with `now`, the time of the request or delivery it serves.
 */
export interface StripeRefundsPlan {
  changes: string[];
  apply: (tx: Transaction<Database>, now: Date) => Promise<string[]>;
}

/**
 * Plans writing Stripe's view of some refunds of one payment into our rows. A refund is matched by its Stripe id,
 * else by `metadata.refund_id` (the row that asked for it, before it learned the Stripe id); an unknown one is a
 * refund made outside the console and gets its own row. Only differences are written, so it is idempotent.
 */
export async function planStripeRefunds(
  db: DbOrTx,
  payment: LedgerPayment,
  refunds: StripeRefundInfo[],
): Promise<StripeRefundsPlan> {
  const stripeIds = refunds.map((r) => r.id);
  const ourIds = refunds
    .map((r) => r.metadata.refund_id)
    .filter((id): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id));
  const rows: RowView[] =
    stripeIds.length === 0
      ? []
      : await db
          .selectFrom('refunds')
          .select(['id', 'status', 'stripe_refund_id', 'stripe_status', 'amount_cents', 'error'])
          .where('payment_id', '=', payment.id)
          .where((eb) => eb.or([eb('stripe_refund_id', 'in', stripeIds), ...(ourIds.length > 0 ? [eb('id', 'in', ourIds)] : [])]))
          .execute();
  const byStripe = new Map(rows.filter((r) => r.stripe_refund_id).map((r) => [r.stripe_refund_id, r]));
  const byOurs = new Map(rows.map((r) => [r.id, r]));
  const updates: Array<{ row: RowView; refund: StripeRefundInfo }> = [];
  const inserts: StripeRefundInfo[] = [];
  const changes: string[] = [];
  for (const refund of refunds) {
    const ours = refund.metadata.refund_id;
    const row = byStripe.get(refund.id) ?? (ours ? byOurs.get(ours) : undefined);
    const status = rowStatusOf(refund.status);
    if (!row) {
      if (refund.amountCents > 0) {
        inserts.push(refund);
        changes.push(
          `Refund ${refund.id} of ${formatCents(refund.amountCents)} made outside the console recorded (${refund.status ?? 'unknown'})`,
        );
      }
      continue;
    }
    if (row.status === status && row.stripe_refund_id === refund.id && row.stripe_status === refund.status) continue;
    updates.push({ row, refund });
    changes.push(
      row.status === status
        ? `Refund of ${formatCents(row.amount_cents)} linked to Stripe ${refund.id} (${refund.status ?? 'unknown'})`
        : `Refund of ${formatCents(row.amount_cents)} ${row.status} → ${status} (Stripe: ${refund.status ?? 'unknown'})`,
    );
  }
  // A refund that turns failed here gives back what it cut from payouts and returned of spent credit (undo.ts).
  const undo = await planRefundUndo(
    db,
    updates
      .filter(({ row, refund }) => row.status !== 'failed' && rowStatusOf(refund.status) === 'failed')
      .map(({ row }) => row.id),
  );
  changes.push(...undo.changes);
  return {
    changes,
    apply: async (tx, now) => {
      for (const { row, refund } of updates) {
        const status = rowStatusOf(refund.status);
        await tx
          .updateTable('refunds')
          .set({
            status,
            stripe_refund_id: refund.id,
            stripe_status: refund.status,
            error: failureText(refund) ?? (status === 'succeeded' ? null : row.error),
            settled_at: status === 'pending' ? null : now,
          })
          .where('id', '=', row.id)
          .execute();
      }
      if (inserts.length > 0) {
        await tx
          .insertInto('refunds')
          .values(
            inserts.map((refund) => ({
              booking_id: payment.booking_id,
              payment_id: payment.id,
              student_id: payment.student_id,
              amount_cents: refund.amountCents,
              method: 'card' as const,
              kind: 'refund' as const,
              origin: 'stripe' as const,
              policy_rule: 'stripe',
              reason: 'Refunded in Stripe, outside the console',
              status: rowStatusOf(refund.status),
              stripe_refund_id: refund.id,
              stripe_status: refund.status,
              error: failureText(refund),
              settled_at: rowStatusOf(refund.status) === 'pending' ? null : now,
            })),
          )
          .onConflict((oc) => oc.column('stripe_refund_id').where('stripe_refund_id', 'is not', null).doNothing())
          .execute();
      }
      await undo.apply(tx, now);
      return syncPaymentRefunded(tx, payment.id, now);
    },
  };
}
