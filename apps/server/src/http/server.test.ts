import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStaff } from '@ops/db/seed/helpers';
import { hashPassword, TEST_SCRYPT_PARAMS } from '../domain/passwords.js';
import { auditedRows, createHarness, type TestHarness } from '../testing.js';
import { createMetrics } from './metrics.js';
import { buildServer } from './server.js';

const BIG_SCRIPT = `export const rows = [${Array.from({ length: 500 }, (_, i) => `"row ${i}"`).join(',')}];`;

describe('HTTP surface', () => {
  let h: TestHarness;
  let app: FastifyInstance;
  let webAdminId: string;
  beforeAll(async () => {
    h = await createHarness();
    ({ id: webAdminId } = await seedStaff(h.dbs.api, {
      email: 'web@ops.example',
      name: 'Web',
      role: 'admin',
      passwordHash: await hashPassword('pw-for-web', TEST_SCRYPT_PARAMS),
    }));
    const webRoot = mkdtempSync(join(tmpdir(), 'ops-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(
      join(webRoot, 'index.html'),
      '<!doctype html><meta property="csp-nonce" nonce="OPS_CSP_NONCE"><div id="root"></div>',
    );
    writeFileSync(join(webRoot, 'assets', 'app-abc123.js'), 'console.log(1)');
    // The build writes brotli and gzip copies beside each asset.
    writeFileSync(join(webRoot, 'assets', 'big-def456.js'), BIG_SCRIPT);
    writeFileSync(join(webRoot, 'assets', 'big-def456.js.br'), brotliCompressSync(BIG_SCRIPT));
    writeFileSync(join(webRoot, 'assets', 'big-def456.js.gz'), gzipSync(BIG_SCRIPT));
    app = await buildServer({
      services: h.services,
      metrics: createMetrics(h.dbs.poolStats),
      webRoot,
      version: '1.2.3',
      sha: 'abc1234',
    });
  });
  afterAll(async () => {
    await app.close();
    await h.close();
  });

  const WEB_ADMIN = { email: 'web@ops.example', password: 'pw-for-web' };
  /** A sign-in POST (as the seeded admin unless `payload` says otherwise), with `headers` added to the JSON type. */
  const postLogin = (headers: Record<string, string> = {}, payload: object | string = WEB_ADMIN, server = app) =>
    server.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      headers: { 'content-type': 'application/json', ...headers },
      payload,
    });

  it('answers /healthz with status, version and sha', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', version: '1.2.3', sha: 'abc1234' });
  });

  it('serves Prometheus text with pool gauges and request latency', async () => {
    await app.inject({ method: 'GET', url: '/healthz' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/db_pool_size\{pool="api"\} \d+/);
    expect(res.body).toContain('db_pool_in_use');
    expect(res.body).toContain('db_pool_waiting');
    expect(res.body).toContain('http_request_duration_seconds_bucket');
    expect(res.body).toContain('process_cpu_seconds_total');
  });

  it('signs in over HTTP with an httpOnly, SameSite=Strict session cookie, then knows who you are', async () => {
    const login = await postLogin({ host: 'console.test', origin: 'http://console.test' });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/ops_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const session = cookie.split(';')[0] ?? '';
    const me = await app.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie: session } });
    expect(me.json()).toMatchObject({ result: { data: { email: 'web@ops.example', role: 'admin' } } });
    expect(me.headers['x-request-id']).toBeTypeOf('string');
  });

  it('refuses a cross-site mutation before it reaches a procedure', async () => {
    const res = await postLogin({ host: 'console.test', origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    const attempts = await h.dbs.api
      .selectFrom('login_attempts')
      .select('id')
      .where('key', 'like', 'email+ip:web@ops.example|%')
      .execute();
    expect(attempts.length).toBe(1);
  });

  it('answers a batch of queries in one response with its length, each call with its own outcome', async () => {
    const login = await postLogin();
    const session = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const input = encodeURIComponent(JSON.stringify({ 0: {}, 1: { bookingId: 'not-a-uuid' } }));
    const res = await app.inject({
      method: 'GET',
      url: `/trpc/auth.me,bookings.byId?batch=1&input=${input}`,
      headers: { cookie: session },
    });
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
    const [me, booking] = res.json<[{ result?: { data: { email: string } } }, { error?: { data: { httpStatus: number } } }]>();
    expect(me.result?.data.email).toBe('web@ops.example');
    expect(booking.error?.data.httpStatus).toBe(400);
  });

  it('serves hashed assets immutable and falls back to the SPA for deep links', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(asset.headers['cache-control']).toContain('immutable');
    const deep = await app.inject({ method: 'GET', url: '/support/users/123' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('<div id="root">');
    expect(deep.headers['cache-control']).toBe('no-cache');
    const missing = await app.inject({ method: 'GET', url: '/assets/missing.js' });
    expect(missing.statusCode).toBe(404);
    const traversal = await app.inject({ method: 'GET', url: '/../../etc/passwd' });
    expect(traversal.body).not.toContain('root:');
  });

  it('sends the precompressed copy the browser accepts, brotli first, and the plain file otherwise', async () => {
    const url = '/assets/big-def456.js';
    const br = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toContain('text/javascript');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(BIG_SCRIPT);
    const gz = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(BIG_SCRIPT);
    const plain = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(BIG_SCRIPT);
    // An asset without copies is sent as it is, whatever the client accepts.
    const small = await app.inject({ method: 'GET', url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'br' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body).toBe('console.log(1)');
  });

  it('names the field of bad input over HTTP', async () => {
    const res = await postLogin({}, { email: 'nope', password: '' });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { message: string; data: { fieldErrors: Record<string, string> } } }>();
    expect(body.error.data.fieldErrors).toMatchObject({
      email: 'Email must be an email address',
      password: 'Password is required',
    });
  });

  it('sends security headers, and the page carries the nonce its CSP names for Mantine styles', async () => {
    const page = await app.inject({ method: 'GET', url: '/audit' });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/(script-src|style-src) [^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('same-origin');
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(page.body).toContain(`nonce="${nonce ?? ''}"`);
    expect(page.body).not.toContain('OPS_CSP_NONCE');
    const again = await app.inject({ method: 'GET', url: '/audit' });
    expect(again.headers['content-security-policy']).not.toBe(csp);
  });

  it('refuses NUL bytes and lone surrogates in any text input with 400 naming the field', async () => {
    const res = await postLogin({}, JSON.stringify({ ...WEB_ADMIN, password: 'pw\u0000' }));
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toBe(
      'password: must not contain NUL characters or unpaired surrogates',
    );
    const nested = await app.inject({
      method: 'GET',
      url: `/trpc/audit.search?input=${encodeURIComponent('{"q":"ok","filters":["\\udc00"]}')}`,
    });
    expect(nested.statusCode).toBe(400);
    expect(nested.json<{ error: { message: string } }>().error.message).toMatch(/^filters\.0: must not contain/);
  });

  it('with TRUST_PROXY=1 takes the address our proxy appended, not what the client wrote', async () => {
    const proxied = await buildServer({
      services: { ...h.services, config: { ...h.services.config, TRUST_PROXY: 1 } },
      metrics: createMetrics(h.dbs.poolStats),
      webRoot: null,
      version: 't',
      sha: 't',
    });
    try {
      const res = await postLogin({ 'x-forwarded-for': '6.6.6.6, 198.51.100.4' }, WEB_ADMIN, proxied);
      expect(res.statusCode).toBe(200);
      const logins = await auditedRows(h.dbs.api, 'auth.login', webAdminId);
      expect(logins.at(-1)?.ip).toBe('198.51.100.4');
    } finally {
      await proxied.close();
    }
  });
});
