import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../env.js';
import { DB_HOOK_TIMEOUT_MS, insertPaidBooking, insertPeople } from '../testing.js';
import { useTestDb } from '../testing-hooks.js';
import { checkDeployTargets, createIntegrations, withBudget, type Integrations } from './index.js';

const testDb = useTestDb();
let integrations: Integrations;
let intentId: string;

beforeAll(async () => {
  const people = await insertPeople(testDb.db);
  intentId = (await insertPaidBooking(testDb.db, people, { amountCents: 4_500, status: 'captured' })).intentId;
  integrations = await createIntegrations(loadConfig({ SAMPLE_MODE: 'true', SOURCE_TIMEOUT_MS: '15000' }), {
    db: testDb.db,
    logger: pino({ level: 'silent' }),
  });
}, DB_HOOK_TIMEOUT_MS);
afterAll(async () => {
  await (integrations as Integrations | undefined)?.close();
});

describe('createIntegrations', () => {
  it('in sample mode points every real client at its stand-in', async () => {
    // Every vendor but Redis has a stand-in; Redis stays unconfigured in sample mode unless REDIS_URL is set.
    const { redis, ...standins } = integrations.sample;
    expect(Object.values(standins).every(Boolean)).toBe(true);
    expect(redis).toBe(false);
    expect(integrations.redis).toBeNull();
    const stripe = await withBudget('stripe', 15_000, (signal) => {
      if (!integrations.stripe) throw new Error('not configured');
      return integrations.stripe.getPaymentIntent(intentId, signal);
    });
    expect(stripe.data?.amountCents).toBe(4_500);
    const prom = await integrations.prometheus?.query('up');
    expect(prom?.result.type).toBe('vector');
    expect((await integrations.alertmanager?.listAlerts())?.length).toBeGreaterThan(0);
    expect((await integrations.sentry?.topIssues({ sort: 'freq', statsPeriod: '24h', limit: 3 }))?.length).toBe(3);
    expect((await integrations.axiom?.ingestRate('1h'))?.total).toBeGreaterThan(0);
    expect((await checkDeployTargets(integrations.deployTargets, 10_000)).drift).toBe(true);
  });

  it('in real mode builds only what is configured', async () => {
    const real = await createIntegrations(
      loadConfig({
        DATABASE_URL: 'postgres://x@127.0.0.1/x',
        ENVIRONMENT: 'staging',
        SESSION_SECRET: 's'.repeat(32),
        AUDIT_SIGNING_KEY: 'k'.repeat(32),
        PROMETHEUS_URL: 'http://127.0.0.1:9090',
        DEPLOY_TARGETS: 'api=http://127.0.0.1:3000',
      }),
      { db: testDb.db, logger: pino({ level: 'silent' }) },
    );
    expect(real.prometheus).not.toBeNull();
    expect([real.stripe, real.alertmanager, real.sentry, real.axiom]).toEqual([null, null, null, null]);
    expect(real.deployTargets).toEqual([{ name: 'api', url: 'http://127.0.0.1:3000' }]);
    expect(Object.values(real.sample).some(Boolean)).toBe(false);
    await real.close();
  });
});
