import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DbHandles } from './connection.js';
import { migrateToLatest } from './migrate.js';

export interface TestDatabase {
  dbs: DbHandles;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a uniquely named database on
 * TEST_DATABASE_URL's server (created here, dropped by `drop()`).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dbs = await openDatabase({ kind: 'pglite', dataDir: null });
    await migrateToLatest(dbs.api);
    return { dbs, drop: () => dbs.close() };
  }
  const name = `ops_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dbs = await openDatabase({ kind: 'postgres', url: url.toString() });
  await migrateToLatest(dbs.api);
  return {
    dbs,
    drop: async () => {
      await dbs.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
