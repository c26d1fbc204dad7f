import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { DbTarget } from './connection.js';

export type EnvironmentName = 'production' | 'staging' | 'development';

/**
 * The tier recorded in the database itself (`console_environment`), or null when the table or its row is missing
 * (an empty or unmigrated database). Write scripts read it before touching anything.
 */
export async function readEnvironmentMarker(db: Kysely<Database>): Promise<EnvironmentName | null> {
  const exists = await sql<{ present: boolean }>`select to_regclass('console_environment') is not null as present`.execute(db);
  if (exists.rows[0]?.present !== true) return null;
  const row = await db.selectFrom('console_environment').select('environment').executeTakeFirst();
  return row?.environment ?? null;
}

/** Records the tier when none is recorded yet; returns what the database is marked now. */
export async function markEnvironment(db: Kysely<Database>, environment: EnvironmentName): Promise<EnvironmentName> {
  await db
    .insertInto('console_environment')
    .values({ environment })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = await db.selectFrom('console_environment').select('environment').executeTakeFirstOrThrow();
  return row.environment;
}

/** A target named for a person: the URL without its password, or the embedded folder. */
export function describeTarget(target: DbTarget): string {
  if (target.kind === 'pglite') return `embedded database in ${target.dataDir ?? '(memory)'}`;
  try {
    const url = new URL(target.url);
    url.password = '';
    return `PostgreSQL ${url.toString()}`;
  } catch {
    return 'PostgreSQL (unparseable URL)';
  }
}
