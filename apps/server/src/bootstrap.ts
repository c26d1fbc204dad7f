import { execFileSync, fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type DbTarget } from '@ops/db';
import type { Services } from './context.js';
import { ConfigError, type Config } from './env.js';
import { createMetrics } from './http/metrics.js';
import { buildServer } from './http/server.js';
import { registerPrivacyRoutes } from './http/privacy.js';
import { registerWebhookRoutes } from './http/webhooks.js';
import { registerSelfObservability } from './http/self-observability.js';
import { createIntegrations } from './integrations/index.js';
import { createLogger } from './logger.js';
import { dbTarget, prepareDatabase, type PreparedDatabase } from './prepare-database.js';
import type { PrepareReply } from './prepare-embedded.js';
import { CONSOLE_ACTIONS } from './routers/action-list.js';
import { CONSOLE_WORKERS, SAMPLE_WORKERS } from './worker-list.js';
import { startWorkers } from './workers.js';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '../../..');

export { dbTarget, prepareDatabase, sampleStaff, type PreparedDatabase } from './prepare-database.js';

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

/**
 * V8 compiles PGlite's PostgreSQL (a 10 MB WebAssembly module) with its baseline compiler, then recompiles every
 * function that gets hot with its optimizing compiler on background threads. That compiler's working memory stays in
 * glibc's per-thread malloc arenas, which keep it: 50-90 MB of the server's resident memory at rest, a different
 * amount each run, more after a report refresh warms new functions. The long-lived server keeps PGlite on the baseline
 * code: a report query over the sample data runs 1.2-1.5x slower once warm, and several times faster in the first
 * seconds after a start. Set before the module is compiled; a Postgres-backed console loads no PGlite and is left
 * alone. The child that seeds a new folder, one long CPU-bound job, keeps V8's default.
 */
function keepPgliteOnBaselineCode(target: DbTarget): void {
  if (target.kind === 'pglite') setFlagsFromString('--liftoff-only');
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
  keepPgliteOnBaselineCode(target);
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
  const services: Services = { actions: CONSOLE_ACTIONS, config, dbs, integrations, logger, now: () => new Date() };
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
  const workers = startWorkers(services, config.sampleMode ? [...CONSOLE_WORKERS, ...SAMPLE_WORKERS] : CONSOLE_WORKERS);
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
