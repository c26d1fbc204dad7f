import { sql } from 'kysely';
import type { DbOrTx } from '@ops/db';

export async function creditBalanceCents(db: DbOrTx, userId: string): Promise<number> {
  const row = await db
    .selectFrom('credit_ledger')
    .select(sql<number>`coalesce(sum(amount_cents), 0)::int`.as('balance'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.balance;
}

export interface CreditLedgerEntry {
  id: string;
  amountCents: number;
  kind: string;
  reason: string;
  bookingId: string | null;
  createdAt: string;
}

export async function listCreditLedger(db: DbOrTx, userId: string, limit = 100): Promise<CreditLedgerEntry[]> {
  const rows = await db
    .selectFrom('credit_ledger')
    .select(['id', 'amount_cents', 'kind', 'reason', 'booking_id', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    amountCents: r.amount_cents,
    kind: r.kind,
    reason: r.reason,
    bookingId: r.booking_id,
    createdAt: r.created_at,
  }));
}
