import { sql, type Kysely } from 'kysely';

/** Ctrl-K finds an instructor from their Stripe connected account id (`acct_…`), pasted from their page or Stripe. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index if not exists instructor_profiles_stripe_account_idx
      on instructor_profiles (stripe_account_id) where stripe_account_id is not null
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists instructor_profiles_stripe_account_idx`.execute(db);
}
