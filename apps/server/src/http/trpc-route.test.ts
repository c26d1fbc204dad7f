import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStaff } from '@ops/db/seed/helpers';
import { hashPassword, TEST_SCRYPT_PARAMS } from '../domain/passwords.js';
import { buildTestServer, createHarness, signInCookie, type TestHarness } from '../testing.js';

/**
 * A lone GET query is answered without tRPC's fetch adapter (see trpc-route.ts); a batch of one still goes through
 * it. Every answer a client can meet — data, a refused role, a missing session, bad input, unreadable input, a missing
 * record, a wrong method, an unknown path — must come back the same both ways: same status, headers and body.
 */
describe('tRPC over HTTP: a lone query answers as a batch of one does', () => {
  let h: TestHarness;
  let app: FastifyInstance;
  let session = '';

  let execSession = '';

  async function signIn(email: string, role: 'support' | 'exec'): Promise<string> {
    await seedStaff(h.dbs.api, { email, name: role, role, passwordHash: await hashPassword('pw-for-test', TEST_SCRYPT_PARAMS) });
    return signInCookie(app, email, 'pw-for-test');
  }

  beforeAll(async () => {
    h = await createHarness();
    app = await buildTestServer(h);
    session = await signIn('desk@ops.example', 'support');
    execSession = await signIn('board@ops.example', 'exec');
  });
  afterAll(async () => {
    await app.close();
    await h.close();
  });

  async function both(path: string, inputText: string | null, who: 'support' | 'exec' | null) {
    const headers = who === null ? {} : { cookie: who === 'exec' ? execSession : session };
    const lone = await app.inject({
      method: 'GET',
      url: `/trpc/${path}${inputText === null ? '' : `?input=${encodeURIComponent(inputText)}`}`,
      headers,
    });
    const batch = await app.inject({
      method: 'GET',
      url: `/trpc/${path}?batch=1${inputText === null ? '' : `&input=${encodeURIComponent(`{"0":${inputText}}`)}`}`,
      headers,
    });
    const batchBody: unknown = batch.json();
    expect(Array.isArray(batchBody)).toBe(true);
    return {
      lone: { status: lone.statusCode, type: lone.headers['content-type'], vary: lone.headers.vary, body: lone.json<unknown>() },
      batch: {
        status: batch.statusCode,
        type: batch.headers['content-type'],
        vary: batch.headers.vary,
        body: Array.isArray(batchBody) ? (batchBody[0] as unknown) : null,
      },
    };
  }

  it.each([
    ['data', 'support.search', '{"q":"nobody-here@example.com"}', 'support', 200],
    ['a cached report, frozen and serialised once', 'cohorts.report', '{"months":6}', 'exec', 200],
    ['a role without the permission', 'cohorts.report', '{"months":6}', 'support', 403],
    ['no session', 'support.search', '{"q":"x"}', null, 401],
    ['input that fails its schema', 'support.search', '{"q":""}', 'support', 400],
    ['a record that does not exist', 'support.user', '{"userId":"00000000-0000-4000-8000-000000000000"}', 'support', 404],
    ['a mutation asked for by GET', 'auth.logout', null, 'support', 405],
    ['a path with no procedure', 'support.nothing', '{}', 'support', 404],
  ] as const)('%s', async (_what, path, input, who, status) => {
    const { lone, batch } = await both(path, input, who);
    expect(lone.status).toBe(status);
    expect(lone).toEqual(batch);
  });

  it('unreadable input: an error naming the problem, the same both ways', async () => {
    const lone = await app.inject({ method: 'GET', url: '/trpc/support.search?input=%7Bnope', headers: { cookie: session } });
    const batch = await app.inject({
      method: 'GET',
      url: '/trpc/support.search?batch=1&input=%7B%220%22%3A%7Bnope%7D',
      headers: { cookie: session },
    });
    expect(lone.statusCode).toBe(400);
    expect(batch.statusCode).toBe(400);
    type ErrorBody = { error: { message: string; data: { code: string } } };
    const errorOf = (body: ErrorBody | ErrorBody[]) => (Array.isArray(body) ? body[0]?.error : body.error);
    const loneError = errorOf(lone.json<ErrorBody>());
    expect(loneError?.message).toMatch(/JSON/);
    expect(loneError?.data.code).toBe('BAD_REQUEST');
    expect(errorOf(batch.json<ErrorBody | ErrorBody[]>())?.data.code).toBe('BAD_REQUEST');
  });

  it('answers with the security headers a page gets, the same on every answer, with no style nonce', async () => {
    const page = await app.inject({ method: 'GET', url: '/healthz' });
    // The first answer works the headers out, the second replays them.
    const first = await app.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie: session } });
    const second = await app.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie: session } });
    for (const name of ['x-content-type-options', 'x-frame-options', 'referrer-policy', 'strict-transport-security']) {
      expect(first.headers[name], name).toBe(page.headers[name]);
      expect(second.headers[name], name).toBe(page.headers[name]);
    }
    const csp = String(first.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(second.headers['content-security-policy']).toBe(csp);
  });
});
