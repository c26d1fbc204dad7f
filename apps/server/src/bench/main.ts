import { sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest, openDatabase } from '@ops/db';
import { benchIsLoaded, loadBenchData } from '@ops/db/bench/load';
import { sampleStaff } from '../bootstrap.js';
import { createContextInner, type Services } from '../context.js';
import { refreshRollups } from '../domain/analytics/rollups.js';
import { createIntegrations } from '../integrations/index.js';
import { createLogger } from '../logger.js';
import { appRouter } from '../routers/_app.js';
import { testConfig } from '../testing.js';
import { createCallerFactory } from '../trpc.js';
import { BENCH_CASES } from './registry.js';
import type { BenchContext } from './types.js';

/**
 * `npm run bench`: builds the bench data set once on TEST_DATABASE_URL (database `ops_bench`, reused when already
 * built), then runs every registered case and prints p50 / p95 / max against its DESIGN.md budget.
 */
const baseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const benchDbName = process.env.BENCH_DATABASE ?? 'ops_bench';

async function ensureDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [benchDbName]);
  if (exists.rowCount === 0) await admin.query(`create database "${benchDbName.replace(/"/g, '')}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${benchDbName}`;
  return url.toString();
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;

async function main(): Promise<void> {
  const url = await ensureDatabase();
  const dbs = await openDatabase({
    kind: 'postgres',
    url,
    pools: { api: { max: 10, statementTimeoutMs: 120_000 }, analytics: { max: 4, statementTimeoutMs: 600_000 } },
  });
  await migrateToLatest(dbs.api);
  if (!(await benchIsLoaded(dbs.api))) {
    process.stdout.write('Building the bench data set (once; reused afterwards)…\n');
    const summary = await loadBenchData(dbs.api, { staff: await sampleStaff() });
    process.stdout.write(`Bench data loaded in ${(summary.elapsedMs / 1000).toFixed(1)} s\n`);
  } else {
    process.stdout.write('Bench data set already built: reusing it.\n');
  }
  // Reports read daily rollups; build them once so the first timed call does not pay for it.
  await refreshRollups(dbs.api, { timeZone: 'America/New_York' });
  await sql`analyze`.execute(dbs.api);

  const config = testConfig({ DATABASE_URL: url });
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

  const rows: string[] = [];
  let over = 0;
  for (const c of BENCH_CASES) {
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
      for (let i = 0; i < Math.min(c.iterations, 20); i++) {
        const t0 = performance.now();
        await c.baseline(ctx, i);
        bt.push(performance.now() - t0);
      }
      bt.sort((a, b) => a - b);
      base = `  bare SQL p50 ${fmt(percentile(bt, 50))}`;
    }
    const ok = p95 <= c.budgetMs;
    if (!ok) over++;
    rows.push(
      `${ok ? 'ok  ' : 'OVER'} ${c.name.padEnd(48)} p50 ${fmt(percentile(times, 50)).padStart(9)}  p95 ${fmt(p95).padStart(9)}  max ${fmt(times.at(-1) ?? 0).padStart(9)}  budget ${c.budgetMs} ms${base}`,
    );
    process.stdout.write(`${rows.at(-1)}\n`);
  }
  process.stdout.write(`\n${BENCH_CASES.length - over} within budget, ${over} over budget\n`);
  await integrations.close();
  await dbs.close();
}

await main();
