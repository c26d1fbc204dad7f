import type { DbOrTx } from '@ops/db';
import { plural } from '@ops/shared';

/** How long after it is earned an instructor's payout is paid (the marketplace's payout schedule). */
export const PAYOUT_DELAY_MS = 2 * 24 * 3_600_000;

/**
 * When a payout scheduled now is paid, in a preview's words: "paid in 2 days", or that it is held. Fixed words (no
 * date), since a preview's labels guard its execute.
 */
export function payoutTiming(held: boolean): string {
  return held ? 'held: their payouts are on hold' : `paid in ${plural(PAYOUT_DELAY_MS / 86_400_000, 'day')}`;
}

export interface EarnedPayout {
  instructorId: string;
  bookingId: string;
  amountCents: number;
}

/**
 * The payouts of what instructors earned at `earnedAt` (a completed lesson, their share of a split refund), in one
 * statement: paid PAYOUT_DELAY_MS later, or held while the instructor's payouts are on hold. Returns the new rows.
 */
export async function schedulePayouts(
  db: DbOrTx,
  earned: readonly EarnedPayout[],
  earnedAt: Date,
): Promise<Array<{ id: string; bookingId: string | null; held: boolean }>> {
  if (earned.length === 0) return [];
  const onHold = await db
    .selectFrom('instructor_profiles')
    .select('user_id')
    .where('user_id', 'in', [...new Set(earned.map((e) => e.instructorId))])
    .where('payout_hold', '=', true)
    .execute();
  const held = new Set(onHold.map((p) => p.user_id));
  const scheduledFor = new Date(earnedAt.getTime() + PAYOUT_DELAY_MS);
  const rows = await db
    .insertInto('payouts')
    .values(
      earned.map((e) => ({
        instructor_id: e.instructorId,
        booking_id: e.bookingId,
        amount_cents: e.amountCents,
        status: held.has(e.instructorId) ? ('held' as const) : ('pending' as const),
        hold_reason: held.has(e.instructorId) ? 'Instructor payouts are on hold' : null,
        scheduled_for: scheduledFor,
      })),
    )
    .returning(['id', 'booking_id', 'status'])
    .execute();
  return rows.map((r) => ({ id: r.id, bookingId: r.booking_id, held: r.status === 'held' }));
}
