import { sql, type Kysely } from 'kysely';

/**
 * Support's name search: the last digits of a phone (a suffix is a prefix of the reversed number) and typo-tolerant
 * full names (pg_trgm). pg_trgm ships with PostgreSQL's contrib and with PGlite when loaded; where it is missing
 * the trigram index is skipped and the search falls back to prefixes. Ctrl-K opens a record from a pasted Stripe
 * charge or customer id, or the start of a campaign's name.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index if not exists payments_stripe_charge_idx on payments (stripe_charge_id) where stripe_charge_id is not null;
    create index if not exists users_stripe_customer_idx on users (stripe_customer_id) where stripe_customer_id is not null;
    create index if not exists campaigns_name_lower_idx on campaigns (lower(name) text_pattern_ops);
  `.execute(db);
  await sql`create index if not exists users_phone_reversed_idx on users (reverse(phone_normalized) text_pattern_ops)`.execute(
    db,
  );
  const available = await sql<{ ok: boolean }>`
    select exists (select 1 from pg_available_extensions where name = 'pg_trgm') as ok
  `.execute(db);
  if (!available.rows[0]?.ok) return;
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`
    create index if not exists users_full_name_trgm_idx on users
      using gin (lower(first_name || ' ' || last_name) gin_trgm_ops)
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists users_full_name_trgm_idx`.execute(db);
  await sql`drop index if exists users_phone_reversed_idx`.execute(db);
  await sql`
    drop index if exists campaigns_name_lower_idx;
    drop index if exists users_stripe_customer_idx;
    drop index if exists payments_stripe_charge_idx;
  `.execute(db);
}
