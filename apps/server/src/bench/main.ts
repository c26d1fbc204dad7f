import { sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest, openDatabase, type DbHandles } from '@ops/db';
import { benchHasData, benchIsLoaded, loadBenchData } from '@ops/db/bench/load';
import { sampleStaff } from '../bootstrap.js';
import { guardWriteTarget } from '../cli/production-guard.js';
import { createContextInner, type Services } from '../context.js';
import { refreshRollups } from '../domain/analytics/rollups.js';
import { createIntegrations } from '../integrations/index.js';
import { createLogger } from '../logger.js';
import { appRouter } from '../routers/_app.js';
import { testConfig } from '../testing.js';
import { createCallerFactory } from '../trpc.js';
import { BENCH_CASES } from './registry.js';
import type { BenchCase, BenchContext } from './types.js';

/**
 * `npm run bench`: builds the bench data set once on TEST_DATABASE_URL (database `ops_bench`, reused when already
 * built), then runs every registered case and prints p50 / p95 / max against its DESIGN.md budget.
 */
const baseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const benchDbName = (process.env.BENCH_DATABASE ?? 'ops_bench').replace(/"/g, '');
/** The api pool serves the throughput cases, so it holds as many connections as the widest of them. */
const API_POOL_MAX = Math.max(10, ...BENCH_CASES.map((c) => c.throughput?.connections ?? 0));

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function ensureDatabase(): Promise<string> {
  await admin(async (c) => {
    const exists = await c.query('select 1 from pg_database where datname = $1', [benchDbName]);
    if (exists.rowCount === 0) await c.query(`create database "${benchDbName}"`);
  });
  const url = new URL(baseUrl);
  url.pathname = `/${benchDbName}`;
  return url.toString();
}

async function recreateDatabase(): Promise<void> {
  await admin(async (c) => {
    await c.query(`drop database if exists "${benchDbName}" with (force)`);
    await c.query(`create database "${benchDbName}"`);
  });
}

function open(url: string): Promise<DbHandles> {
  return openDatabase({
    kind: 'postgres',
    url,
    pools: {
      api: { max: API_POOL_MAX, statementTimeoutMs: 120_000 },
      analytics: { max: 4, statementTimeoutMs: 600_000 },
      worker: { max: 3, statementTimeoutMs: 600_000 },
    },
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Builds the data set unless a complete one is there; a partial one (a load that stopped) is dropped first. */
async function prepare(url: string): Promise<DbHandles> {
  let dbs = await open(url);
  if (!(await guardWriteTarget(dbs.api, { kind: 'postgres', url }, process.argv.slice(2), 'bench loader'))) {
    await dbs.close();
    process.exit(3);
  }
  await migrateToLatest(dbs.api);
  const t0 = performance.now();
  if (await benchIsLoaded(dbs.api)) {
    say(`Bench data set already built: reusing it (checked in ${fmt(performance.now() - t0)}).`);
    return dbs;
  }
  if (await benchHasData(dbs.api)) {
    say(`Database ${benchDbName} holds a partial bench data set: recreating it.`);
    await dbs.close();
    await recreateDatabase();
    dbs = await open(url);
    await migrateToLatest(dbs.api);
  }
  say('Building the bench data set (once; reused afterwards)…');
  const summary = await loadBenchData(dbs.api, {
    staff: await sampleStaff(),
    onStep: (step, ms) => say(`  ${step.padEnd(44)} ${secs(ms).padStart(8)}`),
  });
  say(`Bench data loaded in ${secs(summary.elapsedMs)}`);
  say(
    `  ${Object.entries(summary.counts)
      .map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`)
      .join(', ')}`,
  );
  return dbs;
}

async function latency(c: BenchCase, ctx: BenchContext): Promise<{ ok: boolean; line: string }> {
  for (let i = 0; i < Math.min(5, c.iterations); i++) await c.run(ctx, i);
  const times: number[] = [];
  for (let i = 0; i < c.iterations; i++) {
    const t0 = performance.now();
    await c.run(ctx, i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  let base = '';
  if (c.baseline) {
    const bt: number[] = [];
    // Bare SQL over the raw tables can take seconds a call: at most 20 calls, and none started after 5 s (at least 3).
    const until = performance.now() + 5_000;
    for (let i = 0; i < Math.min(c.iterations, 20) && (i < 3 || performance.now() < until); i++) {
      const t0 = performance.now();
      await c.baseline(ctx, i);
      bt.push(performance.now() - t0);
    }
    bt.sort((a, b) => a - b);
    base = `  bare SQL p50 ${fmt(percentile(bt, 50))} (${bt.length} calls)`;
  }
  const ok = p95 <= c.budgetMs;
  return {
    ok,
    line: `${ok ? 'ok  ' : 'OVER'} ${c.name.padEnd(52)} p50 ${fmt(percentile(times, 50)).padStart(9)}  p95 ${fmt(p95).padStart(9)}  max ${fmt(times.at(-1) ?? 0).padStart(9)}  budget p95 ≤ ${c.budgetMs} ms${base}`,
  };
}

async function throughput(
  c: BenchCase,
  t: NonNullable<BenchCase['throughput']>,
  ctx: BenchContext,
): Promise<{ ok: boolean; line: string }> {
  // Warm every connection of the pool first.
  await Promise.all(Array.from({ length: t.connections }, (_, k) => c.run(ctx, k)));
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + t.durationMs;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await c.run(ctx, next++);
      times.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: t.connections }, () => worker()));
  const elapsed = performance.now() - started;
  const rate = (times.length * 1000) / elapsed;
  times.sort((a, b) => a - b);
  const ok = rate >= t.minPerSecond;
  return {
    ok,
    line: `${ok ? 'ok  ' : 'OVER'} ${c.name.padEnd(52)} ${`${Math.round(rate).toLocaleString('en-US')} req/s`.padStart(13)}  (${times.length.toLocaleString('en-US')} calls in ${secs(elapsed)}; p50 ${fmt(percentile(times, 50))}, p95 ${fmt(percentile(times, 95))} under load)  budget ≥ ${t.minPerSecond.toLocaleString('en-US')} req/s`,
  };
}

async function main(): Promise<void> {
  const url = await ensureDatabase();
  const dbs = await prepare(url);
  const config = testConfig({ DATABASE_URL: url });
  // Reports read daily rollups in the business zone; build them before timing so the timed calls are the steady
  // state: all of them after a load, and only the days since the last run when the data set is reused.
  const r0 = performance.now();
  const tz = config.BUSINESS_TIME_ZONE;
  const built = await dbs.api
    .selectFrom('rollup_days')
    .select((eb) => eb.fn.max('day').as('day'))
    .where('time_zone', '=', tz)
    .executeTakeFirst();
  const lastDay = built?.day ?? null;
  const refreshed = await refreshRollups(dbs.api, lastDay === null ? { timeZone: tz } : { from: lastDay, timeZone: tz });
  await sql`analyze daily_revenue_rollup, daily_funnel_rollup, daily_search_rollup, daily_zero_search_rollup,
    daily_annotation_rollup, monthly_cohort_rollup, monthly_cohort_size, rollup_days`.execute(dbs.api);
  say(
    `Rollups ${refreshed.full ? 'built' : `refreshed from ${refreshed.from}`} (${refreshed.days} day${refreshed.days === 1 ? '' : 's'}) in ${secs(performance.now() - r0)}`,
  );

  const logger = createLogger('silent');
  const integrations = await createIntegrations(config, { db: dbs.api, logger });
  const services: Services = { config, dbs, integrations, logger, now: () => new Date() };
  const createCaller = createCallerFactory(appRouter);
  const staffRows = await dbs.api.selectFrom('staff_users').select(['id', 'email', 'name', 'role']).execute();
  const callerFor = (role: 'admin' | 'support' | 'exec') => {
    const s = staffRows.find((r) => r.role === role);
    if (!s) throw new Error(`bench data has no ${role} staff account`);
    return createCaller(createContextInner({ services, staff: { ...s, sessionId: null } }));
  };
  const users = await sql<{ id: string; email: string; phone: string | null }>`
    select id, email, phone from users tablesample system (1) limit 500`.execute(dbs.api);
  const bookings = await sql<{ id: string; short_id: string }>`
    select id, short_id from bookings tablesample system (1) limit 500`.execute(dbs.api);
  const ctx: BenchContext = {
    dbs,
    admin: callerFor('admin'),
    support: callerFor('support'),
    exec: callerFor('exec'),
    sample: {
      userIds: users.rows.map((r) => r.id),
      emails: users.rows.map((r) => r.email),
      phones: users.rows.flatMap((r) => (r.phone ? [r.phone] : [])),
      bookingIds: bookings.rows.map((r) => r.id),
      bookingShortIds: bookings.rows.map((r) => r.short_id),
    },
  };

  say('');
  let over = 0;
  for (const c of BENCH_CASES) {
    const result = c.throughput ? await throughput(c, c.throughput, ctx) : await latency(c, ctx);
    if (!result.ok) over++;
    say(result.line);
  }
  say(`\n${BENCH_CASES.length - over} within budget, ${over} over budget`);
  await integrations.close();
  await dbs.close();
}

await main();
