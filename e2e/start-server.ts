import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startConsole } from '../apps/server/src/bootstrap.js';
import { loadConfig } from '../apps/server/src/env.js';

/**
 * The e2e server: a fresh sample database every run (a new PGlite folder, or a new database on TEST_DATABASE_URL),
 * stand-ins for every vendor, the built SPA. Exactly what `npm start` runs, on its own port.
 */
const port = process.env.E2E_PORT ?? '3100';
const env: Record<string, string | undefined> = {
  ...process.env,
  PORT: port,
  HOST: '127.0.0.1',
  SAMPLE_MODE: 'true',
  LOG_LEVEL: 'warn',
  // The Stripe stand-in's test hooks (refund lifecycle spec) listen on a port the specs can compute.
  STRIPE_STANDIN_PORT: String(Number(port) + 1500),
  // The win-back campaign spec sends to some ten thousand sample people; at the default 50 a second that is minutes.
  EMAIL_RATE_PER_SECOND: '1000',
};

if (process.env.TEST_DATABASE_URL) {
  const name = `ops_e2e_${port}`;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(process.env.TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
} else {
  const dir = join(tmpdir(), `ops-console-e2e-${port}`);
  rmSync(dir, { recursive: true, force: true });
  env.DATA_DIR = dir;
  delete env.DATABASE_URL;
}

const running = await startConsole(loadConfig(env));
const stop = (): void => {
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
