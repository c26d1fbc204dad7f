import { sql, type Kysely } from 'kysely';

/**
 * What was captured of a payment, as Stripe's charge says (`amount_captured`): after a partial release (capture $60 of
 * a $90 authorization) the charge is $60, so refunding $60 refunds it fully. Null: captured in full, or not captured.
 * Payments captured after a partial release are backfilled from their succeeded releases, and those the console called
 * partly refunded while Stripe called them refunded are corrected.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table payments add column if not exists amount_captured_cents integer check (amount_captured_cents >= 0);
    update payments p set amount_captured_cents = p.amount_cents - r.released
      from (
        select payment_id, sum(amount_cents)::int as released from refunds
        where kind = 'release' and status = 'succeeded' and payment_id is not null group by payment_id
      ) r
      where r.payment_id = p.id and p.status in ('captured', 'partially_refunded', 'refunded') and r.released < p.amount_cents;
    update payments set status = 'refunded'
      where status = 'partially_refunded' and amount_captured_cents is not null
        and amount_refunded_cents >= amount_captured_cents;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table payments drop column if exists amount_captured_cents`.execute(db);
}
