import { afterAll, beforeAll } from 'vitest';
import type { Db, DbHandles } from '@ops/db';
import type { StripeStandin } from './integrations/stripe/standin.js';
import { DB_HOOK_TIMEOUT_MS, createHarness, openTestDb, plugStripeStandin, type TestHarness } from './testing.js';

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

/**
 * A harness whose Stripe client (the real SDK) talks to the Stripe stand-in, for the calling test file: opened before
 * its tests, closed after them. Read `.h` and `.stripe` inside hooks and tests.
 */
export function useStripeHarness(client: { timeoutMs?: number; maxNetworkRetries?: number } = {}): {
  readonly h: TestHarness;
  readonly stripe: StripeStandin;
} {
  let h: TestHarness | undefined;
  let stripe: StripeStandin | undefined;
  beforeAll(async () => {
    h = await createHarness();
    stripe = await plugStripeStandin(h, client);
  }, DB_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    // A harness that never started (a hook timeout) has nothing to close.
    await stripe?.close();
    await h?.close();
  });
  const open = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the harness is not open yet (read it inside a hook or a test)');
    return value;
  };
  return {
    get h() {
      return open(h);
    },
    get stripe() {
      return open(stripe);
    },
  };
}
