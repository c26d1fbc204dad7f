import { sql, type Kysely, type RawBuilder } from 'kysely';
import { DEFAULT_TIME_ZONE } from '@ops/shared';
import type { Database } from '../schema.js';
import { AREA_CODES, CATEGORIES, FIRST_NAMES, LAST_NAMES, SERVICES } from '../seed/catalog.js';
import { buildStoryRows, type StoryStaff } from '../seed/plant-stories.js';
import { Rng } from '../seed/prng.js';
import { INSERT_ORDER, MARKETPLACE_TABLES, countRowSet, emptyRowSet, insertRowSet, mergeRowSets } from '../seed/row-set.js';
import { buildOperationsRows, buildTemplateRows, type SampleSummary, type StaffSeed } from '../seed/sample.js';
import { FUNNEL_DIP, REVENUE_SPIKE } from '../seed/stories.js';

/** Bench scale (DESIGN.md): 500k users, 1M bookings, 5M funnel events, 2M audit rows. */
export const BENCH_SCALE = {
  instructors: 10_000,
  users: 500_000,
  bookings: 1_000_000,
  funnelEvents: 5_000_000,
  searchEvents: 500_000,
  auditRows: 2_000_000,
  historyDays: 395,
  futureDays: 21,
} as const;

export interface BenchOptions {
  now?: Date;
  staff: StaffSeed[];
  /** Called after each step with its name and duration (the bench command prints them). */
  onStep?: (step: string, ms: number) => void;
}

const TZ = DEFAULT_TIME_ZONE;
/** Name and area-code pools: the sample catalog's, the names cut to 20 each for short generated arrays. */
const FIRST = FIRST_NAMES.slice(0, 20);
const LAST = LAST_NAMES.slice(0, 20);
const AREA = AREA_CODES;

/** Written as the loader's last step: a data set without it is partial (a load that stopped) and is rebuilt. */
const MARKER_TABLE = 'bench_data_set';

/** Whether the complete bench data set is already in this database (so the bench command can reuse it). */
export async function benchIsLoaded(db: Kysely<Database>): Promise<boolean> {
  const r = await sql<{ loaded: boolean }>`select to_regclass(${MARKER_TABLE}) is not null as loaded`.execute(db);
  if (r.rows[0]?.loaded !== true) return false;
  const marker = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(MARKER_TABLE)}`.execute(db);
  return (marker.rows[0]?.n ?? 0) > 0;
}

/** Whether any table the loader fills already has rows (a partial load: the database must be rebuilt). */
export async function benchHasData(db: Kysely<Database>): Promise<boolean> {
  const r = await sql<{ any: boolean }>`
    select exists (select 1 from users) or exists (select 1 from staff_users) or exists (select 1 from audit_log) as any`.execute(
    db,
  );
  return r.rows[0]?.any === true;
}

/** The big tables: their secondary indexes and foreign keys are dropped for the bulk load and rebuilt after it. */
const CORE_TABLES = [...MARKETPLACE_TABLES, 'webhook_events'] as const;
/** Loaded by a second session at the same time: nothing here references the core tables' rows. */
const EVENT_TABLES = ['funnel_events', 'search_events', 'audit_log'] as const;
const BULK_TABLES = [...CORE_TABLES, ...EVENT_TABLES] as const;
type BulkTable = (typeof BULK_TABLES)[number];
/** Everything else the loader writes (a few rows each). */
const SMALL_TABLES = INSERT_ORDER.filter((t) => !(BULK_TABLES as readonly string[]).includes(t));

interface Deferred {
  indexes: Array<{ table: string; name: string; def: string }>;
  foreignKeys: Array<{ table: string; name: string; def: string }>;
}

/**
 * Drops the secondary indexes (every index that backs no primary key or unique constraint) and the foreign keys of
 * the bulk tables, returning their definitions. Building an index once over the loaded rows is many times faster
 * than maintaining it row by row, and re-adding a foreign key checks every row in one join.
 */
async function dropDeferred(conn: Kysely<Database>): Promise<Deferred> {
  const tables = sql.val([...BULK_TABLES]);
  const indexes = await sql<{ table: string; name: string; def: string }>`
    select c.relname as table, i.relname as name, pg_get_indexdef(x.indexrelid) as def
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class c on c.oid = x.indrelid
    where c.relnamespace = current_schema()::regnamespace and c.relname = any(${tables}::text[])
      and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid and k.conrelid = x.indrelid and k.contype in ('p', 'u', 'x'))
    order by c.relname, i.relname`.execute(conn);
  const foreignKeys = await sql<{ table: string; name: string; def: string }>`
    select c.relname as table, k.conname as name, pg_get_constraintdef(k.oid) as def
    from pg_constraint k join pg_class c on c.oid = k.conrelid
    where k.contype = 'f' and c.relnamespace = current_schema()::regnamespace and c.relname = any(${tables}::text[])
    order by c.relname, k.conname`.execute(conn);
  for (const fk of foreignKeys.rows)
    await sql`alter table ${sql.table(fk.table)} drop constraint ${sql.id(fk.name)}`.execute(conn);
  for (const ix of indexes.rows) await sql`drop index ${sql.id(ix.name)}`.execute(conn);
  return { indexes: indexes.rows, foreignKeys: foreignKeys.rows };
}

/** Rebuilds what dropDeferred() dropped on `tables`; the raw SQL is the definitions PostgreSQL's own catalog gave. */
async function restoreDeferred(conn: Kysely<Database>, deferred: Deferred, tables: readonly BulkTable[]): Promise<void> {
  const mine = (d: { table: string }) => (tables as readonly string[]).includes(d.table);
  for (const ix of deferred.indexes.filter(mine)) await sql.raw(ix.def).execute(conn);
  for (const fk of deferred.foreignKeys.filter(mine))
    await sql`alter table ${sql.table(fk.table)} add constraint ${sql.id(fk.name)} ${sql.raw(fk.def)}`.execute(conn);
}

const textArray = (items: readonly string[]): RawBuilder<unknown> =>
  sql`array[${sql.join(items.map((i) => sql.lit(i)))}]::text[]`;

/**
 * One loading session: no statement timeout (the bulk statements outlast the pool's), no commit flush, room to sort
 * in memory, and the helper functions (they live in pg_temp, so each session defines its own).
 */
async function prepareSession(conn: Kysely<Database>): Promise<void> {
  await sql`set statement_timeout = 0`.execute(conn);
  await sql`set synchronous_commit = off`.execute(conn);
  await sql`set maintenance_work_mem = '1GB'`.execute(conn);
  await sql`set work_mem = '256MB'`.execute(conn);
  await sql`
    create function pg_temp.u(i bigint, salt int) returns float8 language sql immutable parallel safe
      as $$ select (hashint8(i * 1000003 + salt) & 2147483647)::float8 / 2147483648.0 $$;
    -- Ids and tokens from 64-bit hashes (md5 cost ~4 µs a call, and there are ~20M calls). uid(kind, i) is unique
    -- per kind: its last 48 bits are i; the first 64 are a hash, so ids are spread like random v4 uuids.
    create function pg_temp.uid(kind text, i bigint) returns uuid language sql immutable parallel safe as $$
      select encode(int8send((hashint8extended(i, hashtext(kind)) & ~61440::bigint) | 16384)
        || int8send(i | ((hashtext(kind) & 4095)::bigint << 48) | (-9223372036854775808)::bigint), 'hex')::uuid $$;
    create function pg_temp.uidt(kind text, k text) returns uuid language sql immutable parallel safe as $$
      select encode(int8send((hashtextextended(k, hashtext(kind)) & ~61440::bigint) | 16384)
        || int8send((hashtextextended(k, hashtext(kind) + 1) & 4611686018427387903) | (-9223372036854775808)::bigint), 'hex')::uuid $$;
    create function pg_temp.tok(kind text, k text, n int) returns text language sql immutable parallel safe as $$
      select substr(lpad(to_hex(hashtextextended(k, hashtext(kind))), 16, '0')
        || lpad(to_hex(hashtextextended(k, hashtext(kind) + 1)), 16, '0'), 1, n) $$;
    create function pg_temp.crock(v bigint) returns text language sql immutable parallel safe as $$
      select substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((v >> 35) & 31)::int + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((v >> 30) & 31)::int + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((v >> 25) & 31)::int + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((v >> 20) & 31)::int + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((v >> 15) & 31)::int + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((v >> 10) & 31)::int + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', ((v >> 5) & 31)::int + 1, 1)
        || substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (v & 31)::int + 1, 1) $$;
  `.execute(conn);
}

/** Runs `fn` on one pooled connection prepared for loading, and hands the connection back to the pool clean. */
function inSession<T>(db: Kysely<Database>, fn: (conn: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    try {
      await prepareSession(conn);
      return await fn(conn);
    } finally {
      // Settings, temp functions and views go; the pool's own statement timeout comes back with the defaults.
      await sql`discard all`.execute(conn);
    }
  });
}

async function vacuumAnalyze(conn: Kysely<Database>, tables: readonly BulkTable[]): Promise<void> {
  await sql`vacuum (analyze) ${sql.join(tables.map((t) => sql.table(t)))}`.execute(conn);
}

/**
 * Recomputes each row's hash in its own version (audit_row_hash_any, as the console's verifier does) for every 997th
 * row, the first and the last thousand, and checks each of them links to the row before it: the bulk rows were hashed
 * by the loader's own copy of the version-1 text, the planted stories by the trigger, and this proves both match.
 */
async function verifyAuditSample(conn: Kysely<Database>): Promise<void> {
  const r = await sql<{ checked: number; broken: number | null }>`
    select count(*)::int as checked,
      min(a.id) filter (where a.hash <> audit_row_hash_any(a.prev_hash, a)
        or a.prev_hash <> coalesce((select p.hash from audit_log p where p.id < a.id order by p.id desc limit 1), 'genesis')) as broken
    from audit_log a
    where a.id % 997 = 0 or a.id <= (select min(id) + 1000 from audit_log) or a.id > (select max(id) - 1000 from audit_log)`.execute(
    conn,
  );
  const row = r.rows[0];
  if (!row || row.checked === 0) throw new Error('bench audit chain: nothing to verify');
  if (row.broken !== null) throw new Error(`bench audit chain does not verify at #${row.broken}`);
}

/**
 * Builds the bench data set on real Postgres with set-based SQL: every value is a deterministic expression of a
 * generate_series index (hashes of the index), so no rows travel from the client except the planted stories and
 * the small operational tables. Expects a freshly migrated, empty database. The bulk tables are filled without
 * their secondary indexes and foreign keys (rebuilt, and so re-checked, afterwards), by two sessions at once, and
 * vacuumed; the last step records a marker, so a load that stopped half way is never taken for a complete one.
 * About two and a half minutes on a 2-core machine.
 */
export async function loadBenchData(db: Kysely<Database>, opts: BenchOptions): Promise<SampleSummary> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  const nowMs = now.getTime();
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const rng = new Rng(20_261_122);
  const step = async (name: string, fn: () => Promise<unknown>): Promise<void> => {
    const t0 = performance.now();
    await fn();
    opts.onStep?.(name, Math.round(performance.now() - t0));
  };

  // Staff, catalogue, templates, jobs and deploys: small, built like the sample set.
  const small = emptyRowSet();
  const staff: StoryStaff[] = opts.staff.map((s) => ({ id: rng.uuid(), email: s.email.toLowerCase(), role: s.role }));
  opts.staff.forEach((s, i) =>
    small.staff_users.push({
      id: staff[i]?.id ?? rng.uuid(),
      email: s.email.toLowerCase(),
      name: s.name,
      role: s.role,
      password_hash: s.passwordHash,
    }),
  );
  small.service_categories.push(...CATEGORIES.map((c) => ({ id: c.id, name: c.name })));
  small.services.push(...SERVICES.map((s) => ({ ...s })));
  small.message_templates.push(...buildTemplateRows(rng, nowMs, staff.find((s) => s.role === 'admin')?.id ?? null));
  mergeRowSets(small, buildOperationsRows(rng, nowMs, BENCH_SCALE.historyDays));
  const stories = buildStoryRows(now, staff);
  const storyAudit = stories.audit_log;
  stories.audit_log = [];

  const { instructors, users, bookings, historyDays } = BENCH_SCALE;
  const students = users - instructors;
  const signupSpanDays = historyDays + 30;
  const spikeExtra = Math.round((((REVENUE_SPIKE.factor - 1) * bookings) / (historyDays + 21)) * 0.85);
  const dipFrom = sql`(date_trunc('day', ${nowTs} at time zone ${TZ}) - ${FUNNEL_DIP.daysAgoFrom} * interval '1 day') at time zone ${TZ}`;
  const dipTo = sql`(date_trunc('day', ${nowTs} at time zone ${TZ}) - ${FUNNEL_DIP.daysAgoTo - 1} * interval '1 day') at time zone ${TZ}`;
  const actors = staff.length > 0 ? staff : [{ id: rng.uuid(), email: 'system@ops.example', role: 'admin' as const }];

  let deferred: Deferred = { indexes: [], foreignKeys: [] };
  await inSession(db, async (conn) => {
    await step('drop secondary indexes and foreign keys', async () => {
      deferred = await dropDeferred(conn);
    });
    await step('staff, catalogue, templates, jobs, deploys', () => insertRowSet(conn, small));
  });

  // Two sessions at once (the machine has two cores; one INSERT … SELECT uses one): the marketplace tables in
  // foreign-key order, and the event tables (funnel, search, audit), which read nothing the first session writes.
  // Each session rebuilds its own tables' indexes and vacuums them (autovacuum may be off, and index-only scans
  // need the visibility map).
  const core = inSession(db, async (conn) => {
    // Users: instructors first (created 430–800 days ago), then students whose sign-up time grows with the index,
    // so a booking can pick a student known to exist at that time.
    await step('users', () =>
      sql`
          insert into users (id, role, status, email, phone, phone_normalized, first_name, last_name, verified_at,
            stripe_customer_id, marketing_opt_out, suspended_at, suspension_reason, created_at, updated_at)
          select pg_temp.uid('u', i), case when i <= ${instructors} then 'instructor' else 'student' end,
            case when pg_temp.u(i, 1) < 0.004 then 'suspended' when pg_temp.u(i, 1) < 0.012 then 'deactivated' else 'active' end,
            lower(fn || '.' || ln || '.' || i || '@example.com'),
            '+1 ' || ac || '-' || (200 + (i / 10000) % 800) || '-' || lpad((i % 10000)::text, 4, '0'),
            '1' || ac || (200 + (i / 10000) % 800) || lpad((i % 10000)::text, 4, '0'),
            fn, ln,
            case when i <= ${instructors} or pg_temp.u(i, 2) < 0.97 then created + interval '25 minutes' end,
            case when i > ${instructors} then 'cus_' || pg_temp.tok('cus', i::text, 14) end,
            pg_temp.u(i, 3) < 0.1,
            case when pg_temp.u(i, 1) < 0.004 then ${nowTs} - interval '10 days' end,
            case when pg_temp.u(i, 1) < 0.004 then 'Chargeback abuse' end,
            created, created
          from generate_series(1, ${users}) i,
          lateral (select
            (${textArray(FIRST)})[1 + (i % ${FIRST.length})] as fn,
            (${textArray(LAST)})[1 + ((i / ${FIRST.length}) % ${LAST.length})] as ln,
            (${textArray(AREA)})[1 + (i % ${AREA.length})] as ac,
            case when i <= ${instructors}
              then ${nowTs} - (430 + pg_temp.u(i, 4) * 370) * interval '1 day'
              else ${nowTs} - ${signupSpanDays} * interval '1 day'
                + ((i - ${instructors})::float8 / ${students} * ${signupSpanDays - 1}) * interval '1 day'
                + pg_temp.u(i, 4) * interval '20 hours'
            end as created) x`.execute(conn),
    );
    await step('instructor profiles and services', async () => {
      await sql`
          insert into instructor_profiles (user_id, headline, city, background_check_status, commission_tier, founding,
            payout_hold, payout_hold_reason, stripe_account_id, created_at, updated_at)
          select pg_temp.uid('u', i), 'Experienced teacher', (array['New York','Boston','Chicago','Austin','Seattle','Remote'])[1 + i % 6],
            case when pg_temp.u(i, 5) < 0.95 then 'passed' else 'pending' end,
            case i % 10 when 7 then 'preferred' when 8 then 'preferred' when 9 then 'founding' else 'standard' end,
            i % 10 = 9, i % 500 = 0, case when i % 500 = 0 then 'Identity re-verification' end,
            'acct_' || pg_temp.tok('acct', i::text, 16), ${nowTs} - interval '800 days', ${nowTs} - interval '800 days'
          from generate_series(1, ${instructors}) i`.execute(conn);
      await sql`
          insert into instructor_services (id, instructor_id, service_id, hourly_rate_cents, created_at)
          select pg_temp.uid('is', i), pg_temp.uid('u', i), (${textArray(SERVICES.map((s) => s.id))})[1 + i % ${SERVICES.length}],
            4000 + ((i * 37) % 25) * 500, ${nowTs} - interval '800 days'
          from generate_series(1, ${instructors}) i`.execute(conn);
    });

    // Bookings: lesson days weighted toward the present (growth), the revenue spike as extra completed lessons.
    // Each level ends in `offset 0` so the planner keeps it a subquery: flattened, every reference to a derived
    // column (the status alone is used six times) repeats its whole expression, time zone conversions included.
    await step('bookings', () =>
      sql`
          insert into bookings (id, short_id, student_id, instructor_id, instructor_service_id, service_id, status,
            lesson_start, duration_minutes, price_cents, platform_fee_cents, instructor_payout_cents, created_at,
            confirmed_at, completed_at, cancelled_at, cancelled_by, cancellation_reason, updated_at)
          select pg_temp.uid('b', i), pg_temp.crock((i * 2654435761) % 1099511627776), pg_temp.uid('u', st), pg_temp.uid('u', ins),
            pg_temp.uid('is', ins), (${textArray(SERVICES.map((s) => s.id))})[1 + ins % ${SERVICES.length}], status,
            ls, dur, price, (price * bps + 9999) / 10000, price - (price * bps + 9999) / 10000, created,
            case when status <> 'pending' then created + interval '7 minutes' end,
            case when status = 'completed' then ls + dur * interval '1 minute' + interval '20 minutes' end,
            case when status = 'cancelled' then cancelled end,
            case when status = 'cancelled' then (array['student','student','student','instructor','admin'])[1 + (i % 5)] end,
            case when status = 'cancelled' then 'Schedule conflict' end,
            least(${nowTs}, ls + interval '3 hours')
          from (
            select i, ins, dur, ls, created, price, bps,
              ${instructors} + 1 + floor(pg_temp.u(i, 16) * greatest(1, least(${students} - 1,
                extract(epoch from (created - (${nowTs} - ${signupSpanDays} * interval '1 day'))) / 86400.0 / ${signupSpanDays} * ${students} - ${Math.ceil(students / signupSpanDays)})))::bigint as st,
              case
                when i > ${bookings} then 'completed'
                when ls > ${nowTs} then case when pg_temp.u(i, 17) < 0.84 then 'confirmed' when pg_temp.u(i, 17) < 0.95 then 'pending' else 'cancelled' end
                when ls + dur * interval '1 minute' > ${nowTs} - interval '2 hours' then 'confirmed'
                when pg_temp.u(i, 17) < 0.84 then 'completed' when pg_temp.u(i, 17) < 0.95 then 'cancelled' else 'no_show'
              end as status,
              least(${nowTs} - interval '1 minute', greatest(created + interval '10 minutes', ls - (1 + pg_temp.u(i, 18) * 200) * interval '1 hour')) as cancelled
            from (
              select i, ins, dur, ls, rate * dur / 60 as price,
                case ins % 10 when 7 then 1200 when 8 then 1200 when 9 then 1000 else 1500 end as bps,
                least(ls - (2 + pg_temp.u(i, 15) ^ 2 * 500) * interval '1 hour', ${nowTs} - (5 + pg_temp.u(i, 19) * 200) * interval '1 minute') as created
              from (
                select i, ins, 4000 + ((ins * 37) % 25) * 500 as rate,
                  (array[30, 45, 60, 60, 60, 60, 90, 90, 120, 60])[1 + floor(pg_temp.u(i, 14) * 10)::int] as dur,
                  ((date_trunc('day', ${nowTs} at time zone ${TZ})
                    + (case when i > ${bookings} then ${-REVENUE_SPIKE.daysAgo} else floor(416 * sqrt(pg_temp.u(i, 12)))::int - ${historyDays} end) * interval '1 day'
                    + (8 + floor(pg_temp.u(i, 13) * 13)) * interval '1 hour' + (case when pg_temp.u(i, 20) < 0.5 then 0 else 30 end) * interval '1 minute')
                    at time zone ${TZ}) as ls
                from (select i, 1 + floor(pg_temp.u(i, 11) ^ 2 * ${instructors})::bigint as ins from generate_series(1, ${bookings + spikeExtra}) i offset 0) a
              offset 0) b
            offset 0) c
          offset 0) d`.execute(conn),
    );

    // Payments follow the booking: cancelled < 12 h before → half refunded to card; 12–24 h → captured then
    // credited; instructor no-shows (a third of no-shows) → refunded in full.
    await step('payments', () =>
      sql`
          insert into payments (id, booking_id, stripe_payment_intent_id, stripe_charge_id, amount_cents, amount_refunded_cents,
            status, authorize_at, capture_at, authorized_at, captured_at, failed_at, failure_code, failure_message, card_brand,
            card_last4, created_at, updated_at)
          select pg_temp.uidt('p', h), id, 'pi_' || pg_temp.tok('pi', h, 24),
            case when pst not in ('pending', 'cancelled', 'failed') then 'ch_' || pg_temp.tok('ch', h, 24) end,
            price_cents, case pst when 'refunded' then price_cents when 'partially_refunded' then price_cents / 2 else 0 end,
            pst, lesson_start - interval '1 day', lesson_start + duration_minutes * interval '1 minute' + interval '2 hours',
            case when pst not in ('pending', 'cancelled', 'failed') then greatest(created_at, lesson_start - interval '1 day') end,
            case when pst in ('captured', 'partially_refunded', 'refunded') then least(${nowTs}, coalesce(cancelled_at, lesson_start + duration_minutes * interval '1 minute' + interval '2 hours')) end,
            null, null, null, (array['visa','visa','mastercard','amex'])[1 + abs(hashtext(h)) % 4], lpad((abs(hashtext(h || 'l4')) % 10000)::text, 4, '0'),
            created_at, least(${nowTs}, lesson_start + interval '3 hours')
          from (
            select b.*, b.id::text as h,
              case
                when status in ('completed', 'no_show') and lesson_start + duration_minutes * interval '1 minute' + interval '2 hours' > ${nowTs} then 'authorized'
                when status = 'no_show' and pg_temp.u(hashtext(b.id::text), 31) < 0.3 then 'refunded'
                when status in ('completed', 'no_show') then 'captured'
                when status = 'cancelled' and lesson_start - cancelled_at < interval '12 hours' then 'partially_refunded'
                when status = 'cancelled' and lesson_start - cancelled_at < interval '24 hours' then 'captured'
                when status = 'cancelled' then 'cancelled'
                when status = 'pending' then 'pending'
                when lesson_start - interval '1 day' <= ${nowTs} then 'authorized'
                else 'pending'
              end as pst
            from bookings b
            offset 0
          ) x`.execute(conn),
    );

    await step('refunds and credits', async () => {
      await sql`
          insert into refunds (id, booking_id, payment_id, student_id, amount_cents, method, policy_rule, override_code,
            instructor_payout_cents, reason, status, stripe_refund_id, idempotency_key, created_at, settled_at)
          select pg_temp.uidt('r', p.id::text), b.id, p.id, b.student_id,
            case when p.status = 'captured' then b.price_cents else p.amount_refunded_cents end,
            case when p.status = 'captured' then 'credit' else 'card' end,
            case p.status when 'captured' then 'credit_12_to_24h' when 'partially_refunded' then 'split_under_12h' else 'override' end,
            case when p.status = 'refunded' then 'INSTRUCTOR_NO_SHOW' end,
            case when p.status = 'partially_refunded' then b.instructor_payout_cents / 2 else 0 end,
            'Refund per cancellation policy', 'succeeded',
            case when p.status <> 'captured' then 're_' || pg_temp.tok('re', p.id::text, 24) end,
            'bench-' || p.id, t, t + interval '3 minutes'
          from bookings b join payments p on p.booking_id = b.id,
          lateral (select coalesce(b.cancelled_at, b.lesson_start + interval '4 hours') + interval '1 minute' as t) x
          where (b.status = 'cancelled' and p.status in ('captured', 'partially_refunded')) or p.status = 'refunded'`.execute(
        conn,
      );
      await sql`
          insert into credit_ledger (id, user_id, amount_cents, kind, reason, booking_id, refund_id, created_at)
          select pg_temp.uidt('clr', r.id::text), r.student_id, r.amount_cents, 'refund', 'Cancellation credit', r.booking_id, r.id, r.created_at
          from refunds r where r.method = 'credit' and r.idempotency_key like 'bench-%'`.execute(conn);
      await sql`
          insert into credit_ledger (id, user_id, amount_cents, kind, reason, created_at)
          select pg_temp.uid('clp', i), pg_temp.uid('u', i), 1000 + (i % 3) * 500, 'promo', 'Welcome credit', u.created_at + interval '1 hour'
          from generate_series(${instructors + 1}, ${users}, 10) i join users u on u.id = pg_temp.uid('u', i)`.execute(conn);
    });

    await step('payouts', () =>
      sql`
          insert into payouts (id, instructor_id, booking_id, amount_cents, status, scheduled_for, paid_at, failed_at,
            failure_reason, hold_reason, stripe_transfer_id, created_at, updated_at)
          select pg_temp.uidt('po', h), instructor_id, id, amt, st, sched,
            case when st = 'paid' then sched + interval '2 hours' end,
            case when st = 'failed' then sched + interval '1 hour' end,
            case when st = 'failed' then 'account_closed' end,
            case when st = 'held' then 'Identity re-verification' end,
            case when st = 'paid' then 'tr_' || pg_temp.tok('tr', h, 24) end,
            lesson_end + interval '1 hour', least(${nowTs}, sched + interval '2 hours')
          from (
            select x.*, case
              when sched > ${nowTs} - interval '1 day' then case when payout_hold then 'held' else 'pending' end
              when pg_temp.u(hashtext(h), 41) < 0.004 then 'failed' else 'paid' end as st
            from (
              select b.id, b.id::text as h, b.instructor_id, ip.payout_hold, e.lesson_end, e.lesson_end + interval '3 days' as sched,
                case when p.status = 'partially_refunded' then b.instructor_payout_cents / 2 else b.instructor_payout_cents end as amt
              from bookings b join payments p on p.booking_id = b.id join instructor_profiles ip on ip.user_id = b.instructor_id,
              lateral (select b.lesson_start + b.duration_minutes * interval '1 minute' as lesson_end) e
              where e.lesson_end < ${nowTs} and p.status in ('captured', 'partially_refunded') and b.status in ('completed', 'no_show', 'cancelled')
                and not (b.status = 'cancelled' and p.status = 'captured')
              offset 0
            ) x
            offset 0
          ) y`.execute(conn),
    );

    await step('webhook events', () =>
      sql`
          insert into webhook_events (id, source, event_id, type, status, headers, payload, attempts, received_at, processed_at,
            duration_ms, booking_id, user_id, payment_id)
          select pg_temp.uidt('wh', p.id::text), 'stripe', 'evt_' || pg_temp.tok('evt', p.id::text, 24), 'payment_intent.succeeded', 'processed',
            '{"content-type":"application/json; charset=utf-8","stripe-signature":"[redacted]"}'::jsonb,
            jsonb_build_object('id', 'evt_' || pg_temp.tok('evt', p.id::text, 24), 'object', 'event', 'type', 'payment_intent.succeeded',
              'created', extract(epoch from p.captured_at)::bigint, 'livemode', false, 'api_version', '2024-06-20',
              'data', jsonb_build_object('object', jsonb_build_object('id', p.stripe_payment_intent_id, 'object', 'payment_intent',
                'amount', p.amount_cents, 'amount_received', p.amount_cents, 'currency', 'usd', 'status', 'succeeded',
                'latest_charge', p.stripe_charge_id, 'metadata', jsonb_build_object('booking_id', b.id, 'short_id', b.short_id)))),
            1, p.captured_at + interval '400 milliseconds', p.captured_at + interval '440 milliseconds', 40, b.id, b.student_id, p.id
          from payments p join bookings b on b.id = p.booking_id
          where p.captured_at > ${nowTs} - interval '90 days'`.execute(conn),
    );

    await step('core tables: rebuild indexes and foreign keys', () => restoreDeferred(conn, deferred, CORE_TABLES));
    await step('core tables: vacuum and analyze', () => vacuumAnalyze(conn, CORE_TABLES));
  });
  const events = inSession(db, async (conn) => {
    await step('funnel events', () =>
      sql`
          insert into funnel_events (user_id, stage, category_id, occurred_at)
          select pg_temp.uid('fu', i / 4), stage, case when stage not in ('signup', 'email_verified') then cat end, ts
          from (
            select i, ${nowTs} - ${historyDays} * (1 - sqrt(pg_temp.u(i, 21))) * interval '1 day' as ts,
              (${textArray(CATEGORIES.map((c) => c.id))})[1 + i % ${CATEGORIES.length}] as cat,
              case when pg_temp.u(i, 22) < 0.28 then 'signup' when pg_temp.u(i, 22) < 0.50 then 'email_verified'
                when pg_temp.u(i, 22) < 0.69 then 'search' when pg_temp.u(i, 22) < 0.825 then 'booking_started'
                when pg_temp.u(i, 22) < 0.92 then 'booking_confirmed' else 'lesson_completed' end as stage
            from generate_series(1, ${BENCH_SCALE.funnelEvents}) i
            offset 0
          ) x
          where not (stage = 'booking_confirmed' and ts >= ${dipFrom} and ts < ${dipTo}
            and pg_temp.u(i, 23) < ${1 - FUNNEL_DIP.dipRate / FUNNEL_DIP.normalRate})`.execute(conn),
    );
    await step('search events', () =>
      sql`
          insert into search_events (user_id, query, category_id, results_count, occurred_at)
          select pg_temp.uid('u', ${instructors + 1} + i % ${students}),
            case when pg_temp.u(i, 24) < 0.05 then (array['harp','bagpipes','cantonese','lsat','lacrosse','pottery wheel','rust programming'])[1 + i % 7]
              else lower((${textArray(SERVICES.map((s) => s.name))})[1 + i % ${SERVICES.length}]) end,
            (${textArray(SERVICES.map((s) => s.category_id))})[1 + i % ${SERVICES.length}],
            case when pg_temp.u(i, 24) < 0.05 then 0 else 1 + (i % 60) end,
            ${nowTs} - ${historyDays} * (1 - sqrt(pg_temp.u(i, 25))) * interval '1 day'
          from generate_series(1, ${BENCH_SCALE.searchEvents}) i`.execute(conn),
    );

    // Audit rows: the chain trigger costs ~65 µs a row (2 minutes for 2M), so the bulk rows are chained here in one
    // pass with the trigger off (in a transaction holding the chain's lock), hashing exactly what audit_row_hash()
    // hashes; the whole chain is then re-verified with audit_row_hash() itself, and the planted stories' rows go
    // through the trigger as usual.
    await step('audit log (hash chain)', async () => {
      // audit_rows() numbers the rows and chains them in the order it reads them: each row's hash covers the
      // previous hash, its id and the rest of its canonical text, exactly as audit_row_hash() writes it (the text
      // after the id arrives in the `hash` column and is replaced by the hash).
      await sql`
        create function pg_temp.audit_rows(id0 bigint, prev text) returns setof audit_log language plpgsql as $$
        declare
          r audit_log;
        begin
          for r in
            select null::bigint, g.occurred_at, g.actor_staff_id, g.actor_email, g.action, g.resource_type, g.resource_id,
              g.before, g.after, g.reason, g.request_id, g.ip, g.user_agent, null::text,
              '|' || to_char(g.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                || '|' || coalesce(g.actor_staff_id::text, '') || '|' || g.actor_email || '|' || g.action
                || '|' || g.resource_type || '|' || g.resource_id || '|' || coalesce(g.before::text, 'null')
                || '|' || coalesce(g.after::text, 'null') || '|' || g.reason || '|' || coalesce(g.request_id, '')
                || '|' || coalesce(g.ip, '') || '|' || coalesce(g.user_agent, '')
            from pg_temp.bench_audit_source g
          loop
            id0 := id0 + 1;
            r.id := id0;
            r.prev_hash := prev;
            r.hash := encode(sha256(convert_to(prev || '|' || id0::text || r.hash, 'UTF8')), 'hex');
            -- The loader writes version-1 hashes (the '|'-joined text above); the verifier reads the version per row.
            r.hash_version := 1;
            -- Bench rows came through the web console (the column has a default, but a row variable starts as nulls).
            r.channel := 'web';
            prev := r.hash;
            return next r;
          end loop;
        end
        $$`.execute(conn);
      // A view takes no bind parameters: every value in it is a literal.
      const nowLit = sql`${sql.lit(now.toISOString())}::timestamptz`;
      await sql`
        create temp view bench_audit_source as
        select ${nowLit} - ${sql.lit(historyDays)} * interval '1 day' + (i::float8 / ${sql.lit(BENCH_SCALE.auditRows)}) * (${sql.lit(historyDays)} * interval '1 day' - interval '1 day') as occurred_at,
          (${textArray(actors.map((a) => a.id))}::uuid[])[1 + i % ${sql.lit(actors.length)}] as actor_staff_id,
          (${textArray(actors.map((a) => a.email))})[1 + i % ${sql.lit(actors.length)}] as actor_email,
          (array['users.pii.reveal','bookings.note','notifications.resend','refunds.create','credits.adjust','webhooks.replay'])[1 + i % 6] as action,
          case when i % 6 in (0, 4) then 'user' when i % 6 = 5 then 'webhook_event' else 'booking' end as resource_type,
          case when i % 6 in (0, 4) then pg_temp.uid('u', ${sql.lit(instructors + 1)} + i % ${sql.lit(students)})::text
            when i % 6 = 5 then pg_temp.uid('wh', i)::text else pg_temp.uid('b', 1 + i % ${sql.lit(bookings)})::text end as resource_id,
          null::jsonb as before, case when i % 6 = 4 then '{"balanceCents":1000}'::jsonb end as after,
          'Ticket follow-up'::text as reason, 'req_' || pg_temp.tok('req', i::text, 16) as request_id,
          '10.0.' || (i % 10) || '.' || (2 + i % 250) as ip, 'Mozilla/5.0'::text as user_agent
        from generate_series(1::bigint, ${sql.lit(BENCH_SCALE.auditRows)}::bigint) i
        offset 0`.execute(conn);
      await sql`begin`.execute(conn);
      try {
        // The chain's lock, as the trigger takes it; the trigger is off only inside this transaction.
        await sql`select pg_advisory_xact_lock(7242001)`.execute(conn);
        await sql`alter table audit_log disable trigger audit_log_chain`.execute(conn);
        await sql`
          insert into audit_log
          select * from pg_temp.audit_rows(
            coalesce((select max(id) from audit_log), 0),
            coalesce((select hash from audit_log order by id desc limit 1), 'genesis'))`.execute(conn);
        await sql`alter table audit_log enable trigger audit_log_chain`.execute(conn);
        await sql`select setval(pg_get_serial_sequence('audit_log', 'id'), (select max(id) from audit_log))`.execute(conn);
        await sql`commit`.execute(conn);
      } catch (error) {
        await sql`rollback`.execute(conn);
        throw error;
      }
    });
    await step('event tables: rebuild indexes', () => restoreDeferred(conn, deferred, EVENT_TABLES));
    await step('event tables: vacuum and analyze', () => vacuumAnalyze(conn, EVENT_TABLES));
  });
  const failed = (await Promise.allSettled([core, events])).flatMap((r): unknown[] =>
    r.status === 'rejected' ? [r.reason] : [],
  );
  if (failed.length === 1) throw failed[0];
  if (failed.length > 1) throw new AggregateError(failed, 'the bench data set did not load');

  await inSession(db, async (conn) => {
    // The planted stories after the bulk rows: their audit entries extend the chain through the trigger.
    await step('planted stories', () => insertRowSet(conn, { ...stories, audit_log: storyAudit }));
    await step('audit log: verify the chain (sampled)', () => verifyAuditSample(conn));
    await step('analyze the small tables', () => sql`analyze ${sql.join(SMALL_TABLES.map((t) => sql.table(t)))}`.execute(conn));
    await sql`
      create table ${sql.table(MARKER_TABLE)} (loaded_at timestamptz not null, data_now timestamptz not null, scale jsonb not null)`.execute(
      conn,
    );
    await sql`
      insert into ${sql.table(MARKER_TABLE)} (loaded_at, data_now, scale)
      values (now(), ${nowTs}, ${JSON.stringify(BENCH_SCALE)}::jsonb)`.execute(conn);
  });

  const elapsedMs = Math.round(performance.now() - started);
  const counts: Partial<Record<keyof Database, number>> = {};
  for (const table of [...BULK_TABLES, 'booking_notes', 'notifications'] as const) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
    counts[table] = r.rows[0]?.n ?? 0;
  }
  for (const [table, n] of Object.entries(countRowSet(small))) if (!(table in counts)) counts[table as keyof Database] = n;
  return { counts, elapsedMs };
}
