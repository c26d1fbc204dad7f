import { sql, type Kysely } from 'kysely';

/**
 * Communications: the send outbox and its queue. A campaign created by an action is unique per confirmation
 * (idempotency_key); each recipient × channel gets one notifications row (unique dedupe_key) before anything is
 * sent; `attempted_at` marks a message handed to the transport, so a crash between the hand-over and the 'sent'
 * mark is never resent. background_jobs gets a lease (`locked_until`) so a killed worker's job is reclaimed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table campaigns add column idempotency_key text;
    alter table campaigns add column materialized_at timestamptz;
    alter table campaigns add column last_error text;
    create unique index campaigns_idempotency_idx on campaigns (idempotency_key) where idempotency_key is not null;
    create index campaigns_status_idx on campaigns (status, created_at);

    alter table notifications add column attempted_at timestamptz;
    alter table notifications add column to_address text;
    alter table notifications add column provider_message_id text;
    alter table notifications add column raw_message text;
    create index notifications_campaign_queued_idx on notifications (campaign_id, id) where status = 'queued';

    alter table background_jobs add column locked_until timestamptz;
    create index background_jobs_queue_claim_idx on background_jobs (queue, status, scheduled_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists background_jobs_queue_claim_idx;
    alter table background_jobs drop column if exists locked_until;
    drop index if exists notifications_campaign_queued_idx;
    alter table notifications drop column if exists raw_message;
    alter table notifications drop column if exists provider_message_id;
    alter table notifications drop column if exists to_address;
    alter table notifications drop column if exists attempted_at;
    drop index if exists campaigns_status_idx;
    drop index if exists campaigns_idempotency_idx;
    alter table campaigns drop column if exists last_error;
    alter table campaigns drop column if exists materialized_at;
    alter table campaigns drop column if exists idempotency_key;
  `.execute(db);
}
