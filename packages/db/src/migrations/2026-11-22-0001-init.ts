import { sql, type Kysely } from 'kysely';

/**
 * The marketplace's tables the console reads and changes, plus the console's own
 * (staff, sessions, confirmations, approvals). Money is integer cents; time is timestamptz.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      role text not null check (role in ('student', 'instructor')),
      status text not null default 'active' check (status in ('active', 'suspended', 'deactivated')),
      email text not null,
      phone text,
      phone_normalized text,
      first_name text not null,
      last_name text not null,
      verified_at timestamptz,
      stripe_customer_id text,
      marketing_opt_out boolean not null default false,
      suspended_at timestamptz,
      suspension_reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index users_email_lower_idx on users (lower(email) text_pattern_ops);
    create index users_phone_normalized_idx on users (phone_normalized);
    create index users_first_name_idx on users (lower(first_name) text_pattern_ops);
    create index users_last_name_idx on users (lower(last_name) text_pattern_ops);
    create index users_status_created_idx on users (status, created_at);
    create index users_role_created_idx on users (role, created_at);

    create table instructor_profiles (
      user_id uuid primary key references users (id),
      headline text not null default '',
      city text not null default '',
      background_check_status text not null default 'pending'
        check (background_check_status in ('not_started', 'pending', 'passed', 'failed')),
      verification_override boolean not null default false,
      verification_override_reason text,
      commission_tier text not null default 'standard' check (commission_tier in ('standard', 'preferred', 'founding')),
      founding boolean not null default false,
      payout_hold boolean not null default false,
      payout_hold_reason text,
      stripe_account_id text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table service_categories (
      id text primary key,
      name text not null
    );

    create table services (
      id text primary key,
      category_id text not null references service_categories (id),
      name text not null
    );
    create index services_category_idx on services (category_id);

    create table instructor_services (
      id uuid primary key default gen_random_uuid(),
      instructor_id uuid not null references users (id),
      service_id text not null references services (id),
      hourly_rate_cents integer not null check (hourly_rate_cents > 0),
      active boolean not null default true,
      created_at timestamptz not null default now()
    );
    create index instructor_services_instructor_idx on instructor_services (instructor_id);
    create index instructor_services_service_idx on instructor_services (service_id);

    create table bookings (
      id uuid primary key default gen_random_uuid(),
      short_id text not null,
      student_id uuid not null references users (id),
      instructor_id uuid not null references users (id),
      instructor_service_id uuid references instructor_services (id),
      service_id text not null references services (id),
      status text not null check (status in ('pending', 'confirmed', 'completed', 'cancelled', 'no_show')),
      lesson_start timestamptz not null,
      duration_minutes integer not null check (duration_minutes > 0),
      price_cents integer not null check (price_cents >= 0),
      platform_fee_cents integer not null check (platform_fee_cents >= 0),
      instructor_payout_cents integer not null check (instructor_payout_cents >= 0),
      credits_applied_cents integer not null default 0 check (credits_applied_cents >= 0),
      created_at timestamptz not null default now(),
      confirmed_at timestamptz,
      completed_at timestamptz,
      cancelled_at timestamptz,
      cancelled_by text check (cancelled_by in ('student', 'instructor', 'admin', 'system')),
      cancellation_reason text,
      updated_at timestamptz not null default now()
    );
    create unique index bookings_short_id_idx on bookings (short_id text_pattern_ops);
    create index bookings_student_idx on bookings (student_id, lesson_start);
    create index bookings_instructor_idx on bookings (instructor_id, lesson_start);
    create index bookings_status_created_idx on bookings (status, created_at);
    create index bookings_created_idx on bookings (created_at);
    create index bookings_lesson_start_idx on bookings (lesson_start);
    create index bookings_service_idx on bookings (service_id);

    create table payments (
      id uuid primary key default gen_random_uuid(),
      booking_id uuid not null references bookings (id),
      stripe_payment_intent_id text not null,
      stripe_charge_id text,
      amount_cents integer not null check (amount_cents >= 0),
      amount_refunded_cents integer not null default 0 check (amount_refunded_cents >= 0),
      currency text not null default 'usd',
      status text not null
        check (status in ('pending', 'authorized', 'captured', 'partially_refunded', 'refunded', 'failed', 'cancelled')),
      authorize_at timestamptz,
      capture_at timestamptz,
      authorized_at timestamptz,
      captured_at timestamptz,
      failed_at timestamptz,
      failure_code text,
      failure_message text,
      card_brand text,
      card_last4 text,
      disputed_at timestamptz,
      dispute_status text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index payments_intent_idx on payments (stripe_payment_intent_id);
    create index payments_booking_idx on payments (booking_id);
    create index payments_status_created_idx on payments (status, created_at);
    create index payments_status_capture_idx on payments (status, capture_at);
    create index payments_status_authorize_idx on payments (status, authorize_at);

    create table refunds (
      id uuid primary key default gen_random_uuid(),
      booking_id uuid not null references bookings (id),
      payment_id uuid references payments (id),
      student_id uuid not null references users (id),
      amount_cents integer not null check (amount_cents > 0),
      method text not null check (method in ('card', 'credit')),
      policy_rule text not null,
      override_code text check (override_code in ('DUPLICATE', 'INSTRUCTOR_NO_SHOW', 'PLATFORM_ERROR', 'FRAUD')),
      instructor_payout_cents integer not null default 0 check (instructor_payout_cents >= 0),
      reason text not null default '',
      status text not null check (status in ('pending', 'succeeded', 'failed')),
      stripe_refund_id text,
      idempotency_key text,
      error text,
      created_by_staff_id uuid,
      created_at timestamptz not null default now(),
      settled_at timestamptz
    );
    create unique index refunds_stripe_idx on refunds (stripe_refund_id) where stripe_refund_id is not null;
    create unique index refunds_idempotency_idx on refunds (idempotency_key) where idempotency_key is not null;
    create index refunds_booking_idx on refunds (booking_id);
    create index refunds_payment_idx on refunds (payment_id);
    create index refunds_student_idx on refunds (student_id, created_at);
    create index refunds_status_created_idx on refunds (status, created_at);
    create index refunds_created_idx on refunds (created_at);

    create table credit_ledger (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      amount_cents integer not null check (amount_cents <> 0),
      kind text not null check (kind in ('refund', 'adjustment', 'booking_payment', 'promo', 'expiry')),
      reason text not null default '',
      booking_id uuid references bookings (id),
      refund_id uuid references refunds (id),
      created_by_staff_id uuid,
      created_at timestamptz not null default now()
    );
    create index credit_ledger_user_idx on credit_ledger (user_id, created_at);
    create index credit_ledger_created_idx on credit_ledger (created_at);

    create table payouts (
      id uuid primary key default gen_random_uuid(),
      instructor_id uuid not null references users (id),
      booking_id uuid references bookings (id),
      amount_cents integer not null check (amount_cents >= 0),
      status text not null check (status in ('pending', 'held', 'paid', 'failed')),
      scheduled_for timestamptz not null,
      paid_at timestamptz,
      failed_at timestamptz,
      failure_reason text,
      hold_reason text,
      stripe_transfer_id text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index payouts_instructor_idx on payouts (instructor_id, status);
    create index payouts_status_scheduled_idx on payouts (status, scheduled_for);
    create index payouts_booking_idx on payouts (booking_id);

    create table booking_notes (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      booking_id uuid references bookings (id),
      kind text not null check (kind in ('support_interaction', 'dispute', 'fraud_flag', 'internal', 'escalation')),
      body text not null,
      author_staff_id uuid,
      created_at timestamptz not null default now()
    );
    create index booking_notes_user_idx on booking_notes (user_id, created_at);
    create index booking_notes_booking_idx on booking_notes (booking_id);

    create table message_templates (
      id uuid primary key default gen_random_uuid(),
      key text not null unique,
      name text not null,
      channel text not null check (channel in ('email', 'in_app', 'sms')),
      subject text not null default '',
      body text not null,
      updated_by_staff_id uuid,
      updated_at timestamptz not null default now()
    );

    create table campaigns (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('announcement', 'bulk_notification')),
      name text not null,
      template_key text,
      subject text not null default '',
      body text not null,
      audience jsonb not null,
      channels jsonb not null,
      status text not null
        check (status in ('draft', 'pending_approval', 'queued', 'sending', 'completed', 'failed', 'cancelled')),
      recipients_total integer not null default 0,
      sent_count integer not null default 0,
      failed_count integer not null default 0,
      excluded_count integer not null default 0,
      created_by_staff_id uuid,
      approved_by_staff_id uuid,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz
    );
    create index campaigns_created_idx on campaigns (created_at);

    create table notifications (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      booking_id uuid references bookings (id),
      campaign_id uuid references campaigns (id),
      channel text not null check (channel in ('email', 'in_app', 'sms')),
      template text not null,
      subject text not null default '',
      body_text text not null,
      body_html text,
      status text not null check (status in ('queued', 'sent', 'failed', 'skipped')),
      dedupe_key text,
      error text,
      created_by_staff_id uuid,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    );
    create unique index notifications_dedupe_idx on notifications (dedupe_key) where dedupe_key is not null;
    create index notifications_user_idx on notifications (user_id, created_at);
    create index notifications_booking_idx on notifications (booking_id);
    create index notifications_campaign_idx on notifications (campaign_id, status);

    create table funnel_events (
      id bigserial primary key,
      user_id uuid,
      stage text not null
        check (stage in ('signup', 'email_verified', 'search', 'booking_started', 'booking_confirmed', 'lesson_completed')),
      category_id text,
      booking_id uuid,
      occurred_at timestamptz not null
    );
    create index funnel_events_stage_time_idx on funnel_events (stage, occurred_at);
    create index funnel_events_time_idx on funnel_events (occurred_at);
    create index funnel_events_user_idx on funnel_events (user_id);

    create table search_events (
      id bigserial primary key,
      user_id uuid,
      query text not null,
      category_id text,
      results_count integer not null,
      occurred_at timestamptz not null
    );
    create index search_events_time_idx on search_events (occurred_at);

    create table webhook_events (
      id uuid primary key default gen_random_uuid(),
      source text not null,
      event_id text,
      type text not null,
      status text not null check (status in ('received', 'processed', 'failed', 'replayed', 'skipped', 'rejected')),
      headers jsonb not null default '{}'::jsonb,
      payload jsonb,
      error text,
      attempts integer not null default 0,
      received_at timestamptz not null default now(),
      processed_at timestamptz,
      duration_ms integer,
      replay_of uuid references webhook_events (id),
      booking_id uuid,
      user_id uuid,
      payment_id uuid
    );
    create unique index webhook_events_source_event_idx on webhook_events (source, event_id)
      where replay_of is null and event_id is not null and status <> 'rejected';
    create index webhook_events_received_idx on webhook_events (received_at desc, id desc);
    create index webhook_events_status_received_idx on webhook_events (status, received_at desc, id desc);
    create index webhook_events_booking_idx on webhook_events (booking_id);
    create index webhook_events_user_idx on webhook_events (user_id);
    create index webhook_events_replay_idx on webhook_events (replay_of);

    create table staff_users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      name text not null,
      role text not null check (role in ('support', 'exec', 'oncall', 'admin')),
      password_hash text not null,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      last_login_at timestamptz
    );
    create unique index staff_users_email_idx on staff_users (lower(email));

    create table staff_sessions (
      id text primary key,
      staff_id uuid not null references staff_users (id),
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      ip text,
      user_agent text
    );
    create index staff_sessions_staff_idx on staff_sessions (staff_id);

    create table login_attempts (
      id bigserial primary key,
      key text not null,
      success boolean not null,
      attempted_at timestamptz not null default now()
    );
    create index login_attempts_key_idx on login_attempts (key, attempted_at);

    create table audit_log (
      id bigserial primary key,
      occurred_at timestamptz not null default now(),
      actor_staff_id uuid,
      actor_email text not null,
      action text not null,
      resource_type text not null,
      resource_id text not null,
      before jsonb,
      after jsonb,
      reason text not null default '',
      request_id text,
      ip text,
      user_agent text,
      prev_hash text not null,
      hash text not null
    );
    create index audit_log_time_idx on audit_log (occurred_at desc, id desc);
    create index audit_log_actor_idx on audit_log (actor_staff_id, id desc);
    create index audit_log_resource_idx on audit_log (resource_type, resource_id, id desc);
    create index audit_log_action_idx on audit_log (action, id desc);

    create table confirmations (
      id uuid primary key default gen_random_uuid(),
      token_hash text not null unique,
      staff_id uuid not null references staff_users (id),
      action text not null,
      input jsonb not null,
      input_digest text not null,
      effects jsonb not null,
      effects_digest text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      consumed_at timestamptz,
      result jsonb,
      audit_id bigint
    );
    create index confirmations_expires_idx on confirmations (expires_at);

    create table approvals (
      id uuid primary key default gen_random_uuid(),
      action text not null,
      input jsonb not null,
      effects jsonb not null,
      effects_digest text not null,
      summary text not null,
      resource_type text not null,
      resource_id text not null,
      reason text not null,
      status text not null check (status in ('pending', 'approved', 'rejected', 'expired', 'failed')),
      requested_by_staff_id uuid not null references staff_users (id),
      requested_at timestamptz not null default now(),
      expires_at timestamptz not null,
      decided_by_staff_id uuid references staff_users (id),
      decided_at timestamptz,
      decision_reason text,
      result jsonb,
      error text
    );
    create index approvals_status_idx on approvals (status, requested_at);

    create table background_jobs (
      id bigserial primary key,
      queue text not null,
      task text not null,
      status text not null check (status in ('queued', 'running', 'succeeded', 'failed', 'dead')),
      attempts integer not null default 0,
      max_attempts integer not null default 5,
      payload jsonb not null default '{}'::jsonb,
      scheduled_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      error text,
      created_at timestamptz not null default now()
    );
    create index background_jobs_status_scheduled_idx on background_jobs (status, scheduled_at);
    create index background_jobs_queue_status_idx on background_jobs (queue, status);

    create table deploys (
      id uuid primary key default gen_random_uuid(),
      service text not null,
      version text not null,
      sha text not null,
      deployed_at timestamptz not null,
      deployed_by text not null default ''
    );
    create index deploys_time_idx on deploys (deployed_at);
  `.execute(db);

  // The audit chain: each row's hash covers the previous row's hash and its own canonical text.
  // The advisory lock serialises writers and ids are drawn under it, so id order is chain order.
  await sql`
    create function audit_row_hash(prev text, r audit_log) returns text
    language sql immutable as $$
      select encode(sha256(convert_to(
        prev || '|' || r.id::text || '|' || to_char(r.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        || '|' || coalesce(r.actor_staff_id::text, '') || '|' || r.actor_email || '|' || r.action
        || '|' || r.resource_type || '|' || r.resource_id || '|' || coalesce(r.before::text, 'null')
        || '|' || coalesce(r.after::text, 'null') || '|' || r.reason || '|' || coalesce(r.request_id, '')
        || '|' || coalesce(r.ip, '') || '|' || coalesce(r.user_agent, ''),
        'UTF8')), 'hex')
    $$;

    create function audit_log_chain() returns trigger
    language plpgsql as $$
    declare
      last_hash text;
    begin
      perform pg_advisory_xact_lock(7242001);
      new.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
      select hash into last_hash from audit_log order by id desc limit 1;
      new.prev_hash := coalesce(last_hash, 'genesis');
      new.hash := audit_row_hash(new.prev_hash, new);
      return new;
    end
    $$;

    create trigger audit_log_chain before insert on audit_log
      for each row execute function audit_log_chain();

    create function audit_log_append_only() returns trigger
    language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % is not allowed', tg_op;
    end
    $$;

    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists deploys, background_jobs, approvals, confirmations, audit_log, login_attempts,
      staff_sessions, staff_users, webhook_events, search_events, funnel_events, notifications, campaigns,
      message_templates, booking_notes, payouts, credit_ledger, refunds, payments, bookings, instructor_services,
      services, service_categories, instructor_profiles, users cascade;
    drop function if exists audit_log_chain, audit_log_append_only, audit_row_hash;
  `.execute(db);
}
