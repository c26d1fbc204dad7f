import { sql } from 'kysely';
import { migrateToLatest, openDatabase, type DbHandles } from '@ops/db';
import { benchHasData, benchIsLoaded, loadBenchData } from '@ops/db/bench/load';
import { SAMPLE_PASSWORD, SAMPLE_STAFF } from '@ops/shared';
import { sampleStaff } from '../bootstrap.js';
import { guardWriteTarget } from '../cli/production-guard.js';
import { createContextInner, type Services } from '../context.js';
import { refreshChangedDays } from '../domain/analytics/worker.js';
import { createIntegrations } from '../integrations/index.js';
import { createLogger } from '../logger.js';
import { CONSOLE_ACTIONS } from '../routers/action-list.js';
import { appRouter } from '../routers/_app.js';
import { testConfig } from '../testing.js';
import { createCallerFactory } from '../trpc.js';
import { benchCases, pickSample, type HttpCase } from './cases.js';
import { startConsoleProcess } from './console-process.js';
import { benchOwnedDatabase, hasMarker, recreate } from './database.js';
import { cpuTicks } from './embedded-rss.js';
import { ConsoleClient, drive, load, replay, type RunStats, type Statement } from './http.js';
import { ensureWebBuild, webFigures } from './web.js';

/**
 * `npm run bench`: the console measured the way people use it. It starts the server as its own process (default
 * pool sizes, its worker running, request logging on), signs in over HTTP, and sends each request over HTTP at 1
 * and 50 connections. The bare-SQL baseline is the very statements those requests ran (captured from Kysely for the
 * same inputs) replayed over `pg` at the same concurrency. Every line: product / bare / ratio / budget / load.
 *
 * Database: BENCH_DATABASE_URL names one to use as it is (it is migrated and written to, never dropped); otherwise
 * the bench creates BENCH_DATABASE (default ops_bench) next to TEST_DATABASE_URL, marks it as its own with a marker
 * table, and only ever drops a database that carries that marker.
 *
 * Parts alone: BENCH_ONLY=lookups,revenue runs the cases whose names contain any of those words (case-insensitive);
 * BENCH_WEB=0 leaves out the web and embedded figures; BENCH_CPU_PROF=<folder> has the console write a CPU profile there.
 */
const started = performance.now();
const PORT = Number(process.env.BENCH_PORT ?? 3900);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const ONLY = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((w) => w.trim().toLowerCase())
  .filter((w) => w.length > 0);
const WEB = process.env.BENCH_WEB !== '0';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The database to bench on, and whether the bench created it (and so may drop it). */
async function benchDatabase(): Promise<{ url: string; owned: boolean; name: string }> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) return { url: given, owned: await hasMarker(given), name: new URL(given).pathname.slice(1) };
  const name = process.env.BENCH_DATABASE ?? 'ops_bench';
  const db = await benchOwnedDatabase(name);
  if (db.created) say(`Created database ${name} (marked as the bench's own).`);
  return { url: db.url, owned: db.owned, name };
}

function openLong(url: string): Promise<DbHandles> {
  return openDatabase({
    kind: 'postgres',
    url,
    pools: {
      api: { max: 4, statementTimeoutMs: 600_000 },
      analytics: { max: 2, statementTimeoutMs: 600_000 },
      worker: { max: 2, statementTimeoutMs: 600_000 },
    },
  });
}

async function prepare(db: { url: string; owned: boolean; name: string }): Promise<DbHandles> {
  let dbs = await openLong(db.url);
  if (!(await guardWriteTarget(dbs.api, { kind: 'postgres', url: db.url }, process.argv.slice(2), 'bench loader'))) {
    await dbs.close();
    process.exit(3);
  }
  await migrateToLatest(dbs.api);
  if (await benchIsLoaded(dbs.api)) {
    say(`Bench data set already in ${db.name}: reusing it.`);
  } else {
    if (await benchHasData(dbs.api)) {
      if (!db.owned) throw new Error(`${db.name} holds data but no complete bench data set, and the bench did not create it`);
      say(`${db.name} holds a partial bench data set (a load that stopped): recreating it.`);
      await dbs.close();
      await recreate(db.name, db.url);
      dbs = await openLong(db.url);
      await migrateToLatest(dbs.api);
    }
    say('Building the bench data set (once; reused afterwards)…');
    const summary = await loadBenchData(dbs.api, {
      staff: await sampleStaff(),
      onStep: (step, ms) => say(`  ${step.padEnd(44)} ${secs(ms).padStart(8)}`),
    });
    say(`Bench data loaded in ${secs(summary.elapsedMs)}`);
  }
  // The server's own worker keeps the rollups fresh; a first build of the whole history is part of the load.
  const r0 = performance.now();
  const pass = await refreshChangedDays(dbs.worker, testConfig().BUSINESS_TIME_ZONE, new Date(), { minIntervalMs: 0 });
  say(
    `Rollup refresher pass: ${pass.outcome}, ${pass.days} days${pass.full ? ' (first, full build)' : ''} in ${secs(performance.now() - r0)}`,
  );
  await sql`analyze`.execute(dbs.api);
  return dbs;
}

/** The statements one warm request runs: the same procedure called in-process for each input, Kysely's queries logged. */
async function captureStatements(dbs: DbHandles, services: Services, c: HttpCase): Promise<Statement[][]> {
  const staff = await dbs.api
    .selectFrom('staff_users')
    .select(['id', 'email', 'name', 'role'])
    .where('role', '=', c.role)
    .executeTakeFirstOrThrow();
  const caller = createCallerFactory(appRouter)(createContextInner({ services, staff: { ...staff, sessionId: null } }));
  const out: Statement[][] = [];
  const [feature, proc] = c.path.split('.') as [string, string];
  const router = (caller as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>)[feature];
  const fn = router?.[proc];
  if (!fn) throw new Error(`no procedure ${c.path}`);
  for (const input of c.inputs.slice(0, 50)) {
    // Warm, as the timed runs are (they start after warm-up calls): a cached report sends what a cache hit sends.
    await fn(input);
    const seen: Statement[] = [];
    const stop = dbs.onQuery((e) => seen.push({ sql: e.query.sql, parameters: e.query.parameters }));
    try {
      await fn(input);
    } finally {
      stop();
    }
    out.push(seen);
  }
  return out;
}

const ms = (x: number): string => `${x.toFixed(1)} ms`;
const rate = (x: number): string => `${Math.round(x).toLocaleString('en-US')}/s`;

/** Kernel clock ticks per second (USER_HZ), the unit of /proc/<pid>/stat's CPU times on Linux. */
const TICK_MS = 10;

/** How long the worker must send nothing before a run starts, and how long the bench waits for that at most. */
const QUIET_MS = 1_000;
const QUIET_WAIT_MS = 180_000;

/**
 * Waits until the console's worker has sent no statement for QUIET_MS. Its rollup pass takes one of the two cores for
 * seconds every minute (the first one as the console starts); falling into some runs and not others (the bare
 * replay's included), it would make the ratio measure the pass instead of the request. Runs start between passes.
 */
async function workerQuiet(db: DbHandles['api']): Promise<void> {
  const deadline = Date.now() + QUIET_WAIT_MS;
  let quietSince = Date.now();
  while (Date.now() - quietSince < QUIET_MS) {
    if (Date.now() > deadline) throw new Error(`the console's worker did not go quiet within ${QUIET_WAIT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
    const busy = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and application_name = 'ops-console-worker' and state <> 'idle'`.execute(db);
    if ((busy.rows[0]?.n ?? 0) > 0) quietSince = Date.now();
  }
}

/** A product run and the console's CPU time over it: on a shared machine, CPU per request is the steadier figure. */
async function measured(
  pid: number | undefined,
  run: () => Promise<RunStats>,
): Promise<{ stats: RunStats; cpuMsPerRequest: number | null }> {
  const before = pid === undefined ? 0 : cpuTicks([pid]);
  const stats = await run();
  const used = pid === undefined ? null : (cpuTicks([pid]) - before) * TICK_MS;
  return { stats, cpuMsPerRequest: used === null || stats.n === 0 ? null : used / stats.n };
}

function line(
  name: string,
  conns: number,
  { stats: product, cpuMsPerRequest }: { stats: RunStats; cpuMsPerRequest: number | null },
  bare: RunStats | null,
  budget: { p95Ms?: number; minPerSecond?: number },
): boolean {
  const okP95 = budget.p95Ms === undefined || product.p95 <= budget.p95Ms;
  const okRate = budget.minPerSecond === undefined || product.perSecond >= budget.minPerSecond;
  const ok = okP95 && okRate && product.errors === 0;
  const budgetText = [
    budget.p95Ms !== undefined ? `p95 ≤ ${budget.p95Ms} ms` : null,
    budget.minPerSecond !== undefined ? `≥ ${budget.minPerSecond.toLocaleString('en-US')}/s` : null,
  ]
    .filter(Boolean)
    .join(', ');
  say(
    `${ok ? 'ok  ' : 'OVER'} ${name.slice(0, 62).padEnd(62)} c=${String(conns).padEnd(3)}` +
      (bare === null
        ? // The request sent no SQL (an answer from memory): there is nothing bare to compare it with.
          ` p95 ${ms(product.p95).padStart(9)} / no SQL` +
          ' '.repeat(11) +
          `  rate ${rate(product.perSecond).padStart(8)} / no SQL` +
          ' '.repeat(10)
        : ` p95 ${ms(product.p95).padStart(9)} / ${ms(bare.p95).padStart(8)} = ${(product.p95 / Math.max(bare.p95, 0.001)).toFixed(1).padStart(5)}x` +
          `  rate ${rate(product.perSecond).padStart(8)} / ${rate(bare.perSecond).padStart(8)} = ${(product.perSecond / Math.max(bare.perSecond, 0.001)).toFixed(2).padStart(5)}x`) +
      `  budget ${budgetText.padEnd(24)} console cpu ${cpuMsPerRequest === null ? '?' : cpuMsPerRequest.toFixed(2)} ms/req` +
      `  load ${load()}${product.errors > 0 ? `  ${product.errors} errors` : ''}`,
  );
  return ok;
}

async function main(): Promise<void> {
  const db = await benchDatabase();
  const dbs = await prepare(db);
  const config = testConfig({ DATABASE_URL: db.url });
  const logger = createLogger('silent');
  const integrations = await createIntegrations(config, { db: dbs.api, logger });
  const services: Services = { actions: CONSOLE_ACTIONS, config, dbs, integrations, logger, now: () => new Date() };
  const sample = await pickSample(dbs.api);
  const cases = benchCases(sample).filter((c) => ONLY.length === 0 || ONLY.some((w) => c.name.toLowerCase().includes(w)));

  if (WEB) await ensureWebBuild(say);
  const server = await startConsoleProcess({
    databaseUrl: db.url,
    port: PORT,
    sampleMode: false,
    logLevel: 'info',
    timeoutMs: 120_000,
  });
  const base = new URL(`http://127.0.0.1:${PORT}`);
  const clients = {
    support: new ConsoleClient(base),
    exec: new ConsoleClient(base),
  };
  const email = (role: string): string => SAMPLE_STAFF.find((s) => s.role === role)?.email ?? `${role}@ops.example`;
  await clients.support.login(email('support'), SAMPLE_PASSWORD);
  await clients.exec.login(email('exec'), SAMPLE_PASSWORD);

  say('');
  say(
    `Over HTTP against a started server (pools api 10 / analytics 4 / worker 3, worker running, logging on), ${DURATION_MS / 1000} s per run,`,
  );
  say("each run (product and bare) started once the worker's rollup pass is over.");
  say(
    'Each line: product / bare SQL = ratio, for p95 latency and completed requests per second; bare SQL = the same statements replayed over pg, prepared as the console prepares them;',
  );
  say("console cpu = the console process's CPU time over the run (warm-up calls included) per completed request.");
  let over = 0;
  let total = 0;
  for (const c of cases) {
    const statements = await captureStatements(dbs, services, c);
    const client = clients[c.role];
    const send = (i: number): Promise<boolean> => client.query(c.path, c.inputs[i % c.inputs.length]);
    await workerQuiet(dbs.api);
    const p1 = await measured(server.pid, () => drive(1, { durationMs: DURATION_MS, maxRequests: 1_000 }, send));
    const sendsSql = statements.some((request) => request.length > 0);
    if (sendsSql) await workerQuiet(dbs.api);
    const b1 = sendsSql
      ? await replay(db.url, 1, statements, { durationMs: DURATION_MS, maxRequests: 1_000, prepared: true })
      : null;
    total++;
    if (!line(`${c.name} (${statements[0]?.length ?? 0} statements)`, 1, p1, b1, { p95Ms: c.p95Ms })) over++;
    if (c.at50) {
      await workerQuiet(dbs.api);
      const p50 = await measured(server.pid, () => drive(50, { durationMs: DURATION_MS }, send));
      if (sendsSql) await workerQuiet(dbs.api);
      const b50 = sendsSql ? await replay(db.url, 50, statements, { durationMs: DURATION_MS, prepared: true }) : null;
      total++;
      if (!line(c.name, 50, p50, b50, c.at50)) over++;
    }
  }
  clients.support.close();
  clients.exec.close();

  if (WEB) {
    say('');
    const web = await webFigures({ port: PORT, say, login: { email: email('admin'), password: SAMPLE_PASSWORD } });
    total += web.total;
    over += web.over;
  }
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));

  await integrations.close();
  await dbs.close();
  say(`\n${total - over} within budget, ${over} over budget; bench ran ${secs(performance.now() - started)} (load ${load()})`);
}

await main();
