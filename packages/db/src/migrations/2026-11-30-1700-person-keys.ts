import { sql, type Kysely } from 'kysely';

/**
 * The user 360 reads by person, bounded by page size whatever the history:
 * - user_booking_totals: per-person booking counts and payment problems, kept up to date by statement-level
 *   triggers on bookings and payments (one grouped upsert per statement, so bulk loads stay cheap);
 * - audit_log_people: the people each audit row concerns (the person itself, or a booking's student and
 *   instructor), written by a trigger as rows are appended, keyed (user_id, audit_id) for "latest N";
 * - refunds.instructor_id: refunds reachable by instructor (filled from the booking on insert).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table user_booking_totals (
      user_id uuid primary key,
      bookings integer not null default 0,
      completed integer not null default 0,
      cancelled integer not null default 0,
      completed_value_cents bigint not null default 0,
      failed_payments integer not null default 0,
      disputes integer not null default 0
    );

    create function user_booking_totals_add() returns trigger language plpgsql as $$
    begin
      -- Each branch names only the transition tables its trigger has (statements are planned when first run).
      if tg_op = 'INSERT' then
        with d as (select student_id, instructor_id, status::text as status, price_cents, 1 as k from new_rows)
      insert into user_booking_totals as t (user_id, bookings, completed, cancelled, completed_value_cents)
      select p.user_id, sum(d.k)::int, (coalesce(sum(d.k) filter (where d.status = 'completed'), 0))::int,
        (coalesce(sum(d.k) filter (where d.status = 'cancelled'), 0))::int,
        coalesce(sum(d.k * d.price_cents) filter (where d.status = 'completed'), 0)::bigint
      from d cross join lateral (values (d.student_id), (d.instructor_id)) p(user_id)
      group by p.user_id
      on conflict (user_id) do update set
        bookings = t.bookings + excluded.bookings,
        completed = t.completed + excluded.completed,
        cancelled = t.cancelled + excluded.cancelled,
        completed_value_cents = t.completed_value_cents + excluded.completed_value_cents;
      elsif tg_op = 'DELETE' then
        with d as (select student_id, instructor_id, status::text as status, price_cents, -1 as k from old_rows)
      insert into user_booking_totals as t (user_id, bookings, completed, cancelled, completed_value_cents)
      select p.user_id, sum(d.k)::int, (coalesce(sum(d.k) filter (where d.status = 'completed'), 0))::int,
        (coalesce(sum(d.k) filter (where d.status = 'cancelled'), 0))::int,
        coalesce(sum(d.k * d.price_cents) filter (where d.status = 'completed'), 0)::bigint
      from d cross join lateral (values (d.student_id), (d.instructor_id)) p(user_id)
      group by p.user_id
      on conflict (user_id) do update set
        bookings = t.bookings + excluded.bookings,
        completed = t.completed + excluded.completed,
        cancelled = t.cancelled + excluded.cancelled,
        completed_value_cents = t.completed_value_cents + excluded.completed_value_cents;
      else
        with changed as (
          select n.student_id as n_student, n.instructor_id as n_instructor, n.status::text as n_status, n.price_cents as n_price,
            o.student_id as o_student, o.instructor_id as o_instructor, o.status::text as o_status, o.price_cents as o_price
          from new_rows n join old_rows o on o.id = n.id
          where (n.student_id, n.instructor_id, n.status, n.price_cents) is distinct from (o.student_id, o.instructor_id, o.status, o.price_cents)
        ), d as (
          select n_student as student_id, n_instructor as instructor_id, n_status as status, n_price as price_cents, 1 as k from changed
          union all
          select o_student, o_instructor, o_status, o_price, -1 from changed
        )
      insert into user_booking_totals as t (user_id, bookings, completed, cancelled, completed_value_cents)
      select p.user_id, sum(d.k)::int, (coalesce(sum(d.k) filter (where d.status = 'completed'), 0))::int,
        (coalesce(sum(d.k) filter (where d.status = 'cancelled'), 0))::int,
        coalesce(sum(d.k * d.price_cents) filter (where d.status = 'completed'), 0)::bigint
      from d cross join lateral (values (d.student_id), (d.instructor_id)) p(user_id)
      group by p.user_id
      on conflict (user_id) do update set
        bookings = t.bookings + excluded.bookings,
        completed = t.completed + excluded.completed,
        cancelled = t.cancelled + excluded.cancelled,
        completed_value_cents = t.completed_value_cents + excluded.completed_value_cents;
      end if;
      return null;
    end $$;
    create trigger bookings_totals_insert after insert on bookings referencing new table as new_rows
      for each statement execute function user_booking_totals_add();
    create trigger bookings_totals_update after update on bookings referencing old table as old_rows new table as new_rows
      for each statement execute function user_booking_totals_add();
    create trigger bookings_totals_delete after delete on bookings referencing old table as old_rows
      for each statement execute function user_booking_totals_add();

    create function user_payment_totals_add() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        with d as (select booking_id, (status = 'failed')::int as failed, (disputed_at is not null)::int as disputed from new_rows)
      insert into user_booking_totals as t (user_id, failed_payments, disputes)
      select p.user_id, sum(d.failed)::int, sum(d.disputed)::int
      from d
      join bookings b on b.id = d.booking_id
      cross join lateral (values (b.student_id), (b.instructor_id)) p(user_id)
      group by p.user_id
      having sum(d.failed) <> 0 or sum(d.disputed) <> 0
      on conflict (user_id) do update set
        failed_payments = t.failed_payments + excluded.failed_payments,
        disputes = t.disputes + excluded.disputes;
      elsif tg_op = 'DELETE' then
        with d as (select booking_id, -((status = 'failed')::int) as failed, -((disputed_at is not null)::int) as disputed from old_rows)
      insert into user_booking_totals as t (user_id, failed_payments, disputes)
      select p.user_id, sum(d.failed)::int, sum(d.disputed)::int
      from d
      join bookings b on b.id = d.booking_id
      cross join lateral (values (b.student_id), (b.instructor_id)) p(user_id)
      group by p.user_id
      having sum(d.failed) <> 0 or sum(d.disputed) <> 0
      on conflict (user_id) do update set
        failed_payments = t.failed_payments + excluded.failed_payments,
        disputes = t.disputes + excluded.disputes;
      else
        with d as (
          select booking_id, (status = 'failed')::int as failed, (disputed_at is not null)::int as disputed from new_rows
          union all
          select booking_id, -((status = 'failed')::int), -((disputed_at is not null)::int) from old_rows
        )
      insert into user_booking_totals as t (user_id, failed_payments, disputes)
      select p.user_id, sum(d.failed)::int, sum(d.disputed)::int
      from d
      join bookings b on b.id = d.booking_id
      cross join lateral (values (b.student_id), (b.instructor_id)) p(user_id)
      group by p.user_id
      having sum(d.failed) <> 0 or sum(d.disputed) <> 0
      on conflict (user_id) do update set
        failed_payments = t.failed_payments + excluded.failed_payments,
        disputes = t.disputes + excluded.disputes;
      end if;
      return null;
    end $$;
    create trigger payments_totals_insert after insert on payments referencing new table as new_rows
      for each statement execute function user_payment_totals_add();
    create trigger payments_totals_update after update on payments referencing old table as old_rows new table as new_rows
      for each statement execute function user_payment_totals_add();
    create trigger payments_totals_delete after delete on payments referencing old table as old_rows
      for each statement execute function user_payment_totals_add();

    insert into user_booking_totals (user_id, bookings, completed, cancelled, completed_value_cents)
    select p.user_id, count(*)::int, (count(*) filter (where b.status = 'completed'))::int,
      (count(*) filter (where b.status = 'cancelled'))::int,
      coalesce(sum(b.price_cents) filter (where b.status = 'completed'), 0)::bigint
    from bookings b cross join lateral (values (b.student_id), (b.instructor_id)) p(user_id)
    group by p.user_id;
    update user_booking_totals t set failed_payments = x.failed, disputes = x.disputes
    from (
      select p.user_id, (count(*) filter (where pm.status = 'failed'))::int as failed,
        (count(*) filter (where pm.disputed_at is not null))::int as disputes
      from payments pm join bookings b on b.id = pm.booking_id
      cross join lateral (values (b.student_id), (b.instructor_id)) p(user_id)
      where pm.status = 'failed' or pm.disputed_at is not null
      group by p.user_id
    ) x
    where x.user_id = t.user_id;

    create table audit_log_people (
      user_id uuid not null,
      audit_id bigint not null,
      primary key (user_id, audit_id)
    );
    create function audit_log_people_add() returns trigger language plpgsql as $$
    begin
      insert into audit_log_people (user_id, audit_id)
      select distinct p.user_id, p.audit_id from (
        select n.resource_id::uuid as user_id, n.id as audit_id from new_rows n
        where n.resource_type in ('user', 'student', 'instructor')
          and n.resource_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        union all
        select u.user_id, n.id from new_rows n
        join bookings b on b.id = (case when n.resource_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then n.resource_id::uuid end)
        cross join lateral (values (b.student_id), (b.instructor_id)) u(user_id)
        where n.resource_type = 'booking'
      ) p
      on conflict do nothing;
      return null;
    end $$;
    create trigger audit_log_people_insert after insert on audit_log referencing new table as new_rows
      for each statement execute function audit_log_people_add();
    insert into audit_log_people (user_id, audit_id)
    select distinct p.user_id, p.audit_id from (
      select a.resource_id::uuid as user_id, a.id as audit_id from audit_log a
      where a.resource_type in ('user', 'student', 'instructor')
        and a.resource_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
      union all
      select u.user_id, a.id from audit_log a
      join bookings b on b.id = (case when a.resource_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then a.resource_id::uuid end)
      cross join lateral (values (b.student_id), (b.instructor_id)) u(user_id)
      where a.resource_type = 'booking'
    ) p
    on conflict do nothing;

    alter table refunds add column instructor_id uuid;
    create function refunds_set_instructor() returns trigger language plpgsql as $$
    begin
      if new.instructor_id is null then
        select b.instructor_id into new.instructor_id from bookings b where b.id = new.booking_id;
      end if;
      return new;
    end $$;
    create trigger refunds_instructor before insert on refunds for each row execute function refunds_set_instructor();
    update refunds r set instructor_id = b.instructor_id from bookings b where b.id = r.booking_id;
    create index refunds_instructor_idx on refunds (instructor_id, created_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists refunds_instructor_idx;
    drop trigger if exists refunds_instructor on refunds;
    drop function if exists refunds_set_instructor();
    alter table refunds drop column if exists instructor_id;
    drop trigger if exists audit_log_people_insert on audit_log;
    drop function if exists audit_log_people_add();
    drop table if exists audit_log_people;
    drop trigger if exists payments_totals_insert on payments;
    drop trigger if exists payments_totals_update on payments;
    drop trigger if exists payments_totals_delete on payments;
    drop function if exists user_payment_totals_add();
    drop trigger if exists bookings_totals_insert on bookings;
    drop trigger if exists bookings_totals_update on bookings;
    drop trigger if exists bookings_totals_delete on bookings;
    drop function if exists user_booking_totals_add();
    drop table if exists user_booking_totals;
  `.execute(db);
}
