import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStaff } from '@ops/db/seed/helpers';
import { hashPassword } from '../domain/passwords.js';
import { SESSION_CACHE_MS } from '../domain/session-cache.js';
import { buildTestReplicas, createHarness, signInCookie, statementsOf, type TestHarness } from '../testing.js';

/**
 * Two replicas of the console on one database. Session checks are memoised per replica for a moment (no database
 * round trip per request), yet logout on one replica, a revoked session and a deactivated account are refused by
 * the other within SESSION_CACHE_MS (≤ 1 s). The replicas share a hand-driven clock, so the test reads no wall time.
 */
describe('sessions across replicas', () => {
  let h: TestHarness;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let clock = 1_000_000;
  const now = (): number => clock;

  beforeAll(async () => {
    h = await createHarness();
    const passwordHash = await hashPassword('pw-for-replicas');
    for (const email of ['one@ops.example', 'two@ops.example', 'three@ops.example']) {
      await seedStaff(h.dbs.api, { email, name: email, role: 'support', passwordHash });
    }
    [a, b] = await buildTestReplicas(h, { sessionCache: { now } });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await h.close();
  });

  const login = (app: FastifyInstance, email: string) => signInCookie(app, email, 'pw-for-replicas');
  const me = (app: FastifyInstance, cookie: string) =>
    app.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie } }).then((r) => r.statusCode);

  /** Session queries the database saw while `fn` ran. */
  const sessionQueries = async (fn: () => Promise<unknown>): Promise<number> =>
    (await statementsOf(h.dbs, fn)).filter((sql) => sql.includes('"staff_sessions"')).length;

  it('a burst of requests on one session costs one session lookup per replica', async () => {
    const cookie = await login(a, 'one@ops.example');
    clock += 10_000;
    const n = await sessionQueries(async () => {
      for (let i = 0; i < 20; i++) expect(await me(b, cookie)).toBe(200);
    });
    expect(n).toBe(1);
  });

  it('logout on one replica is refused by the other within the cache time', async () => {
    const cookie = await login(a, 'one@ops.example');
    clock += 10_000;
    expect(await me(b, cookie)).toBe(200);
    const out = await a.inject({
      method: 'POST',
      url: '/trpc/auth.logout',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(out.body).toContain('result');
    expect(out.statusCode).toBe(200);
    expect(await me(a, cookie)).toBe(401);
    clock += SESSION_CACHE_MS;
    expect(SESSION_CACHE_MS).toBeLessThanOrEqual(1_000);
    expect(await me(b, cookie)).toBe(401);
  });

  it('a revoked session and a deactivated account are refused everywhere within the cache time', async () => {
    const revoked = await login(a, 'two@ops.example');
    const deactivated = await login(b, 'three@ops.example');
    clock += 10_000;
    for (const app of [a, b]) {
      expect(await me(app, revoked)).toBe(200);
      expect(await me(app, deactivated)).toBe(200);
    }
    const two = await h.dbs.api
      .selectFrom('staff_users')
      .select('id')
      .where('email', '=', 'two@ops.example')
      .executeTakeFirstOrThrow();
    await h.dbs.api.deleteFrom('staff_sessions').where('staff_id', '=', two.id).execute();
    await h.dbs.api.updateTable('staff_users').set({ active: false }).where('email', '=', 'three@ops.example').execute();
    clock += SESSION_CACHE_MS;
    for (const app of [a, b]) {
      expect(await me(app, revoked)).toBe(401);
      expect(await me(app, deactivated)).toBe(401);
    }
  });
});
