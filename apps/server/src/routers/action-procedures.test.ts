import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStudent } from '@ops/db/seed/helpers';
import { creditBalanceCents } from '../domain/students/credits.js';
import { createHarness, type TestHarness } from '../testing.js';

describe('confirmation tokens follow the services clock', () => {
  let h: TestHarness;
  let clock = new Date();
  beforeAll(async () => {
    h = await createHarness({ now: () => clock });
  });
  afterAll(async () => {
    await h.close();
  });

  it('a token confirmed after its 5 minutes is refused, one confirmed within them is applied', async () => {
    const student = await seedStudent(h.dbs.api);
    const admin = h.caller('admin');

    clock = new Date();
    const stale = await admin.students.adjustCredit.preview({ userId: student.id, amountCents: 700 });
    expect(Date.parse(stale.expiresAt)).toBe(clock.getTime() + 5 * 60_000);
    clock = new Date(clock.getTime() + 5 * 60_000 + 1_000);
    const refused = await admin.students.adjustCredit.execute({ confirmToken: stale.confirmToken, reason: 'Late' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe('PRECONDITION_FAILED');
    expect((refused as TRPCError).message).toBe('This confirmation expired (5 minutes); preview again.');
    expect(await creditBalanceCents(h.dbs.api, student.id)).toBe(0);

    const fresh = await admin.students.adjustCredit.preview({ userId: student.id, amountCents: 700 });
    clock = new Date(clock.getTime() + 4 * 60_000);
    await admin.students.adjustCredit.execute({ confirmToken: fresh.confirmToken, reason: 'In time' });
    expect(await creditBalanceCents(h.dbs.api, student.id)).toBe(700);
  });
});
