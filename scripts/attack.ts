/**
 * `npm run attack`: re-runs the seven attacks of the hardening review against a console started here in real mode
 * on PostgreSQL, where the schema belongs to an owner role and the app connects as a separate, non-owner role, and
 * prints each one as refused or not (exit 1 when any attack succeeds).
 *
 * It needs a PostgreSQL superuser URL (ATTACK_DATABASE_URL, else TEST_DATABASE_URL, else the local default) to
 * create two uniquely named roles and a database for this run, and drops exactly those at the end.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '@ops/db';
import { startConsole, type RunningConsole } from '../apps/server/src/bootstrap.js';
import {
  checkAnchors,
  formatAnchor,
  recordAnchor,
  verifyWithAnchors,
  type Anchor,
} from '../apps/server/src/domain/audit/chain.js';
import { hashPassword } from '../apps/server/src/domain/passwords.js';
import { hashToken, pruneSessionsAndAttempts } from '../apps/server/src/domain/sessions.js';
import { ConfigError, loadConfig } from '../apps/server/src/env.js';

const adminUrl =
  process.env.ATTACK_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const port = Number(process.env.ATTACK_PORT ?? 3199);
const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const ownerRole = `ops_attack_owner_${suffix}`;
const appRole = `ops_attack_app_${suffix}`;
const dbName = `ops_attack_${suffix}`;
const SESSION_SECRET = randomBytes(24).toString('hex');
const AUDIT_SIGNING_KEY = randomBytes(24).toString('hex');
const ADMIN = { email: 'attack-admin@ops.example', password: 'correct horse battery staple' };
// TRUST_PROXY=1: this script's socket stands for our one load balancer, and the right-most X-Forwarded-For entry
// is the client it saw (what it appended); anything to the left was written by the client.

interface Outcome {
  attack: string;
  check: string;
  refused: boolean;
  detail: string;
}
const outcomes: Outcome[] = [];
function record(attack: string, check: string, refused: boolean, detail: string): void {
  outcomes.push({ attack, check, refused, detail });
  process.stdout.write(`${refused ? 'REFUSED ' : 'SUCCEEDED'}  [${attack}] ${check} — ${detail}\n`);
}

function urlFor(user: string, database: string): string {
  const url = new URL(adminUrl);
  url.username = user;
  url.password = '';
  url.pathname = `/${database}`;
  return url.toString();
}

function kysely(url: string): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // A connection the final `drop database … with (force)` ends (one still closing) must not take the run down with it.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

async function admin(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** A stand-in for Sentry's ingest that records the bytes it got and answers as told. */
function fakeSentry(): Promise<{
  server: Server;
  port: number;
  bodies: Buffer[];
  mode: { status: number; headers: Record<string, string> };
}> {
  const bodies: Buffer[] = [];
  const mode = { status: 200, headers: {} as Record<string, string> };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks));
      res.writeHead(mode.status, { 'content-type': 'application/json', ...mode.headers });
      res.end(mode.status === 200 ? '{"id":"0123456789abcdef0123456789abcdef"}' : '{"detail":"rate limited"}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, bodies, mode })),
  );
}

const base = `http://127.0.0.1:${port}`;
async function trpc(
  path: string,
  input: unknown,
  opts: { client?: string; cookie?: string } = {},
): Promise<{ status: number; body: { error?: { message: string }; result?: { data: unknown } }; headers: Headers }> {
  const res = await fetch(`${base}/trpc/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': opts.client ?? '192.0.2.1',
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
    },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as never, headers: res.headers };
}

async function main(): Promise<void> {
  const created = { roles: false, db: false };
  let running: RunningConsole | null = null;
  const sentry = await fakeSentry();
  let owner: Kysely<Database> | null = null;
  let app: Kysely<Database> | null = null;
  try {
    await admin(`create role ${ownerRole} login; create role ${appRole} login`);
    created.roles = true;
    await admin(`create database ${dbName} owner ${ownerRole}`);
    created.db = true;
    await admin(`grant connect on database ${dbName} to ${appRole}`);

    running = await startConsole(
      loadConfig({
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: urlFor(appRole, dbName),
        DATABASE_OWNER_URL: urlFor(ownerRole, dbName),
        ENVIRONMENT: 'staging',
        SESSION_SECRET,
        AUDIT_SIGNING_KEY,
        TRUST_PROXY: '1',
        STRIPE_WEBHOOK_SECRET: 'whsec_attack',
        SENTRY_DSN: `http://publickey@127.0.0.1:${sentry.port}/42`,
        LOG_LEVEL: 'silent',
      }),
    );
    owner = kysely(urlFor(ownerRole, dbName));
    app = kysely(urlFor(appRole, dbName));
    const staffHash = await hashPassword(ADMIN.password);
    await owner
      .insertInto('staff_users')
      .values([
        { email: ADMIN.email, name: 'Attack Admin', role: 'admin', password_hash: staffHash },
        { email: 'oncall-lead@ops.example', name: 'On-call Lead', role: 'oncall', password_hash: staffHash },
        { email: 'target@ops.example', name: 'Target', role: 'support', password_hash: staffHash },
        ...Array.from({ length: 60 }, (_, i) => ({
          email: `spray${i}@ops.example`,
          name: `Spray ${i}`,
          role: 'exec' as const,
          password_hash: 'scrypt$unusable',
        })),
      ])
      .execute();

    // 1. Login rate limit: parallel guesses race the check; anonymous failures lock a real person out.
    const guesses = await Promise.all(
      Array.from({ length: 40 }, () =>
        trpc('auth.login', { email: 'target@ops.example', password: 'guess' }, { client: `203.0.113.5` }),
      ),
    );
    const checked = guesses.filter((g) => g.status === 401).length;
    record(
      '1 login race',
      '40 parallel guesses on one email from one address',
      checked <= 5,
      `${checked} checked, ${guesses.filter((g) => g.status === 429).length} refused with 429`,
    );
    const spray = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        trpc('auth.login', { email: `spray${i}@ops.example`, password: 'guess' }, { client: `203.0.113.6` }),
      ),
    );
    const sprayChecked = spray.filter((g) => g.status === 401).length;
    record(
      '1 login race',
      '60 parallel guesses from one address over many emails',
      sprayChecked <= 30,
      `${sprayChecked} checked (limit 30)`,
    );
    const first = await trpc(
      'auth.login',
      { email: 'oncall-lead@ops.example', password: ADMIN.password },
      { client: `198.51.100.20` },
    );
    for (let i = 0; i < 8; i++) {
      await trpc('auth.login', { email: 'oncall-lead@ops.example', password: `wrong-${i}` }, { client: `203.0.113.${50 + i}` });
    }
    const again = await trpc(
      'auth.login',
      { email: 'oncall-lead@ops.example', password: ADMIN.password },
      { client: `198.51.100.20` },
    );
    record(
      '1 login lockout',
      '8 anonymous wrong passwords, then the on-call lead signs in from their usual address',
      first.status === 200 && again.status === 200,
      `first ${first.status}, after the attack ${again.status}`,
    );

    // 2. Proxy trust: the client writes the left-most X-Forwarded-For.
    const forged = await trpc(
      'auth.login',
      { email: ADMIN.email, password: ADMIN.password },
      { client: `6.6.6.6, 198.51.100.77` },
    );
    const cookie = (forged.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const loginRow = await app
      .selectFrom('audit_log')
      .select(['ip'])
      .where('action', '=', 'auth.login')
      .where('actor_email', '=', ADMIN.email)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    record(
      '2 proxy trust',
      'forged left-most X-Forwarded-For in the audit row',
      forged.status === 200 && loginRow?.ip === '198.51.100.77',
      `signed in ${forged.status}; audit ip ${loginRow?.ip ?? 'none'} (forged 6.6.6.6)`,
    );
    const rotated = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        trpc('auth.login', { email: `spray${i}@ops.example`, password: 'guess' }, { client: `100.64.${i}.1, 203.0.113.9` }),
      ),
    );
    const rotatedChecked = rotated.filter((g) => g.status === 401).length;
    record(
      '2 proxy trust',
      'rotating a forged left-most address to evade the per-address limit',
      rotatedChecked <= 30,
      `${rotatedChecked} of 40 checked (limit 30)`,
    );

    // 3. Security headers.
    for (const path of ['/', '/trpc/auth.me']) {
      const res = await fetch(`${base}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      const ok =
        /script-src 'self'(;|$)/.test(csp) &&
        !/(script-src|style-src) [^;]*unsafe-inline/.test(csp) &&
        csp.includes("frame-ancestors 'none'") &&
        res.headers.get('x-content-type-options') === 'nosniff' &&
        res.headers.get('x-frame-options') === 'DENY' &&
        res.headers.get('referrer-policy') === 'same-origin';
      record('3 headers', `security headers on ${path}`, ok, csp ? `CSP: ${csp.slice(0, 90)}…` : 'no CSP');
    }

    // 4. NUL bytes and lone surrogates in free text.
    const nul = await trpc('auth.login', { email: 'a\u0000b@ops.example', password: 'x' });
    record(
      '4 text',
      'NUL byte in a login email',
      nul.status === 400 && /email/.test(nul.body.error?.message ?? ''),
      `${nul.status}: ${nul.body.error?.message ?? ''}`,
    );
    const lone = await trpc('audit.exportCsv', { q: 'refund \ud800' }, { cookie });
    record(
      '4 text',
      'lone surrogate in an audit search (signed in)',
      lone.status === 400 && /q: /.test(lone.body.error?.message ?? ''),
      `${lone.status}: ${lone.body.error?.message ?? ''}`,
    );

    // 5. The audit log the app could rewrite.
    for (const [what, statement] of [
      ['disable the chain trigger', sql`alter table audit_log disable trigger audit_log_chain`],
      ['edit a row', sql`update audit_log set reason = 'nothing to see' where id = 1`],
      ['delete the checkpoints', sql`delete from audit_chain_checkpoints`],
      ['truncate the log', sql`truncate audit_log`],
      [
        'replace the hash function',
        sql`create or replace function audit_row_hash_v2(prev text, r audit_log) returns text language sql as $$ select 'x' $$`,
      ],
    ] as const) {
      const error = await statement.execute(app).then(
        () => null,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      record('5 audit roles', `app role tries to ${what}`, error !== null, error ?? 'it worked');
    }
    const moved = await sql<{ v1_same: boolean; v2_same: boolean }>`
      with a as (select jsonb_populate_record(null::audit_log, '{"id":1,"occurred_at":"2026-01-01T00:00:00Z","actor_email":"x","action":"a","resource_type":"booking|1","resource_id":"2","reason":""}') r),
           b as (select jsonb_populate_record(null::audit_log, '{"id":1,"occurred_at":"2026-01-01T00:00:00Z","actor_email":"x","action":"a","resource_type":"booking","resource_id":"1|2","reason":""}') r)
      select audit_row_hash('p', a.r) = audit_row_hash('p', b.r) as v1_same, audit_row_hash_v2('p', a.r) = audit_row_hash_v2('p', b.r) as v2_same from a, b`.execute(
      app,
    );
    record(
      '5 canonical hash',
      "moving '|' between resource_type and resource_id",
      moved.rows[0]?.v2_same === false,
      `old hash equal: ${String(moved.rows[0]?.v1_same)}, new hash equal: ${String(moved.rows[0]?.v2_same)}`,
    );

    // Anchors as the worker / `audit:verify --anchor` ship them to the log sink; then an owner rewrites history.
    const rows = await app.selectFrom('audit_log').select('id').orderBy('id').execute();
    const ids = rows.map((r) => r.id);
    const half = Math.floor(ids.length / 2);
    // An audit row id read from the database (an integer, never input): inlined with sql.lit because a multi-statement
    // script and a plpgsql block cannot take bind parameters.
    const middle = ids[half] ?? 1;
    const anchors: Anchor[] = [
      await recordAnchor(app, AUDIT_SIGNING_KEY, ids[half - 1] ?? 1, 0),
      await recordAnchor(app, AUDIT_SIGNING_KEY, ids.at(-1) ?? 1, 0),
    ];
    process.stdout.write(`         anchors shipped: ${anchors.map(formatAnchor).join(' | ').slice(0, 140)}…\n`);
    await sql`
      begin;
      alter table audit_log disable trigger audit_log_no_update;
      update audit_log set reason = 'edited' where id = ${sql.lit(middle)};
      commit;`.execute(owner);
    const plain = await verifyWithAnchors(owner, AUDIT_SIGNING_KEY);
    record(
      '5 audit verify',
      `an owner edits #${middle} without re-hashing`,
      plain.brokenAtId === middle,
      `verify reports #${plain.brokenAtId ?? '-'}: ${plain.problem ?? ''}`,
    );
    // Re-hash forward from the edited row and delete the checkpoints, as the review did.
    await sql`
      begin;
      alter table audit_log disable trigger audit_log_no_update;
      do $$
      declare r record; prev text;
      begin
        select hash into prev from audit_log where id < ${sql.lit(middle)} order by id desc limit 1;
        for r in select id from audit_log where id >= ${sql.lit(middle)} order by id loop
          update audit_log set prev_hash = prev where id = r.id;
          update audit_log a set hash = audit_row_hash_any(a.prev_hash, a) where a.id = r.id;
          select hash into prev from audit_log where id = r.id;
        end loop;
      end $$;
      alter table audit_log disable trigger audit_log_no_truncate;
      alter table audit_log enable trigger audit_log_no_update;
      alter table audit_log enable trigger audit_log_no_truncate;
      commit;`.execute(owner);
    await sql`delete from audit_chain_checkpoints`.execute(owner);
    const walkOnly = await verifyWithAnchors(owner, AUDIT_SIGNING_KEY);
    const external = await checkAnchors(owner, AUDIT_SIGNING_KEY, anchors);
    record(
      '5 audit verify',
      `an owner edits #${middle}, re-hashes forward and deletes the checkpoints`,
      !external.ok && external.brokenAtId === middle,
      `chain alone: ${walkOnly.brokenAtId === null ? 'verifies' : `broken at #${walkOnly.brokenAtId}`}; with the shipped anchors: ${external.ok ? 'verifies' : `first edited row #${external.brokenAtId}`}`,
    );

    // 6. Anonymous senders: unsigned webhooks and the Sentry tunnel.
    const sizeBefore = await sql<{ n: number }>`select count(*)::int as n from webhook_events`.execute(app);
    const junk = 'x'.repeat(1_000);
    for (let i = 0; i < 10; i++) {
      await Promise.all(
        Array.from({ length: 100 }, () =>
          fetch(`${base}/webhooks/stripe`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00', 'x-junk': junk },
            body: JSON.stringify({ id: 'evt_x', junk }),
          }).then((r) => r.status),
        ),
      );
    }
    const sizeAfter = await sql<{ n: number; bytes: number }>`
      select count(*)::int as n, coalesce(sum(pg_column_size(headers) + coalesce(pg_column_size(payload), 0)), 0)::int as bytes from webhook_events`.execute(
      app,
    );
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const counted = /webhook_signature_rejections_total\{source="stripe"\} (\d+)/.exec(metrics)?.[1];
    const stored = (sizeAfter.rows[0]?.n ?? 0) - (sizeBefore.rows[0]?.n ?? 0);
    record(
      '6 webhooks',
      '1,000 bad-signature webhooks with 1 KB of junk headers',
      stored <= 20 && counted === '1000',
      `${stored} sample rows kept (${sizeAfter.rows[0]?.bytes ?? 0} bytes), ${counted ?? 0} counted`,
    );

    const envelope = Buffer.concat([
      Buffer.from(`{"dsn":"http://publickey@127.0.0.1:${sentry.port}/42"}\n{"type":"attachment","length":4}\n`),
      Buffer.from([0xff, 0xfe, 0x00, 0x80]),
    ]);
    const tunnel = (body: Buffer, client: string) =>
      fetch(`${base}/sentry-tunnel`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-sentry-envelope', 'x-forwarded-for': client },
        body,
      });
    const fwd = await tunnel(envelope, '192.0.2.200');
    record(
      '6 sentry tunnel',
      'binary envelope forwarded',
      fwd.status === 200 && sentry.bodies.at(-1)?.equals(envelope) === true,
      `status ${fwd.status}, bytes unchanged: ${String(sentry.bodies.at(-1)?.equals(envelope))}`,
    );
    const big = await tunnel(Buffer.concat([envelope, Buffer.alloc(300 * 1024, 0x61)]), '192.0.2.201');
    record('6 sentry tunnel', '300 KB envelope', big.status === 413, `status ${big.status}`);
    const flood = await Promise.all(Array.from({ length: 40 }, () => tunnel(envelope, '192.0.2.202').then((r) => r.status)));
    record(
      '6 sentry tunnel',
      '40 envelopes from one client in a minute',
      flood.filter((s) => s === 429).length >= 10,
      `${flood.filter((s) => s === 200).length} forwarded, ${flood.filter((s) => s === 429).length} refused`,
    );
    sentry.mode.status = 429;
    sentry.mode.headers = { 'retry-after': '7', 'x-sentry-rate-limits': '60:error:key' };
    const limited = await tunnel(envelope, '192.0.2.203');
    record(
      '6 sentry tunnel',
      "Sentry's rate limit passed back",
      limited.status === 429 &&
        limited.headers.get('retry-after') === '7' &&
        limited.headers.get('x-sentry-rate-limits') === '60:error:key',
      `status ${limited.status}, Retry-After ${limited.headers.get('retry-after') ?? '-'}, X-Sentry-Rate-Limits ${limited.headers.get('x-sentry-rate-limits') ?? '-'}`,
    );

    // 7. Loose ends.
    const audits = await app
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('action', 'in', ['auth.login', 'auth.login_failed'])
      .execute();
    const leaks = JSON.stringify(audits).includes(ADMIN.password) || JSON.stringify(audits).includes('wrong-1');
    record(
      '7 loose ends',
      'sign-ins audited without the password',
      audits.some((a) => a.action === 'auth.login') && audits.some((a) => a.action === 'auth.login_failed') && !leaks,
      `${audits.length} sign-in rows, password in them: ${String(leaks)}`,
    );
    const exported = await trpc('audit.exportCsv', {}, { cookie, client: `198.51.100.77` });
    const exportRow = await app.selectFrom('audit_log').select('id').where('action', '=', 'audit.export').executeTakeFirst();
    record(
      '7 loose ends',
      'an audit CSV export leaves an audit row',
      exported.status === 200 && exportRow !== undefined,
      `export ${exported.status}, audit row ${exportRow ? `#${exportRow.id}` : 'missing'}`,
    );
    const setCookie = forged.headers.get('set-cookie') ?? '';
    record(
      '7 loose ends',
      'cookie Max-Age equals the idle window (60 min)',
      /Max-Age=3600(;|$)/.test(setCookie),
      setCookie.replace(/ops_session=[^;]+/, 'ops_session=…'),
    );
    const token = decodeURIComponent(cookie.split('=')[1] ?? '');
    const keyed = await app
      .selectFrom('staff_sessions')
      .select('id')
      .where('id', '=', hashToken(token, SESSION_SECRET))
      .executeTakeFirst();
    record(
      '7 loose ends',
      'SESSION_SECRET keys the session-token hash',
      keyed !== undefined,
      keyed ? 'row found under HMAC(SESSION_SECRET, token)' : 'not found',
    );
    await owner
      .insertInto('login_attempts')
      .values({ key: 'old', success: false, attempted_at: new Date(Date.now() - 30 * 86_400_000) })
      .execute();
    await owner
      .insertInto('staff_sessions')
      .values({
        id: 'expired-session',
        staff_id: (await owner.selectFrom('staff_users').select('id').executeTakeFirstOrThrow()).id,
        expires_at: new Date(Date.now() - 60_000),
      })
      .execute();
    const pruned = await pruneSessionsAndAttempts(app, new Date(), 24 * 7);
    const leftovers = await app.selectFrom('staff_sessions').select('id').where('id', '=', 'expired-session').execute();
    record(
      '7 loose ends',
      'expired sessions and old attempts are pruned',
      pruned >= 2 && leftovers.length === 0,
      `${pruned} rows pruned`,
    );
    const unreachable = spawnSync('npx', ['tsx', 'apps/server/src/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
        ENVIRONMENT: 'staging',
        SESSION_SECRET,
        AUDIT_SIGNING_KEY,
        PORT: String(port + 1),
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const stderr = unreachable.stderr.trim();
    record(
      '7 loose ends',
      'unreachable DATABASE_URL',
      unreachable.status === 2 && /^DATABASE_URL: cannot connect \(.+\)$/.test(stderr),
      `exit ${unreachable.status ?? '-'}: ${stderr.split('\n').slice(0, 2).join(' / ')}`,
    );
    let urlError = '';
    try {
      loadConfig({ PROMETHEUS_URL: 'ftp://prometheus.internal:9090' });
    } catch (e) {
      if (e instanceof ConfigError) urlError = e.message.replace(/\s+/g, ' ');
    }
    record('7 loose ends', 'PROMETHEUS_URL=ftp://…', urlError.includes('PROMETHEUS_URL'), urlError || 'accepted');
    const stored2 = await app
      .selectFrom('staff_users')
      .select('password_hash')
      .where('email', '=', ADMIN.email)
      .executeTakeFirstOrThrow();
    record(
      '7 loose ends',
      'scrypt cost',
      stored2.password_hash.startsWith('scrypt$131072$8$1$'),
      stored2.password_hash.split('$').slice(0, 4).join('$'),
    );
  } finally {
    await running?.close().catch(() => undefined);
    await app?.destroy().catch(() => undefined);
    await owner?.destroy().catch(() => undefined);
    sentry.server.close();
    if (created.db) await admin(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
    if (created.roles) await admin(`drop role if exists ${appRole}; drop role if exists ${ownerRole}`).catch(() => undefined);
  }
  const failed = outcomes.filter((o) => !o.refused);
  process.stdout.write(`\n${outcomes.length - failed.length} of ${outcomes.length} attack checks refused.\n`);
  if (failed.length > 0) process.exit(1);
}

await main();
