import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStaff } from '@ops/db/seed/helpers';
import { createHarness, type TestHarness } from '../testing.js';
import { hashPassword, TEST_SCRYPT_PARAMS } from './passwords.js';
import { THROTTLE } from './sign-in.js';

/** What 100 simultaneous sign-ins came back with: how many had their password checked, how many were throttled. */
async function race(h: TestHarness, attempts: Array<{ email: string; ip: string; password: string }>) {
  const results = await Promise.allSettled(
    attempts.map((a) => h.caller(null, { ip: a.ip }).auth.login({ email: a.email, password: a.password })),
  );
  const codes = results.map((r) => (r.status === 'fulfilled' ? 'OK' : String((r.reason as { code?: string }).code)));
  return {
    checked: codes.filter((c) => c === 'UNAUTHORIZED' || c === 'OK').length,
    throttled: codes.filter((c) => c === 'TOO_MANY_REQUESTS').length,
    other: codes.filter((c) => !['UNAUTHORIZED', 'OK', 'TOO_MANY_REQUESTS'].includes(c)),
  };
}

describe('sign-in throttling under 100 parallel attempts (real concurrency on TEST_DATABASE_URL)', () => {
  let h: TestHarness;
  let cheapHash = '';
  beforeAll(async () => {
    // The throttle reads the request's clock: frozen here, its delays hold however long 100 password checks take.
    const frozen = new Date();
    h = await createHarness({ now: () => frozen });
    const hash = await hashPassword('the-right-one', TEST_SCRYPT_PARAMS);
    cheapHash = hash;
    for (const email of ['target@ops.example', 'victim@ops.example']) {
      await seedStaff(h.dbs.api, { email, name: email, role: 'support', passwordHash: hash });
    }
    await h.dbs.api
      .insertInto('staff_users')
      .values(
        Array.from({ length: 100 }, (_, i) => ({
          email: `spray${i}@ops.example`,
          name: `Spray ${i}`,
          role: 'exec' as const,
          password_hash: 'scrypt$unusable',
        })),
      )
      .execute();
  }, 120_000);
  afterAll(async () => {
    await h.close();
  });

  it('one email from one address: exactly five guesses are checked, the other 95 are refused unchecked', async () => {
    const r = await race(
      h,
      Array.from({ length: 100 }, () => ({ email: 'target@ops.example', ip: '192.0.2.10', password: 'guess' })),
    );
    expect(r).toEqual({ checked: THROTTLE.emailIpLimit, throttled: 100 - THROTTLE.emailIpLimit, other: [] });
    const rows = await h.dbs.api.selectFrom('login_attempts').select('id').where('key', 'like', 'email+ip:target@%').execute();
    expect(rows).toHaveLength(THROTTLE.emailIpLimit);
  });

  it('one email from 100 addresses: five checked, then delays; the real person at their known address still signs in', async () => {
    await h.caller(null, { ip: '10.9.9.9' }).auth.login({ email: 'victim@ops.example', password: 'the-right-one' });
    // That sign-in upgraded the cheap fixture hash to production cost; put the cheap one back to keep the race quick.
    await h.dbs.api
      .updateTable('staff_users')
      .set({ password_hash: cheapHash })
      .where('email', '=', 'victim@ops.example')
      .execute();
    const r = await race(
      h,
      Array.from({ length: 100 }, (_, i) => ({ email: 'victim@ops.example', ip: `198.51.100.${i + 1}`, password: 'guess' })),
    );
    expect(r.other).toEqual([]);
    // Five go through at once; the fifth makes the next wait 1 s, which on the frozen clock never passes.
    expect(r).toEqual({ checked: THROTTLE.emailFreeAttempts, throttled: 100 - THROTTLE.emailFreeAttempts, other: [] });
    const me = await h.caller(null, { ip: '10.9.9.9' }).auth.login({ email: 'victim@ops.example', password: 'the-right-one' });
    expect(me.email).toBe('victim@ops.example');
  }, 180_000);

  it('one address spraying 100 emails: the per-address limit checks at most thirty', async () => {
    const r = await race(
      h,
      Array.from({ length: 100 }, (_, i) => ({ email: `spray${i}@ops.example`, ip: '203.0.113.77', password: 'guess' })),
    );
    expect(r).toEqual({ checked: THROTTLE.ipLimit, throttled: 100 - THROTTLE.ipLimit, other: [] });
  });
});
