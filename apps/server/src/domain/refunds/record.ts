import type { Transaction } from 'kysely';
import type { Database, RefundOrigin } from '@ops/db';
import { schedulePayouts } from '../instructors/schedule-payouts.js';
import type { PayoutCut, RefundComputation } from './compute.js';

export interface RecordedRefunds {
  refundIds: string[];
  /** The refund recorded for each booking, by booking id. */
  refundIdByBooking: ReadonlyMap<string, string>;
  /** Refunds that wait for Stripe (card refunds, releases, captures before credit): settle them after commit. */
  pendingIds: string[];
}

/**
 * Writes the refunds of one action inside its transaction, in a fixed number of statements: one row each (card
 * refunds and captures `pending` with their idempotency key), and for credit on an already captured payment the
 * ledger entry and the instructor's share at once.
 */
export async function recordRefunds(
  tx: Transaction<Database>,
  refunds: RefundComputation[],
  opts: {
    staffId: string;
    reason: string;
    now: Date;
    keyFor: (r: RefundComputation) => string;
    /** Who asked: a student (through support), staff on their own, or a staff action's cascade. */
    origin: RefundOrigin;
  },
): Promise<RecordedRefunds> {
  if (refunds.length === 0) return { refundIds: [], refundIdByBooking: new Map(), pendingIds: [] };
  const immediate = (r: RefundComputation) => r.decision.method === 'credit' && !r.capturesFirst;
  const rows = await tx
    .insertInto('refunds')
    .values(
      refunds.map((r) => ({
        booking_id: r.bookingId,
        payment_id: r.paymentId,
        student_id: r.studentId,
        amount_cents: r.decision.studentCents,
        method: r.decision.method,
        kind: r.kind,
        origin: opts.origin,
        policy_rule: r.decision.rule,
        override_code: r.overrideCode,
        instructor_payout_cents: r.decision.instructorCents,
        reason: opts.reason,
        status: immediate(r) ? ('succeeded' as const) : ('pending' as const),
        idempotency_key: immediate(r) ? null : opts.keyFor(r),
        created_by_staff_id: opts.staffId,
        created_at: opts.now,
        settled_at: immediate(r) ? opts.now : null,
      })),
    )
    .returning(['id', 'booking_id', 'status'])
    .execute();
  const idByBooking = new Map(rows.map((row) => [row.booking_id, row.id]));
  await cutPayouts(
    tx,
    refunds.flatMap((r) => {
      const refundId = idByBooking.get(r.bookingId);
      return refundId ? r.payoutCuts.map((cut) => ({ ...cut, refundId })) : [];
    }),
    opts.now,
  );
  await returnSpentCredit(
    tx,
    refunds.map((r) => ({ refund: r, refundId: idByBooking.get(r.bookingId) ?? null })),
    opts.reason,
    opts.staffId,
  );
  const settledNow = refunds.filter(immediate);
  await grantCreditAndShare(
    tx,
    settledNow.map((r) => ({ refund: r, refundId: idByBooking.get(r.bookingId) ?? '' })),
    opts.reason,
    opts.staffId,
    opts.now,
  );
  return {
    refundIds: rows.map((r) => r.id),
    refundIdByBooking: idByBooking,
    pendingIds: rows.filter((r) => r.status === 'pending').map((r) => r.id),
  };
}

/**
 * Cancels or lowers the booking payouts the refunds cut (what the preview listed), and keeps a record of each cut so
 * that a refund Stripe refuses can be undone (undo.ts). The plan read the payouts under lock, so they are as it saw
 * them; the status guard keeps a payout paid meanwhile out of reach all the same.
 */
async function cutPayouts(tx: Transaction<Database>, cuts: Array<PayoutCut & { refundId: string }>, now: Date): Promise<void> {
  if (cuts.length === 0) return;
  const cancelled = cuts.filter((c) => c.toCents === 0).map((c) => c.payoutId);
  const done = new Set<string>();
  if (cancelled.length > 0) {
    const rows = await tx
      .updateTable('payouts')
      .set({ status: 'cancelled', updated_at: now })
      .where('id', 'in', cancelled)
      .where('status', 'in', ['pending', 'held'])
      .returning('id')
      .execute();
    for (const r of rows) done.add(r.id);
  }
  for (const c of cuts.filter((cut) => cut.toCents > 0)) {
    const row = await tx
      .updateTable('payouts')
      .set({ amount_cents: c.toCents, updated_at: now })
      .where('id', '=', c.payoutId)
      .where('status', 'in', ['pending', 'held'])
      .returning('id')
      .executeTakeFirst();
    if (row) done.add(row.id);
  }
  const made = cuts.filter((c) => done.has(c.payoutId));
  if (made.length > 0)
    await tx
      .insertInto('refund_payout_cuts')
      .values(
        made.map((c) => ({
          refund_id: c.refundId,
          payout_id: c.payoutId,
          from_status: c.status,
          from_cents: c.fromCents,
          to_cents: c.toCents,
        })),
      )
      .execute();
}

/**
 * Puts the credit the student spent on each booking back on their balance, as the preview said: the booking's credit
 * payment reversed (a positive `booking_payment` entry), which is how a later refund knows it was returned.
 */
export async function returnSpentCredit(
  tx: Transaction<Database>,
  items: Array<{
    refund: Pick<RefundComputation, 'studentId' | 'bookingId' | 'shortId' | 'creditBackCents'>;
    refundId: string | null;
  }>,
  reason: string,
  staffId: string,
): Promise<void> {
  const returned = items.filter((i) => i.refund.creditBackCents > 0);
  if (returned.length === 0) return;
  await tx
    .insertInto('credit_ledger')
    .values(
      returned.map((i) => ({
        user_id: i.refund.studentId,
        amount_cents: i.refund.creditBackCents,
        kind: 'booking_payment' as const,
        reason: `Returned from booking ${i.refund.shortId}: ${reason}`,
        booking_id: i.refund.bookingId,
        refund_id: i.refundId,
        created_by_staff_id: staffId,
      })),
    )
    .execute();
}

/** The credit to the student and the instructor's share (held when their payouts are on hold). */
export async function grantCreditAndShare(
  tx: Transaction<Database>,
  items: Array<{ refund: Pick<RefundComputation, 'bookingId' | 'studentId' | 'instructorId' | 'decision'>; refundId: string }>,
  reason: string,
  staffId: string | null,
  now: Date,
): Promise<void> {
  const credits = items.filter((i) => i.refund.decision.method === 'credit' && i.refund.decision.studentCents > 0);
  if (credits.length > 0) {
    await tx
      .insertInto('credit_ledger')
      .values(
        credits.map((i) => ({
          user_id: i.refund.studentId,
          amount_cents: i.refund.decision.studentCents,
          kind: 'refund' as const,
          reason,
          booking_id: i.refund.bookingId,
          refund_id: i.refundId,
          created_by_staff_id: staffId,
        })),
      )
      .execute();
  }
  const shares = items.filter((i) => i.refund.decision.instructorCents > 0);
  if (shares.length === 0) return;
  await schedulePayouts(
    tx,
    shares.map((i) => ({
      instructorId: i.refund.instructorId,
      bookingId: i.refund.bookingId,
      amountCents: i.refund.decision.instructorCents,
    })),
    now,
  );
}
