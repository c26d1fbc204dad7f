import { sql, type Transaction } from 'kysely';
import { formatCents } from '@ops/shared';
import type { Database, DbOrTx, PayoutStatus } from '@ops/db';
import { schedulePayouts, type EarnedPayout } from '../instructors/schedule-payouts.js';

/**
 * What a refund did beside moving money at Stripe — the instructor's payouts it cut and the spent credit it put back
 * on the student's balance — is undone when Stripe refuses the refund for good, in the transaction that marks it
 * failed. "Nothing was refunded; the amount is refundable again" is then true of the whole refund, and a second
 * refund of the booking cuts and returns them again, once.
 */
export interface RefundUndoPlan {
  changes: string[];
  apply: (tx: Transaction<Database>, now: Date) => Promise<void>;
}

/** Reads what undoing these refunds' side effects would change; nothing changes until `apply`. */
export async function planRefundUndo(db: DbOrTx, refundIds: readonly string[]): Promise<RefundUndoPlan> {
  if (refundIds.length === 0) return { changes: [], apply: async () => {} };
  const [cuts, credits] = await Promise.all([
    db
      .selectFrom('refund_payout_cuts as c')
      .innerJoin('payouts as p', 'p.id', 'c.payout_id')
      .select(['c.from_status', 'c.from_cents', 'c.to_cents', 'p.status', 'p.amount_cents'])
      .where('c.refund_id', 'in', refundIds)
      .where('c.undone_at', 'is', null)
      .execute(),
    creditReturnedBy(db, refundIds),
  ]);

  const changes: string[] = cuts.map((cut) => {
    const taken = cut.from_cents - cut.to_cents;
    const how = restoreOf(cut.to_cents, cut.status);
    return how === 'reinstate'
      ? `Instructor payout of ${formatCents(cut.from_cents)} back to ${cut.from_status} (the refund that cancelled it failed)`
      : how === 'raise'
        ? `Instructor payout back from ${formatCents(cut.amount_cents)} to ${formatCents(cut.amount_cents + taken)} (the refund that lowered it failed)`
        : `New instructor payout of ${formatCents(taken)}: the payout the refund lowered was ${cut.status} meanwhile`;
  });
  for (const c of credits)
    changes.push(`Take back ${formatCents(c.returned)} of credit returned from booking ${c.short_id} (the refund failed)`);

  return {
    changes,
    apply: async (tx, now) => {
      // The cuts this apply undoes (a second delivery of the same failure finds none), then their payouts under lock:
      // what each has become since the plan read it decides how it is restored.
      const undone = await tx
        .updateTable('refund_payout_cuts')
        .set({ undone_at: now })
        .where('refund_id', 'in', refundIds)
        .where('undone_at', 'is', null)
        .returning(['payout_id', 'from_status', 'from_cents', 'to_cents'])
        .execute();
      const payouts =
        undone.length === 0
          ? []
          : await tx
              .selectFrom('payouts')
              .select(['id', 'status', 'instructor_id', 'booking_id'])
              .where(
                'id',
                'in',
                undone.map((u) => u.payout_id),
              )
              .forUpdate()
              .execute();
      const payoutById = new Map(payouts.map((p) => [p.id, p]));
      const owed: EarnedPayout[] = [];
      for (const cut of undone) {
        const payout = payoutById.get(cut.payout_id);
        if (!payout) continue;
        const how = restoreOf(cut.to_cents, payout.status);
        if (how === 'reinstate')
          await tx.updateTable('payouts').set({ status: cut.from_status, updated_at: now }).where('id', '=', payout.id).execute();
        else if (how === 'raise')
          await tx
            .updateTable('payouts')
            .set({ amount_cents: sql<number>`amount_cents + ${cut.from_cents - cut.to_cents}`, updated_at: now })
            .where('id', '=', payout.id)
            .execute();
        else if (payout.booking_id)
          owed.push({
            instructorId: payout.instructor_id,
            bookingId: payout.booking_id,
            amountCents: cut.from_cents - cut.to_cents,
          });
      }
      await schedulePayouts(tx, owed, now);
      // Under the refunds' row locks, so that two deliveries of the same failure take the credit back once.
      await tx.selectFrom('refunds').select('id').where('id', 'in', refundIds).forUpdate().execute();
      const stillReturned = await creditReturnedBy(tx, refundIds);
      if (stillReturned.length > 0)
        await tx
          .insertInto('credit_ledger')
          .values(
            stillReturned.map((c) => ({
              user_id: c.user_id,
              amount_cents: -c.returned,
              kind: 'booking_payment' as const,
              reason: `Taken back: the refund of booking ${c.short_id} failed`,
              booking_id: c.booking_id,
              refund_id: c.refund_id,
            })),
          )
          .execute();
    },
  };
}

/** The spent credit each refund put back and still stands: its `booking_payment` entries, summed, where positive. */
function creditReturnedBy(db: DbOrTx, refundIds: readonly string[]) {
  return db
    .selectFrom('credit_ledger as l')
    .innerJoin('bookings as b', 'b.id', 'l.booking_id')
    .select(['l.refund_id', 'l.user_id', 'l.booking_id', 'b.short_id', sql<number>`sum(l.amount_cents)::int`.as('returned')])
    .where('l.refund_id', 'in', refundIds)
    .where('l.kind', '=', 'booking_payment')
    .groupBy(['l.refund_id', 'l.user_id', 'l.booking_id', 'b.short_id'])
    .having(sql<number>`sum(l.amount_cents)`, '>', 0)
    .execute();
}

/**
 * How a cut payout comes back: one the refund cancelled and still cancelled is reinstated; one it lowered and still
 * waiting (pending or held) gets back what the cut took; one paid (or failed) meanwhile is owed that as a new payout.
 */
function restoreOf(toCents: number, status: PayoutStatus): 'reinstate' | 'raise' | 'reschedule' {
  if (toCents === 0 && status === 'cancelled') return 'reinstate';
  if (toCents > 0 && (status === 'pending' || status === 'held')) return 'raise';
  return 'reschedule';
}
