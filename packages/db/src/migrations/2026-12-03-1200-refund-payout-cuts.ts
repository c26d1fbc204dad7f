import { sql, type Kysely } from 'kysely';

/**
 * What each refund did to the instructor's payouts, so that a refund Stripe refuses can be undone: the payout's
 * status and amount before the cut and after it, and when the cut was undone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table refund_payout_cuts (
      refund_id uuid not null references refunds (id),
      payout_id uuid not null references payouts (id),
      from_status text not null check (from_status in ('pending', 'held')),
      from_cents integer not null check (from_cents > 0),
      to_cents integer not null check (to_cents >= 0 and to_cents < from_cents),
      undone_at timestamptz,
      primary key (refund_id, payout_id)
    );
    create index refund_payout_cuts_payout_idx on refund_payout_cuts (payout_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists refund_payout_cuts`.execute(db);
}
