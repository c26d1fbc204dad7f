import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { grantAppRole, migrateToLatest, openDatabase, type Db, type DbHandles, type DbTarget } from '@ops/db';
import { loadSampleData } from '@ops/db/seed/sample';
import { SAMPLE_PASSWORD, SAMPLE_STAFF } from '@ops/shared';
import type { Services } from './context.js';
import { refreshChangedDays } from './domain/analytics/worker.js';
import { hashPassword } from './domain/passwords.js';
import { ConfigError, type Config } from './env.js';
import { createMetrics } from './http/metrics.js';
import { buildServer } from './http/server.js';
import { registerWebhookRoutes } from './http/webhooks.js';
import { registerSelfObservability } from './http/self-observability.js';
import { createIntegrations } from './integrations/index.js';
import { createLogger } from './logger.js';
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
  const owner = await openDatabase({ kind: 'postgres', url: config.DATABASE_OWNER_URL, pools: { api: { max: 1, statementTimeoutMs: 0 } } });
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

/** Migrates, and in sample mode fills an empty database with the sample data set. Returns what it did. */
export async function prepareDatabase(dbs: DbHandles, config: Config): Promise<{ migrated: string[]; seededMs: number | null }> {
  if (dbs.kind === 'postgres') await assertConnects(dbs.api, 'DATABASE_URL');
  const migrated = (await migrateAsOwner(dbs, config)) ?? (await migrateToLatest(dbs.api));
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
  const dbs = await openDatabase(dbTarget(config));
  let prepared: Awaited<ReturnType<typeof prepareDatabase>>;
  try {
    prepared = await prepareDatabase(dbs, config);
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
    extraRoutes: [registerWebhookRoutes, registerSelfObservability],
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
