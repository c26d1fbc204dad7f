import { afterAll, beforeAll } from 'vitest';
import type { Db, DbHandles } from '@ops/db';
import { DB_HOOK_TIMEOUT_MS, openTestDb } from './testing.js';

/**
 * A fresh migrated database for the calling test file (see `openTestDb`): opened before its tests and before the
 * hooks registered after this call, dropped after them. Read `.db` inside hooks and tests.
 */
export function useTestDb(): { readonly db: Db } {
  let opened: DbHandles | undefined;
  beforeAll(async () => {
    ({ dbs: opened } = await openTestDb());
  }, DB_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await opened?.close();
  });
  return {
    get db(): Db {
      if (!opened) throw new Error('the test database is not open yet (read it inside a hook or a test)');
      return opened.api;
    },
  };
}
