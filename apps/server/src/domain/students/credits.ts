import { sql } from 'kysely';
import type { SupportLedgerRow } from '@ops/shared';
import type { DbOrTx } from '@ops/db';

/** A person's credit balance: the sum of their ledger (summed as bigint, so no total overflows). */
export async function creditBalanceCents(db: DbOrTx, userId: string): Promise<number> {
  const row = await db
    .selectFrom('credit_ledger')
    .select(sql<number>`coalesce(sum(amount_cents), 0)::bigint`.as('balance'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.balance;
}

/** A ledger entry as the student page and the user 360 show it. */
export type CreditLedgerEntry = SupportLedgerRow;

/** The newest `limit` entries, selected under the names the pages show. */
export async function listCreditLedger(db: DbOrTx, userId: string, limit = 100): Promise<CreditLedgerEntry[]> {
  return db
    .selectFrom('credit_ledger')
    .select(['id', 'amount_cents as amountCents', 'kind', 'reason', 'booking_id as bookingId', 'created_at as createdAt'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** A staff adjustment to a student's credit (signed cents); returns the ledger entry's id. */
export async function addCreditAdjustment(
  db: DbOrTx,
  entry: { userId: string; amountCents: number; reason: string; staffId: string },
): Promise<string> {
  const row = await db
    .insertInto('credit_ledger')
    .values({
      user_id: entry.userId,
      amount_cents: entry.amountCents,
      kind: 'adjustment',
      reason: entry.reason,
      created_by_staff_id: entry.staffId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
