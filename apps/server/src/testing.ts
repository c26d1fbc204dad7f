import { createTestDatabase } from '@ops/db/testing';
import type { DbHandles } from '@ops/db';
import { seedStaff } from '@ops/db/seed/helpers';
import type { StaffRole } from '@ops/shared';
import { createContextInner, type CookieJar, type Services, type StaffIdentity } from './context.js';
import { loadConfig, type Config } from './env.js';
import { createIntegrations, type Integrations } from './integrations/index.js';
import { createLogger } from './logger.js';
import { appRouter } from './routers/_app.js';
import { createCallerFactory } from './trpc.js';

export type StaffKey = 'admin' | 'admin2' | 'support' | 'exec' | 'oncall';
const STAFF: Record<StaffKey, { email: string; name: string; role: StaffRole }> = {
  admin: { email: 'admin@test.example', name: 'Test Admin', role: 'admin' },
  admin2: { email: 'admin2@test.example', name: 'Second Admin', role: 'admin' },
  support: { email: 'support@test.example', name: 'Test Support', role: 'support' },
  exec: { email: 'exec@test.example', name: 'Test Exec', role: 'exec' },
  oncall: { email: 'oncall@test.example', name: 'Test Oncall', role: 'oncall' },
};

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

export interface TestHarness {
  dbs: DbHandles;
  services: Services;
  staff: Record<StaffKey, StaffIdentity>;
  /** A tRPC caller acting as one staff member (or signed out with null), through the real middlewares. */
  caller(who: StaffKey | null, opts?: { cookies?: CookieJar; ip?: string }): Caller;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    SAMPLE_MODE: 'false',
    SESSION_SECRET: 'test-secret-test-secret-test-secret!',
    AUDIT_SIGNING_KEY: 'test-audit-signing-key-test-audit-signing-key',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

/**
 * A migrated real database (PGlite, or a fresh database on TEST_DATABASE_URL) with one staff member per role, and
 * callers that go through the same context and middlewares as HTTP requests. Integrations default to none
 * configured; pass `integrations` (e.g. clients pointed at stand-ins) to test what uses them.
 */
export async function createHarness(
  opts: { config?: Config; integrations?: Integrations; now?: () => Date } = {},
): Promise<TestHarness> {
  const { dbs, drop } = await createTestDatabase();
  const config = opts.config ?? testConfig();
  const logger = createLogger('silent');
  const integrations = opts.integrations ?? (await createIntegrations(config, { db: dbs.api, logger }));
  const services: Services = { config, dbs, integrations, logger, now: opts.now ?? (() => new Date()) };
  const staff = {} as Record<StaffKey, StaffIdentity>;
  for (const [key, s] of Object.entries(STAFF) as Array<[StaffKey, (typeof STAFF)[StaffKey]]>) {
    const row = await seedStaff(dbs.api, { ...s, passwordHash: 'scrypt$unusable' });
    staff[key] = { id: row.id, email: s.email, name: s.name, role: s.role, sessionId: null };
  }
  return {
    dbs,
    services,
    staff,
    caller: (who, callerOpts) =>
      createCaller(
        createContextInner({
          services,
          staff: who === null ? null : staff[who],
          request: { ip: callerOpts?.ip ?? '127.0.0.1', userAgent: 'vitest' },
          ...(callerOpts?.cookies ? { cookies: callerOpts.cookies } : {}),
        }),
      ),
    async close() {
      if (!opts.integrations) await integrations.close();
      await drop();
    },
  };
}
