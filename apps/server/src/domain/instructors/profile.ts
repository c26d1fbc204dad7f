import { sql, type Transaction } from 'kysely';
import type { Database } from '@ops/db';
import type { CommissionTierName } from '@ops/shared';

/** Holds or releases an instructor's future payouts, keeping the reason while held. */
export async function setPayoutHold(
  tx: Transaction<Database>,
  userId: string,
  hold: boolean,
  reason: string | null,
  now: Date,
): Promise<void> {
  await tx
    .updateTable('instructor_profiles')
    .set({ payout_hold: hold, payout_hold_reason: reason, updated_at: now })
    .where('user_id', '=', userId)
    .execute();
}

/** Moves payouts to `held` (with the reason) or back to `pending`. */
export async function setPayoutsStatus(
  tx: Transaction<Database>,
  payoutIds: string[],
  status: 'held' | 'pending',
  holdReason: string | null,
  now: Date,
): Promise<void> {
  if (payoutIds.length === 0) return;
  await tx
    .updateTable('payouts')
    .set({ status, hold_reason: holdReason, updated_at: now })
    .where('id', 'in', payoutIds)
    .execute();
}

export async function setVerificationOverride(
  tx: Transaction<Database>,
  userId: string,
  enabled: boolean,
  reason: string | null,
  now: Date,
): Promise<void> {
  await tx
    .updateTable('instructor_profiles')
    .set({ verification_override: enabled, verification_override_reason: reason, updated_at: now })
    .where('user_id', '=', userId)
    .execute();
}

export async function setCommissionTier(
  tx: Transaction<Database>,
  userId: string,
  tier: CommissionTierName,
  now: Date,
): Promise<void> {
  await tx
    .updateTable('instructor_profiles')
    .set({ commission_tier: tier, founding: tier === 'founding', updated_at: now })
    .where('user_id', '=', userId)
    .execute();
}

export interface RepricedBooking {
  id: string;
  platformFeeCents: number;
  instructorPayoutCents: number;
}

/** Writes each booking's new split (computed by splitPrice) in one statement. */
export async function repriceBookings(tx: Transaction<Database>, prices: RepricedBooking[], now: Date): Promise<void> {
  if (prices.length === 0) return;
  const rows = sql.join(prices.map((p) => sql`(${p.id}::uuid, ${p.platformFeeCents}::int, ${p.instructorPayoutCents}::int)`));
  await tx
    .updateTable('bookings')
    .from(sql<{ id: string; fee: number; payout: number }>`(values ${rows})`.as<'v'>(sql`v(id, fee, payout)`))
    .set((eb) => ({
      platform_fee_cents: eb.ref('v.fee'),
      instructor_payout_cents: eb.ref('v.payout'),
      updated_at: now,
    }))
    .whereRef('bookings.id', '=', 'v.id')
    .execute();
}
