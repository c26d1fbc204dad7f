import type { DbOrTx } from '@ops/db';

/** Suspends a user (student or instructor): no sign-in, no new bookings; the reason is kept on the account. */
export async function suspendAccount(tx: DbOrTx, userId: string, reason: string, now: Date): Promise<void> {
  await tx
    .updateTable('users')
    .set({ status: 'suspended', suspended_at: now, suspension_reason: reason, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

/** Lifts a suspension: the account is active again and the suspension reason is cleared. */
export async function reactivateAccount(tx: DbOrTx, userId: string, now: Date): Promise<void> {
  await tx
    .updateTable('users')
    .set({ status: 'active', suspended_at: null, suspension_reason: null, updated_at: now })
    .where('id', '=', userId)
    .execute();
}
