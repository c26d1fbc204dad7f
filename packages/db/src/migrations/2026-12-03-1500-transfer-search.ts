import { sql, type Kysely } from 'kysely';

/**
 * A payout by its Stripe transfer id (`tr_…`): Ctrl-K opens the booking it paid for, and Stripe's transfer webhooks
 * find their payout, by one index probe each.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index if not exists payouts_stripe_transfer_idx
      on payouts (stripe_transfer_id) where stripe_transfer_id is not null
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists payouts_stripe_transfer_idx`.execute(db);
}
