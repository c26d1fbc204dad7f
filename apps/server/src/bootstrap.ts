import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { markEnvironment, migrateToLatest, openDatabase, type DbHandles, type DbTarget } from '@ops/db';
import { loadSampleData } from '@ops/db/seed/sample';
import { SAMPLE_PASSWORD, SAMPLE_STAFF } from '@ops/shared';
import type { Services } from './context.js';
import './domain/analytics/worker.js';
import { hashPassword } from './domain/passwords.js';
import './domain/communications/worker.js';
import { ConfigError, type Config } from './env.js';
import './domain/privacy/register-workers.js';
import './domain/refunds/register-workers.js';
import { createMetrics } from './http/metrics.js';
import { buildServer } from './http/server.js';
import { registerPrivacyRoutes } from './http/privacy.js';
import { registerWebhookRoutes } from './http/webhooks.js';
import { registerSelfObservability } from './http/self-observability.js';
import { createIntegrations } from './integrations/index.js';
import { createLogger } from './logger.js';
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
  return Promise.all(SAMPLE_STAFF.map(async (s) => ({ ...s, passwordHash: await hashPassword(SAMPLE_PASSWORD) })));
}

/** Migrates, checks (or records) the database's environment marker, and in sample mode fills an empty database with the sample data set. Returns what it did. */
export async function prepareDatabase(dbs: DbHandles, config: Config): Promise<{ migrated: string[]; seededMs: number | null }> {
  const migrated = await migrateToLatest(dbs.api);
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
  const prepared = await prepareDatabase(dbs, config);
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
  const workers = startWorkers(services);
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
