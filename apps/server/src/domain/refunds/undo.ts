import { sql, type Transaction } from 'kysely';
import { formatCents } from '@ops/shared';
import type { Database, DbOrTx } from '@ops/db';
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
      .select([
        'c.refund_id',
        'c.payout_id',
        'c.from_status',
        'c.from_cents',
        'c.to_cents',
        'p.status',
        'p.amount_cents',
        'p.instructor_id',
        'p.booking_id',
      ])
      .where('c.refund_id', 'in', refundIds)
      .where('c.undone_at', 'is', null)
      .execute(),
    creditReturnedBy(db, refundIds),
  ]);

  const changes: string[] = [];
  const restore = cuts.map((cut) => {
    const taken = cut.from_cents - cut.to_cents;
    // A cut payout still waiting gets back what the cut took; one paid (or failed) meanwhile is owed it as a new payout.
    const how =
      cut.to_cents === 0 && cut.status === 'cancelled'
        ? ('reinstate' as const)
        : cut.to_cents > 0 && (cut.status === 'pending' || cut.status === 'held')
          ? ('raise' as const)
          : ('reschedule' as const);
    changes.push(
      how === 'reinstate'
        ? `Instructor payout of ${formatCents(cut.from_cents)} back to ${cut.from_status} (the refund that cancelled it failed)`
        : how === 'raise'
          ? `Instructor payout back from ${formatCents(cut.amount_cents)} to ${formatCents(cut.amount_cents + taken)} (the refund that lowered it failed)`
          : `New instructor payout of ${formatCents(taken)}: the payout the refund lowered was ${cut.status} meanwhile`,
    );
    return { cut, taken, how };
  });
  for (const c of credits)
    changes.push(`Take back ${formatCents(c.returned)} of credit returned from booking ${c.short_id} (the refund failed)`);

  return {
    changes,
    apply: async (tx, now) => {
      const undone = await tx
        .updateTable('refund_payout_cuts')
        .set({ undone_at: now })
        .where('refund_id', 'in', refundIds)
        .where('undone_at', 'is', null)
        .returning(['refund_id', 'payout_id'])
        .execute();
      const mine = new Set(undone.map((u) => `${u.refund_id}/${u.payout_id}`));
      const owed: EarnedPayout[] = [];
      for (const { cut, taken, how } of restore) {
        if (!mine.has(`${cut.refund_id}/${cut.payout_id}`)) continue;
        if (how === 'reinstate')
          await tx
            .updateTable('payouts')
            .set({ status: cut.from_status, updated_at: now })
            .where('id', '=', cut.payout_id)
            .where('status', '=', 'cancelled')
            .execute();
        else if (how === 'raise')
          await tx
            .updateTable('payouts')
            .set({ amount_cents: sql<number>`amount_cents + ${taken}`, updated_at: now })
            .where('id', '=', cut.payout_id)
            .where('status', 'in', ['pending', 'held'])
            .execute();
        else if (cut.booking_id) owed.push({ instructorId: cut.instructor_id, bookingId: cut.booking_id, amountCents: taken });
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
