import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedStaff } from '@ops/db/seed/helpers';
import { createContextInner, type CookieJar } from '../context.js';
import { hashPassword, TEST_SCRYPT_PARAMS } from '../domain/passwords.js';
import { resolveSession } from '../domain/sessions.js';
import { createHarness, noIntegrations, testConfig, type TestHarness } from '../testing.js';
import { createCallerFactory } from '../trpc.js';
import { appRouter } from './_app.js';

function recorder(): CookieJar & { token: string | null } {
  const jar = {
    token: null as string | null,
    setSession(token: string) {
      jar.token = token;
    },
    clearSession() {
      jar.token = null;
    },
  };
  return jar;
}

describe('staff auth', () => {
  let h: TestHarness;
  /** Set, the request clock stands still (the sign-in throttle's delays then hold however slow the password checks). */
  let frozen: Date | null = null;
  beforeAll(async () => {
    h = await createHarness({ now: () => frozen ?? new Date() });
    await seedStaff(h.dbs.api, {
      email: 'pat@ops.example',
      name: 'Pat',
      role: 'support',
      passwordHash: await hashPassword('correct horse', TEST_SCRYPT_PARAMS),
    });
  });
  afterEach(() => {
    frozen = null;
  });
  afterAll(async () => {
    await h.close();
  });

  it('signs in with email (any case) and password, issuing a session that resolves to the staff member', async () => {
    const jar = recorder();
    const me = await h.caller(null, { cookies: jar }).auth.login({ email: 'PAT@ops.example', password: 'correct horse' });
    expect(me).toMatchObject({ email: 'pat@ops.example', role: 'support' });
    expect(me.permissions).toContain('users.read');
    expect(me.permissions).not.toContain('refunds.execute');
    expect(jar.token).toBeTypeOf('string');
    const staff = await resolveSession(h.dbs.api, jar.token ?? '', 60, h.services.config.sessionSecret, h.services.now());
    expect(staff?.email).toBe('pat@ops.example');
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const caller = h.caller(null, { ip: '10.0.0.7' });
    await expect(caller.auth.login({ email: 'pat@ops.example', password: 'nope' })).rejects.toThrow(
      'Email or password is wrong.',
    );
    await expect(caller.auth.login({ email: 'nobody@ops.example', password: 'nope' })).rejects.toThrow(
      'Email or password is wrong.',
    );
  });

  it('names the bad field', async () => {
    await expect(h.caller(null).auth.login({ email: 'not an email', password: 'x' })).rejects.toThrow(
      /email: Email must be an email address/,
    );
  });

  it('throttles an (email, IP) pair after five failures, even with the right password', async () => {
    await seedStaff(h.dbs.api, {
      email: 'lee@ops.example',
      name: 'Lee',
      role: 'exec',
      passwordHash: await hashPassword('right', TEST_SCRYPT_PARAMS),
    });
    const caller = h.caller(null, { ip: '10.0.0.8' });
    for (let i = 0; i < 5; i++)
      await expect(caller.auth.login({ email: 'lee@ops.example', password: 'wrong' })).rejects.toThrow();
    await expect(caller.auth.login({ email: 'lee@ops.example', password: 'right' })).rejects.toThrow(/Too many sign-in attempts/);
  });

  it('anonymous failures from elsewhere do not lock a person out of the address they signed in from before', async () => {
    frozen = new Date();
    const mine = h.caller(null, { ip: '10.0.1.1' });
    await mine.auth.login({ email: 'pat@ops.example', password: 'correct horse' });
    for (let i = 0; i < 8; i++) {
      await expect(
        h.caller(null, { ip: `203.0.113.${i + 1}` }).auth.login({ email: 'pat@ops.example', password: 'guess' }),
      ).rejects.toThrow();
    }
    // From a new address the email is only slowed down, never locked; from the known one it goes straight in.
    await expect(
      h.caller(null, { ip: '198.51.100.9' }).auth.login({ email: 'pat@ops.example', password: 'correct horse' }),
    ).rejects.toThrow(/try again in \d+ s/);
    const me = await mine.auth.login({ email: 'pat@ops.example', password: 'correct horse' });
    expect(me.email).toBe('pat@ops.example');
  });

  it('audits sign-ins, successful and failed, without the password; the cookie lives as long as the idle window', async () => {
    const jar = {
      maxAge: 0,
      setSession: (_t: string, maxAge: number) => void (jar.maxAge = maxAge),
      clearSession: () => undefined,
    };
    await h.caller(null, { ip: '10.0.2.2', cookies: jar }).auth.login({ email: 'pat@ops.example', password: 'correct horse' });
    expect(jar.maxAge).toBe(h.services.config.SESSION_IDLE_MINUTES * 60);
    await expect(
      h.caller(null, { ip: '10.0.2.3' }).auth.login({ email: 'pat@ops.example', password: 'secret-guess-123' }),
    ).rejects.toThrow();
    const rows = await h.dbs.api
      .selectFrom('audit_log')
      .select(['action', 'actor_email', 'ip', 'after'])
      .where('action', 'in', ['auth.login', 'auth.login_failed'])
      .where('ip', 'in', ['10.0.2.2', '10.0.2.3'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.action, r.actor_email, r.ip])).toEqual([
      ['auth.login', 'pat@ops.example', '10.0.2.2'],
      ['auth.login_failed', 'pat@ops.example', '10.0.2.3'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('correct horse');
    expect(JSON.stringify(rows)).not.toContain('secret-guess-123');
  });

  it('logs out by deleting the session', async () => {
    const jar = recorder();
    await h.caller(null, { cookies: jar }).auth.login({ email: 'pat@ops.example', password: 'correct horse' });
    const staff = await resolveSession(h.dbs.api, jar.token ?? '', 60, h.services.config.sessionSecret, h.services.now());
    expect(staff).not.toBeNull();
    const caller = createCallerFactory(appRouter)(createContextInner({ services: h.services, staff, cookies: jar }));
    await caller.auth.logout();
    expect(jar.token).toBeNull();
    expect(await resolveSession(h.dbs.api, 'anything', 60, h.services.config.sessionSecret, h.services.now())).toBeNull();
    const rows = await h.dbs.api
      .selectFrom('staff_sessions')
      .select('id')
      .where('id', '=', staff?.sessionId ?? '')
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('shows no sample accounts or password outside sample mode', async () => {
    expect(await h.caller(null).auth.sampleAccounts()).toEqual({ accounts: [], password: null });
  });

  it('lists sample accounts for every role (two admins, so one can approve the other), with the password, in sample mode', async () => {
    const sample = await createHarness({ config: testConfig({ SAMPLE_MODE: 'true' }), integrations: noIntegrations() });
    try {
      const shown = await sample.caller(null).auth.sampleAccounts();
      const roles = shown.accounts.map((a) => a.role);
      expect([...new Set(roles)].sort()).toEqual(['admin', 'exec', 'oncall', 'support']);
      expect(roles.filter((r) => r === 'admin')).toHaveLength(2);
      expect(shown.accounts.every((a) => a.email.endsWith('@ops.example'))).toBe(true);
      expect(shown.password).toEqual(expect.any(String));
    } finally {
      await sample.close();
    }
  });
});
