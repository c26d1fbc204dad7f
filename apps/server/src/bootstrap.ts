import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { grantAppRole, markEnvironment, migrateToLatest, openDatabase, type Db, type DbHandles, type DbTarget } from '@ops/db';
import { loadSampleData } from '@ops/db/seed/sample';
import { SAMPLE_PASSWORD, SAMPLE_STAFF } from '@ops/shared';
import type { Services } from './context.js';
import { refreshChangedDays } from './domain/analytics/worker.js';
import { hashPassword } from './domain/passwords.js';
import { ConfigError, type Config } from './env.js';
import { createMetrics } from './http/metrics.js';
import { buildServer } from './http/server.js';
import { registerPrivacyRoutes } from './http/privacy.js';
import { registerWebhookRoutes } from './http/webhooks.js';
import { registerSelfObservability } from './http/self-observability.js';
import { createIntegrations } from './integrations/index.js';
import { createLogger } from './logger.js';
import type { PrepareReply } from './prepare-embedded.js';
import { CONSOLE_WORKERS } from './worker-list.js';
import { startWorkers } from './workers.js';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '../../..');

export function dbTarget(config: Config): DbTarget {
  if (config.DATABASE_URL) {
    return {
      kind: 'postgres',
      url: config.DATABASE_URL,
      analyticsUrl: config.ANALYTICS_DATABASE_URL,
      pools: {
        api: { max: config.DB_POOL_API_MAX, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS },
        analytics: { max: config.DB_POOL_ANALYTICS_MAX, statementTimeoutMs: config.DB_ANALYTICS_STATEMENT_TIMEOUT_MS },
        worker: { max: config.DB_POOL_WORKER_MAX, statementTimeoutMs: config.DB_ANALYTICS_STATEMENT_TIMEOUT_MS },
      },
      preparedStatements: config.DB_PREPARED_STATEMENTS === 'true',
    };
  }
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  return { kind: 'pglite', dataDir };
}

export async function sampleStaff(): Promise<
  Array<{ email: string; name: string; role: (typeof SAMPLE_STAFF)[number]['role']; passwordHash: string }>
> {
  // One hash for the shared, published sample password: at today's scrypt cost each hash takes a while.
  const passwordHash = await hashPassword(SAMPLE_PASSWORD);
  return SAMPLE_STAFF.map((s) => ({ ...s, passwordHash }));
}

/** One line naming the variable, instead of a stack trace, when the database cannot be reached at start. */
async function assertConnects(db: Db, variable: string): Promise<void> {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] || 'no answer';
    throw new ConfigError(`${variable}: cannot connect (${reason})`);
  }
}

/**
 * With DATABASE_OWNER_URL, the schema owner migrates and then grants the application's role (DATABASE_URL's user)
 * ordinary rights on every table except the audit tables, where it may only INSERT and SELECT. Without it, the one
 * role in DATABASE_URL migrates (the embedded default works this way).
 */
async function migrateAsOwner(dbs: DbHandles, config: Config): Promise<string[] | null> {
  if (!config.DATABASE_OWNER_URL || dbs.kind !== 'postgres') return null;
  const owner = await openDatabase({
    kind: 'postgres',
    url: config.DATABASE_OWNER_URL,
    pools: { api: { max: 1, statementTimeoutMs: 0 } },
  });
  try {
    await assertConnects(owner.api, 'DATABASE_OWNER_URL');
    const migrated = await migrateToLatest(owner.api);
    const { rows } = await sql<{ app: string }>`select current_user as app`.execute(dbs.api);
    const { rows: ownerRows } = await sql<{ name: string }>`select current_user as name`.execute(owner.api);
    const appRole = rows[0]?.app;
    if (appRole && appRole !== ownerRows[0]?.name) await grantAppRole(owner.api, appRole);
    return migrated;
  } finally {
    await owner.close();
  }
}

export interface PreparedDatabase {
  migrated: string[];
  seededMs: number | null;
}

/** Migrates, checks (or records) the database's environment marker, and in sample mode fills an empty database with the sample data set. Returns what it did. */
export async function prepareDatabase(dbs: DbHandles, config: Config): Promise<PreparedDatabase> {
  if (dbs.kind === 'postgres') await assertConnects(dbs.api, 'DATABASE_URL');
  const migrated = (await migrateAsOwner(dbs, config)) ?? (await migrateToLatest(dbs.api));
  const marked = await markEnvironment(dbs.api, config.environment);
  if (marked !== config.environment) {
    throw new ConfigError(
      `Invalid configuration:\n  ENVIRONMENT: this console says ${config.environment} but the database is marked ${marked}; point it at the right database or fix ENVIRONMENT`,
    );
  }
  if (!config.sampleMode) return { migrated, seededMs: null };
  const staff = await dbs.api.selectFrom('staff_users').select('id').limit(1).execute();
  if (staff.length > 0) return { migrated, seededMs: null };
  const started = performance.now();
  await loadSampleData(dbs.api, { staff: await sampleStaff() });
  // Reports only read rollups: build them with the data, so the first page shown has numbers.
  await refreshChangedDays(dbs.worker, config.BUSINESS_TIME_ZONE, new Date());
  return { migrated, seededMs: Math.round(performance.now() - started) };
}

function gitSha(config: Config): string {
  if (config.GIT_SHA) return config.GIT_SHA;
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

function appVersion(config: Config): string {
  if (config.APP_VERSION) return config.APP_VERSION;
  const pkg = JSON.parse(readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** A PGlite folder with no database in it yet: the embedded default's first start. */
function isNewPgliteFolder(target: DbTarget): boolean {
  return target.kind === 'pglite' && target.dataDir !== null && !existsSync(join(target.dataDir, 'PG_VERSION'));
}

/**
 * PGlite's WebAssembly memory grows to the most it ever held and is never given back: seeding the sample data set in
 * the server's own process left it ~170 MB bigger at rest than a restart on the same folder. So a new folder is
 * created, migrated and seeded by a short-lived child process (prepare-embedded.ts) whose memory goes back to the
 * system when it exits; the server opens the folder once the child has closed it.
 */
export async function prepareInChildProcess(config: Config): Promise<PreparedDatabase> {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const child = fork(fileURLToPath(new URL(`./prepare-embedded.${ext}`, import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  return new Promise((done, fail) => {
    let answer: PrepareReply | null = null;
    child.once('message', (message) => {
      answer = message as PrepareReply;
    });
    child.once('error', fail);
    child.once('exit', (code) => {
      if (answer === null)
        fail(new Error(`preparing the embedded database: the child process exited with ${code} and no answer`));
      else if (answer.ok) done(answer.prepared);
      else
        fail(
          answer.configError ? new ConfigError(answer.message) : new Error(`preparing the embedded database: ${answer.message}`),
        );
    });
    child.send(config);
  });
}

export interface RunningConsole {
  app: FastifyInstance;
  services: Services;
  url: string;
  close(): Promise<void>;
}

/** Everything `npm start` does after the build: database, integrations, workers, HTTP. */
export async function startConsole(config: Config): Promise<RunningConsole> {
  const logger = createLogger(config.LOG_LEVEL);
  const started = performance.now();
  const target = dbTarget(config);
  const seeded = config.sampleMode && isNewPgliteFolder(target) ? await prepareInChildProcess(config) : null;
  const dbs = await openDatabase(target);
  let prepared: PreparedDatabase;
  try {
    prepared = await prepareDatabase(dbs, config);
    if (seeded !== null) prepared = seeded;
  } catch (error) {
    await dbs.close().catch(() => undefined);
    throw error;
  }
  if (prepared.seededMs !== null) logger.info({ ms: prepared.seededMs }, 'sample data loaded');
  const integrations = await createIntegrations(config, { db: dbs.api, logger });
  const services: Services = { config, dbs, integrations, logger, now: () => new Date() };
  const metrics = createMetrics(dbs.poolStats);
  const webRoot = resolve(REPO_ROOT, 'dist/web');
  const app = await buildServer({
    services,
    metrics,
    webRoot: existsSync(webRoot) ? webRoot : null,
    version: appVersion(config),
    sha: gitSha(config),
    extraRoutes: [registerWebhookRoutes, registerSelfObservability, registerPrivacyRoutes],
  });
  const workers = startWorkers(services, CONSOLE_WORKERS);
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = `http://localhost:${config.PORT}`;
  logger.info({ url, ms: Math.round(performance.now() - started), sampleMode: config.sampleMode }, 'ops console ready');
  return {
    app,
    services,
    url,
    async close() {
      await workers.stop();
      await app.close();
      await integrations.close();
      await dbs.close();
    },
  };
}
