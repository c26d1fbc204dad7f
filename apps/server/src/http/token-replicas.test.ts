import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_CHECK_MS } from '../domain/tokens/checked-tokens.js';
import { buildTestReplicas, createHarness, statementsOf, type StaffKey, type TestHarness } from '../testing.js';

/**
 * Two replicas of the console on one database, serving /mcp. Each admits a token it checked a moment ago from
 * memory (no database round trip per request), yet a token revoked on either replica or straight in the database, a
 * deactivated staff member and a changed role take effect on both within TOKEN_CHECK_MS (≤ 1 s), and an expired
 * token is refused at its expiry. The replicas and the services share a hand-driven clock, so the test reads no wall
 * time.
 */
describe('access tokens across replicas', () => {
  let h: TestHarness;
  let a: FastifyInstance;
  let b: FastifyInstance;
  // Mid-minute, so no rate window starts during a test.
  let clock = Math.floor(Date.now() / 60_000) * 60_000 + 10_000;
  const now = (): number => clock;

  beforeAll(async () => {
    h = await createHarness({ now: () => new Date(clock) });
    [a, b] = await buildTestReplicas(h, { tokenCheck: { now } });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await h.close();
  });

  const newToken = (who: StaffKey) =>
    h.caller(who).tokens.create({ name: `t${Math.random().toString(36).slice(2)}`, expiresInDays: 1 });

  /** One JSON-RPC call on /mcp: the HTTP status and, for a tool call, whether the tool refused. */
  async function mcp(app: FastifyInstance, token: string, message: 'ping' | 'lookup'): Promise<{ status: number; text: string }> {
    const res = await app.inject({
      method: 'POST',
      url: '/mcp',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-11-25',
      },
      payload:
        message === 'ping'
          ? { jsonrpc: '2.0', id: 1, method: 'ping' }
          : {
              jsonrpc: '2.0',
              id: 1,
              method: 'tools/call',
              params: { name: 'support_lookup', arguments: { q: 'nobody@example.com' } },
            },
    });
    return { status: res.statusCode, text: res.body };
  }
  const status = async (app: FastifyInstance, token: string) => (await mcp(app, token, 'ping')).status;

  /** Reads of the tokens table while `fn` ran. */
  const tokenReads = async (fn: () => Promise<unknown>): Promise<number> =>
    (await statementsOf(h.dbs, fn)).filter((sql) => /^\s*(with|select)/.test(sql) && sql.includes('personal_access_tokens'))
      .length;

  it('a burst of requests with one token costs one token lookup per replica', async () => {
    const { token } = await newToken('oncall');
    const reads = await tokenReads(async () => {
      for (let i = 0; i < 20; i++) {
        expect(await status(a, token)).toBe(200);
        expect(await status(b, token)).toBe(200);
      }
    });
    expect(reads).toBe(2);
  });

  it('a token revoked on one replica is refused there at once and on the other within TOKEN_CHECK_MS', async () => {
    expect(TOKEN_CHECK_MS).toBeLessThanOrEqual(1_000);
    const { token, id } = await newToken('oncall');
    for (const app of [a, b]) expect(await status(app, token)).toBe(200);
    await h.caller('oncall').tokens.revoke({ id });
    expect(await status(a, token)).toBe(401);
    // These replicas share a process, so b hears of it at once too; a replica in another process learns it from the
    // database, as the next test shows.
    clock += TOKEN_CHECK_MS;
    expect(await status(b, token)).toBe(401);
  });

  it('a token revoked straight in the database is refused everywhere within TOKEN_CHECK_MS', async () => {
    const { token, id } = await newToken('oncall');
    for (const app of [a, b]) expect(await status(app, token)).toBe(200);
    await h.dbs.api
      .updateTable('personal_access_tokens')
      .set({ revoked_at: new Date(clock) })
      .where('id', '=', id)
      .execute();
    clock += TOKEN_CHECK_MS;
    for (const app of [a, b]) {
      const res = await mcp(app, token, 'ping');
      expect(res.status).toBe(401);
      expect(res.text).toContain('revoked');
    }
  });

  it('a deactivated staff member and a changed role take effect everywhere within TOKEN_CHECK_MS', async () => {
    const suspended = await newToken('exec');
    const demoted = await newToken('support');
    for (const app of [a, b]) {
      expect(await status(app, suspended.token)).toBe(200);
      expect((await mcp(app, demoted.token, 'lookup')).text).not.toContain('Missing permission');
    }
    await h.dbs.api.updateTable('staff_users').set({ active: false }).where('id', '=', h.staff.exec.id).execute();
    await h.dbs.api.updateTable('staff_users').set({ role: 'exec' }).where('id', '=', h.staff.support.id).execute();
    try {
      clock += TOKEN_CHECK_MS;
      for (const app of [a, b]) {
        const res = await mcp(app, suspended.token, 'ping');
        expect(res.status).toBe(401);
        expect(res.text).toContain('not active');
        expect((await mcp(app, demoted.token, 'lookup')).text).toContain('Missing permission \\"users.read\\"');
      }
    } finally {
      await h.dbs.api.updateTable('staff_users').set({ active: true }).where('id', '=', h.staff.exec.id).execute();
      await h.dbs.api.updateTable('staff_users').set({ role: 'support' }).where('id', '=', h.staff.support.id).execute();
    }
  });

  it('an expired token is refused at its expiry, though checked a moment ago', async () => {
    const { token, id } = await newToken('oncall');
    const expiresAt = clock + TOKEN_CHECK_MS / 2;
    await h.dbs.api
      .updateTable('personal_access_tokens')
      .set({ expires_at: new Date(expiresAt) })
      .where('id', '=', id)
      .execute();
    for (const app of [a, b]) expect(await status(app, token)).toBe(200);
    clock = expiresAt;
    for (const app of [a, b]) {
      const res = await mcp(app, token, 'ping');
      expect(res.status).toBe(401);
      expect(res.text).toContain('expired');
    }
  });
});
