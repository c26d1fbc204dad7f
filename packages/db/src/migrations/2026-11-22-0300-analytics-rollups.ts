import { sql, type Kysely } from 'kysely';

/**
 * Daily rollups for the exec reports (revenue, funnel, search demand) and monthly cohort activity. Days are
 * calendar dates in the business time zone recorded in `rollup_days`; the rollups are derived data, rebuilt by
 * refreshRollups() from the raw tables at any time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table daily_revenue_rollup (
      day date not null,
      service_id text not null,
      category_id text not null,
      bookings integer not null,
      gmv_cents bigint not null,
      platform_fee_cents bigint not null,
      payouts_cents bigint not null,
      refunds integer not null,
      refunds_cents bigint not null,
      primary key (day, service_id)
    );

    create table daily_funnel_rollup (
      day date not null,
      stage text not null,
      users integer not null,
      primary key (day, stage)
    );

    create table daily_search_rollup (
      day date not null,
      category_id text not null,
      searches integer not null,
      zero_result_searches integer not null,
      primary key (day, category_id)
    );

    create table daily_zero_search_rollup (
      day date not null,
      query text not null,
      category_id text not null,
      searches integer not null,
      primary key (day, query, category_id)
    );

    -- Days of staff actions that move the numbers (refunds, suspensions, communications), from audit_log.
    create table daily_annotation_rollup (
      day date not null,
      kind text not null check (kind in ('refund', 'suspension', 'communication')),
      actions integer not null,
      first_audit_id bigint not null,
      primary key (day, kind)
    );

    create table monthly_cohort_rollup (
      role text not null check (role in ('student', 'instructor')),
      cohort_month date not null,
      activity_month date not null,
      users integer not null,
      primary key (role, cohort_month, activity_month)
    );

    create table monthly_cohort_size (
      role text not null check (role in ('student', 'instructor')),
      cohort_month date not null,
      users integer not null,
      primary key (role, cohort_month)
    );

    -- Which days the daily rollups hold, in which zone, and when each was computed.
    create table rollup_days (
      day date primary key,
      time_zone text not null,
      refreshed_at timestamptz not null
    );
    create table rollup_state (
      name text primary key,
      time_zone text not null,
      refreshed_at timestamptz not null,
      watermark timestamptz
    );

    -- "First time this user reached this stage" is a lookup by user and stage before an instant.
    create index funnel_events_user_stage_time_idx on funnel_events (user_id, stage, occurred_at);
    -- Incremental refresh finds the lesson days of bookings changed since the last pass.
    create index bookings_updated_idx on bookings (updated_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists bookings_updated_idx;
    drop index if exists funnel_events_user_stage_time_idx;
    drop table if exists rollup_state, rollup_days, monthly_cohort_size, monthly_cohort_rollup, daily_annotation_rollup, daily_zero_search_rollup,
      daily_search_rollup, daily_funnel_rollup, daily_revenue_rollup;
  `.execute(db);
}
