import { sql, type Kysely } from 'kysely';

/**
 * Rollups behind the exec insights:
 * - daily_funnel_cohort_rollup: users who first reached a stage that day, and how many of them reached the next
 *   stage within that step's stated window (so a step conversion is a share of one cohort and never exceeds 100 %);
 * - daily_search_query_rollup: searches by normalised query and day, the zero-result ones, and the ones followed by
 *   a booking from the same person within the conversion window;
 * - daily_revenue_rollup gains the refunds of lessons that were in GMV and the kept part of captured no-show and
 *   late-cancellation charges, so net revenue only nets what was counted.
 * The daily rollups' state is forgotten so the refresher rebuilds every day with the new content.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table daily_funnel_cohort_rollup (
      day date not null,
      stage text not null,
      next_stage text not null,
      window_days integer not null,
      reached integer not null,
      converted integer not null check (converted <= reached),
      primary key (day, stage)
    );

    create table daily_search_query_rollup (
      day date not null,
      query text not null,
      searches integer not null,
      zero_result_searches integer not null,
      converted_searches integer not null,
      primary key (day, query)
    );

    alter table daily_revenue_rollup
      add column gmv_refunds_cents bigint not null default 0,
      add column charges integer not null default 0,
      add column charges_kept_cents bigint not null default 0,
      add column charge_fee_cents bigint not null default 0;

    -- A search converts when the same person starts a booking soon after: a lookup by user and time.
    create index search_events_user_time_idx on search_events (user_id, occurred_at);

    delete from rollup_days;
    delete from rollup_state where name = 'daily';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists search_events_user_time_idx;
    alter table daily_revenue_rollup
      drop column if exists gmv_refunds_cents,
      drop column if exists charges,
      drop column if exists charges_kept_cents,
      drop column if exists charge_fee_cents;
    drop table if exists daily_search_query_rollup, daily_funnel_cohort_rollup;
    delete from rollup_days;
  `.execute(db);
}
