import { createTestDatabase } from '@ops/db/testing';
import type { DbHandles } from '@ops/db';
import { seedStaff } from '@ops/db/seed/helpers';
import type { StaffRole } from '@ops/shared';
import { createContextInner, type CookieJar, type Services, type StaffIdentity } from './context.js';
import { loadConfig, type Config } from './env.js';
import { createIntegrations, type IntegrationName, type Integrations } from './integrations/index.js';
import { createStripeGateway } from './integrations/stripe/gateway.js';
import { startStripeStandin, type StripeStandin } from './integrations/stripe/standin.js';
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
    ENVIRONMENT: 'development',
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

/** No vendor configured: a test plugs the clients it needs in; `sample` names those served by a local stand-in. */
export function noIntegrations(sample: Partial<Record<IntegrationName, boolean>> = {}): Integrations {
  return {
    stripe: null,
    prometheus: null,
    alertmanager: null,
    sentry: null,
    axiom: null,
    redis: null,
    deployTargets: [],
    sample: {
      stripe: false,
      prometheus: false,
      alertmanager: false,
      sentry: false,
      axiom: false,
      deploys: false,
      redis: false,
      ...sample,
    },
    close: () => Promise.resolve(),
  };
}

/**
 * Starts the Stripe stand-in over the harness's own database (it reads the harness's payments, so it starts after
 * the harness) and points the harness's Stripe client — the real SDK — at it. The caller closes the stand-in.
 */
export async function plugStripeStandin(
  h: TestHarness,
  client: { timeoutMs?: number; maxNetworkRetries?: number } = {},
): Promise<StripeStandin> {
  const standin = await startStripeStandin({ db: h.dbs.api });
  h.services.integrations.stripe = createStripeGateway({
    secretKey: standin.secretKey,
    apiBase: standin.url,
    timeoutMs: client.timeoutMs ?? 2_000,
    maxNetworkRetries: client.maxNetworkRetries ?? 0,
  });
  return standin;
}
