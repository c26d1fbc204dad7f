import { sql, type Kysely } from 'kysely';

/**
 * Sign-in throttling reads the console's clock (the request's `now`), not the database's: the delays and windows
 * are the same ones the rest of the request sees, and a test that freezes the clock gets the same answer however
 * slowly the machine hashes the passwords. The functions take `p_now`; the old signatures are dropped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop function login_throttle_claim(text, integer, integer, integer, integer);
    drop function login_throttle_settle(text, boolean, boolean);
  `.execute(db);
  await sql.raw(throttleFunctions('argument')).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop function login_throttle_claim(text, integer, integer, integer, integer, timestamptz);
    drop function login_throttle_settle(text, boolean, boolean, timestamptz);
  `.execute(db);
  await sql.raw(throttleFunctions('database')).execute(db);
}

/** The two functions, reading the time from their `p_now` argument (this migration) or the database (before it). */
function throttleFunctions(clock: 'argument' | 'database'): string {
  const nowParam = clock === 'argument' ? ', p_now timestamptz' : '';
  const now = clock === 'argument' ? 'p_now' : 'clock_timestamp()';
  return `
    create function login_throttle_claim(
      p_key text, p_limit integer, p_window_seconds integer, p_free integer, p_delay_cap_seconds integer${nowParam}
    ) returns table (allowed boolean, attempts integer, retry_after_seconds integer, last_success_at timestamptz)
    language plpgsql as $$
    declare
      r login_throttle%rowtype;
      t timestamptz := ${now};
      ok boolean;
      wait_s integer := 0;
    begin
      insert into login_throttle (key, attempts, window_started_at, last_attempt_at)
        values (p_key, 0, t, t) on conflict (key) do nothing;
      select * into r from login_throttle l where l.key = p_key for update;
      if r.window_started_at <= t - make_interval(secs => p_window_seconds) then
        r.attempts := 0;
        r.window_started_at := t;
        r.next_allowed_at := null;
      end if;
      if p_limit is not null and r.attempts >= p_limit then
        ok := false;
        wait_s := ceil(extract(epoch from (r.window_started_at + make_interval(secs => p_window_seconds) - t)))::integer;
      elsif r.next_allowed_at is not null and r.next_allowed_at > t then
        ok := false;
        wait_s := ceil(extract(epoch from (r.next_allowed_at - t)))::integer;
      else
        ok := true;
        r.attempts := r.attempts + 1;
        if p_free is not null and r.attempts >= p_free then
          r.next_allowed_at := t + make_interval(secs => least(power(2, r.attempts - p_free), p_delay_cap_seconds));
        end if;
      end if;
      update login_throttle l set
        attempts = r.attempts,
        window_started_at = r.window_started_at,
        next_allowed_at = r.next_allowed_at,
        last_attempt_at = t
      where l.key = p_key;
      return query select ok, r.attempts, greatest(wait_s, 1) * (case when ok then 0 else 1 end), r.last_success_at;
    end
    $$;

    create function login_throttle_settle(p_key text, p_success boolean, p_forgive boolean${nowParam}) returns void
    language sql as $$
      update login_throttle set
        attempts = case when p_forgive then greatest(attempts - 1, 0) else 0 end,
        next_allowed_at = case when p_forgive then next_allowed_at else null end,
        last_success_at = ${now}
      where key = p_key and p_success
    $$;
  `;
}
