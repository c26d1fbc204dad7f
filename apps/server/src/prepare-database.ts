import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { grantAppRole, markEnvironment, migrateToLatest, openDatabase, type Db, type DbHandles, type DbTarget } from '@ops/db';
import { loadSampleData } from '@ops/db/seed/sample';
import { SAMPLE_PASSWORD, SAMPLE_STAFF } from '@ops/shared';
import { refreshChangedDays } from './domain/analytics/worker.js';
import { hashPassword } from './domain/passwords.js';
import { ConfigError, type Config } from './env.js';

/**
 * The database's side of a start: which database, migrations, the environment marker and the sample data. Apart from
 * the HTTP server and its integrations, so the child process that seeds a new embedded folder (prepare-embedded.ts)
 * loads only this.
 */

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
