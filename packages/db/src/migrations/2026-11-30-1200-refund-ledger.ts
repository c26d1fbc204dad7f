import { sql, type Kysely } from 'kysely';

/**
 * One refund ledger: a refund row says what kind of money movement it is (a refund moved money back; a release
 * cancelled an authorization, no money moved), who asked for it (the student, staff on their own, a cascade of a
 * staff action, or Stripe itself for refunds made outside the console), and Stripe's own status and attempts, so a
 * payment's refunded total is derived from its rows. Webhook ledger rows say whether a failure is worth retrying.
 * The Stripe stand-in keeps its idempotency memory in the database, as Stripe keeps it across our restarts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table refunds add column kind text not null default 'refund' check (kind in ('refund', 'release'));
    alter table refunds add column origin text not null default 'student_request'
      check (origin in ('student_request', 'staff', 'cascade', 'stripe'));
    alter table refunds add column stripe_status text;
    alter table refunds add column attempts integer not null default 0;
    alter table refunds add column last_attempt_at timestamptz;
    update refunds r set kind = 'release'
      from payments p
      where p.id = r.payment_id and r.method = 'card' and r.stripe_refund_id is null and p.status = 'cancelled';
    create index refunds_student_kind_idx on refunds (student_id, created_at) where kind = 'refund';
    alter table webhook_events add column retryable boolean;
    create index webhook_events_received_idx2 on webhook_events (received_at) where status = 'received';
    create table stripe_standin_idempotency (
      key text primary key,
      digest text not null,
      status integer,
      body jsonb,
      request_id text not null,
      saved_at timestamptz not null default now()
    );
    create table stripe_standin_refunds (
      id text primary key,
      payment_intent text not null,
      amount integer not null check (amount > 0),
      status text not null check (status in ('pending', 'requires_action', 'succeeded', 'failed', 'canceled')),
      reason text,
      failure_reason text,
      metadata jsonb not null default '{}',
      created integer not null
    );
    create index stripe_standin_refunds_intent_idx on stripe_standin_refunds (payment_intent);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists stripe_standin_refunds;
    drop table if exists stripe_standin_idempotency;
    drop index if exists webhook_events_received_idx2;
    alter table webhook_events drop column if exists retryable;
    drop index if exists refunds_student_kind_idx;
    alter table refunds drop column if exists last_attempt_at;
    alter table refunds drop column if exists attempts;
    alter table refunds drop column if exists stripe_status;
    alter table refunds drop column if exists origin;
    alter table refunds drop column if exists kind;
  `.execute(db);
}
