import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStaff } from '@ops/db/seed/helpers';
import { createContextInner, type CookieJar } from '../context.js';
import { hashPassword } from '../domain/passwords.js';
import { resolveSession } from '../domain/sessions.js';
import { createHarness, type TestHarness } from '../testing.js';
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
  beforeAll(async () => {
    h = await createHarness();
    await seedStaff(h.dbs.api, {
      email: 'pat@ops.example',
      name: 'Pat',
      role: 'support',
      passwordHash: await hashPassword('correct horse'),
    });
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
    const staff = await resolveSession(h.dbs.api, jar.token ?? '', 60, h.services.config.sessionSecret);
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

  it('throttles an email after five failures, even with the right password', async () => {
    await seedStaff(h.dbs.api, {
      email: 'lee@ops.example',
      name: 'Lee',
      role: 'exec',
      passwordHash: await hashPassword('right'),
    });
    const caller = h.caller(null, { ip: '10.0.0.8' });
    for (let i = 0; i < 5; i++)
      await expect(caller.auth.login({ email: 'lee@ops.example', password: 'wrong' })).rejects.toThrow();
    await expect(caller.auth.login({ email: 'lee@ops.example', password: 'right' })).rejects.toThrow(/Too many failed sign-ins/);
  });

  it('logs out by deleting the session', async () => {
    const jar = recorder();
    await h.caller(null, { cookies: jar }).auth.login({ email: 'pat@ops.example', password: 'correct horse' });
    const staff = await resolveSession(h.dbs.api, jar.token ?? '', 60, h.services.config.sessionSecret);
    expect(staff).not.toBeNull();
    const caller = createCallerFactory(appRouter)(createContextInner({ services: h.services, staff, cookies: jar }));
    await caller.auth.logout();
    expect(jar.token).toBeNull();
    expect(await resolveSession(h.dbs.api, 'anything', 60, h.services.config.sessionSecret)).toBeNull();
    const rows = await h.dbs.api
      .selectFrom('staff_sessions')
      .select('id')
      .where('id', '=', staff?.sessionId ?? '')
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('shows sample accounts only in sample mode', async () => {
    expect((await h.caller(null).auth.sampleAccounts()).accounts).toEqual([]);
  });
});
