import { sql, type Kysely } from 'kysely';

/**
 * The per-person booking totals count no-shows too, so a person's page can list every state of their bookings and
 * the numbers add up. The trigger function is the one of 2026-11-30-1700-person-keys with one more column.
 */
function totalsFunction(noShows: boolean): string {
  const upsert = `
      insert into user_booking_totals as t (user_id, bookings, completed, cancelled, ${noShows ? 'no_shows, ' : ''}completed_value_cents)
      select p.user_id, sum(d.k)::int, (coalesce(sum(d.k) filter (where d.status = 'completed'), 0))::int,
        (coalesce(sum(d.k) filter (where d.status = 'cancelled'), 0))::int,
        ${noShows ? "(coalesce(sum(d.k) filter (where d.status = 'no_show'), 0))::int," : ''}
        coalesce(sum(d.k * d.price_cents) filter (where d.status = 'completed'), 0)::bigint
      from d cross join lateral (values (d.student_id), (d.instructor_id)) p(user_id)
      group by p.user_id
      on conflict (user_id) do update set
        bookings = t.bookings + excluded.bookings,
        completed = t.completed + excluded.completed,
        cancelled = t.cancelled + excluded.cancelled,
        ${noShows ? 'no_shows = t.no_shows + excluded.no_shows,' : ''}
        completed_value_cents = t.completed_value_cents + excluded.completed_value_cents;`;
  return `
    create or replace function user_booking_totals_add() returns trigger language plpgsql as $$
    begin
      -- Each branch names only the transition tables its trigger has (statements are planned when first run).
      if tg_op = 'INSERT' then
        with d as (select student_id, instructor_id, status::text as status, price_cents, 1 as k from new_rows)
        ${upsert}
      elsif tg_op = 'DELETE' then
        with d as (select student_id, instructor_id, status::text as status, price_cents, -1 as k from old_rows)
        ${upsert}
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
        ${upsert}
      end if;
      return null;
    end $$;`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table user_booking_totals add column no_shows integer not null default 0`.execute(db);
  await sql.raw(totalsFunction(true)).execute(db);
  await sql`
    update user_booking_totals t set no_shows = x.n
    from (
      select p.user_id, count(*)::int as n
      from bookings b cross join lateral (values (b.student_id), (b.instructor_id)) p(user_id)
      where b.status = 'no_show'
      group by p.user_id
    ) x
    where x.user_id = t.user_id
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(totalsFunction(false)).execute(db);
  await sql`alter table user_booking_totals drop column if exists no_shows`.execute(db);
}
