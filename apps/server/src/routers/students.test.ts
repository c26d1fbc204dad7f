import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStudent } from '@ops/db/seed/helpers';
import { creditBalanceCents } from '../domain/students/credits.js';
import { auditedRows, auditRowById, createHarness, type TestHarness } from '../testing.js';

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'ok',
    (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
  );
}

describe('students.adjustCredit (the preview/confirm core)', () => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('previews old balance, delta and new balance, and changes nothing', async () => {
    const student = await seedStudent(h.dbs.api);
    const preview = await h.caller('admin').students.adjustCredit.preview({ userId: student.id, amountCents: 2500 });
    expect(preview.effects.map((e) => e.label)).toEqual(['Add $25.00 of credit', 'Balance $0.00 → $25.00']);
    expect(preview.requiresApproval).toBe(false);
    expect(Date.parse(preview.expiresAt) - Date.now()).toBeGreaterThan(4 * 60_000);
    expect(await creditBalanceCents(h.dbs.api, student.id)).toBe(0);
  });

  it('adding more than the approval threshold in 24 hours waits for a second admin, split or not', async () => {
    const student = await seedStudent(h.dbs.api, { first_name: 'Tyler', last_name: 'Vance' });
    const admin = h.caller('admin');
    const first = await admin.students.adjustCredit.preview({ userId: student.id, amountCents: 30_000 });
    expect(first.requiresApproval).toBe(false);
    await admin.students.adjustCredit.execute({ confirmToken: first.confirmToken, reason: 'Goodwill, part one' });
    const second = await admin.students.adjustCredit.preview({ userId: student.id, amountCents: 30_000 });
    expect(second.requiresApproval).toBe(true);
    expect(second.warnings).toEqual([
      'Needs a second admin: $300.00 already given back to Tyler V. by you in the last 24 hours ($300.00 of credit added by hand) + $300.00 now = $600.00, over the $500.00 approval threshold (refunds and credit added by hand count together).',
    ]);
    const requested = await admin.students.adjustCredit.execute({ confirmToken: second.confirmToken, reason: 'Part two' });
    expect(requested.approvalId).toBeTruthy();
    expect(await creditBalanceCents(h.dbs.api, student.id)).toBe(30_000);
    // Another admin's own additions are theirs; taking credit away never waits.
    expect(
      (await h.caller('admin2').students.adjustCredit.preview({ userId: student.id, amountCents: 30_000 })).requiresApproval,
    ).toBe(false);
    expect((await admin.students.adjustCredit.preview({ userId: student.id, amountCents: -30_000 })).requiresApproval).toBe(
      false,
    );
    await h.caller('admin2').approvals.approve({ approvalId: requested.approvalId ?? '', reason: 'Agreed with the student' });
    expect(await creditBalanceCents(h.dbs.api, student.id)).toBe(60_000);
  });

  it('executes once: a ledger row and an audit row in the same transaction', async () => {
    const student = await seedStudent(h.dbs.api);
    const admin = h.caller('admin');
    const { confirmToken } = await admin.students.adjustCredit.preview({ userId: student.id, amountCents: 1000 });
    const result = await admin.students.adjustCredit.execute({ confirmToken, reason: 'Goodwill credit' });
    expect(await creditBalanceCents(h.dbs.api, student.id)).toBe(1000);
    expect((await admin.students.byId({ userId: student.id })).ledger).toEqual([
      {
        id: expect.any(String),
        amountCents: 1000,
        kind: 'adjustment',
        reason: 'Goodwill credit',
        bookingId: null,
        createdAt: expect.any(String),
      },
    ]);
    const audit = await auditRowById(h.dbs.api, result.auditId);
    expect(audit).toMatchObject({
      action: 'students.adjustCredit',
      resource_type: 'user',
      resource_id: student.id,
      actor_email: h.staff.admin.email,
      reason: 'Goodwill credit',
      before: { balanceCents: 0 },
    });
    expect(audit.after).toMatchObject({ balanceCents: 1000 });
    expect(audit.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('requires a reason, naming the field, and changes nothing', async () => {
    const student = await seedStudent(h.dbs.api);
    const admin = h.caller('admin');
    const { confirmToken } = await admin.students.adjustCredit.preview({ userId: student.id, amountCents: 500 });
    const error = await admin.students.adjustCredit.execute({ confirmToken, reason: ' ' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect(JSON.stringify((error as TRPCError).cause)).toContain('reason');
    expect(await creditBalanceCents(h.dbs.api, student.id)).toBe(0);
    // The token is still usable with a proper reason.
    await admin.students.adjustCredit.execute({ confirmToken, reason: 'Now with a reason' });
    expect(await creditBalanceCents(h.dbs.api, student.id)).toBe(500);
  });

  it('refuses zero, non-integer and negative-balance adjustments with the field named', async () => {
    const student = await seedStudent(h.dbs.api);
    const admin = h.caller('admin');
    await expect(admin.students.adjustCredit.preview({ userId: student.id, amountCents: 0 })).rejects.toThrow(/amountCents/);
    await expect(admin.students.adjustCredit.preview({ userId: student.id, amountCents: 10.5 })).rejects.toThrow(/amountCents/);
    await expect(admin.students.adjustCredit.preview({ userId: student.id, amountCents: -100 })).rejects.toThrow(
      /amountCents: would make the balance negative/,
    );
    await expect(admin.students.adjustCredit.preview({ userId: 'not-a-uuid', amountCents: 100 })).rejects.toThrow(/userId/);
  });

  it('refuses a reused token and an expired one', async () => {
    const student = await seedStudent(h.dbs.api);
    const admin = h.caller('admin');
    const first = await admin.students.adjustCredit.preview({ userId: student.id, amountCents: 100 });
    await admin.students.adjustCredit.execute({ confirmToken: first.confirmToken, reason: 'first' });
    expect(await codeOf(admin.students.adjustCredit.execute({ confirmToken: first.confirmToken, reason: 'again' }))).toBe(
      'CONFLICT',
    );

    const second = await admin.students.adjustCredit.preview({ userId: student.id, amountCents: 100 });
    await h.dbs.api
      .updateTable('confirmations')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('consumed_at', 'is', null)
      .execute();
    await expect(admin.students.adjustCredit.execute({ confirmToken: second.confirmToken, reason: 'late' })).rejects.toThrow(
      /expired/,
    );
    expect(await creditBalanceCents(h.dbs.api, student.id)).toBe(100);
  });

  it('binds the token to the actor who previewed', async () => {
    const student = await seedStudent(h.dbs.api);
    const { confirmToken } = await h.caller('admin').students.adjustCredit.preview({ userId: student.id, amountCents: 100 });
    expect(await codeOf(h.caller('admin2').students.adjustCredit.execute({ confirmToken, reason: 'not mine' }))).toBe(
      'FORBIDDEN',
    );
    expect(await creditBalanceCents(h.dbs.api, student.id)).toBe(0);
  });

  it('refuses with CONFLICT when the state changed since the preview', async () => {
    const student = await seedStudent(h.dbs.api);
    const admin = h.caller('admin');
    const stale = await admin.students.adjustCredit.preview({ userId: student.id, amountCents: 300 });
    const other = await h.caller('admin2').students.adjustCredit.preview({ userId: student.id, amountCents: 700 });
    await h.caller('admin2').students.adjustCredit.execute({ confirmToken: other.confirmToken, reason: 'someone else acted' });
    expect(await codeOf(admin.students.adjustCredit.execute({ confirmToken: stale.confirmToken, reason: 'stale' }))).toBe(
      'CONFLICT',
    );
    expect(await creditBalanceCents(h.dbs.api, student.id)).toBe(700);
  });

  it('20 concurrent executes of one token write exactly one ledger row and one audit row', async () => {
    const student = await seedStudent(h.dbs.api);
    const admin = h.caller('admin');
    const { confirmToken } = await admin.students.adjustCredit.preview({ userId: student.id, amountCents: 4200 });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        codeOf(admin.students.adjustCredit.execute({ confirmToken, reason: 'double click storm' })),
      ),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'ok').every((o) => o === 'CONFLICT')).toBe(true);
    const ledger = await h.dbs.api.selectFrom('credit_ledger').select('id').where('user_id', '=', student.id).execute();
    const audits = await auditedRows(h.dbs.api, 'students.adjustCredit', student.id);
    expect(ledger).toHaveLength(1);
    expect(audits).toHaveLength(1);
  });

  it('is refused to roles without credits.adjust', async () => {
    const student = await seedStudent(h.dbs.api);
    for (const role of ['support', 'exec', 'oncall'] as const) {
      expect(await codeOf(h.caller(role).students.adjustCredit.preview({ userId: student.id, amountCents: 100 }))).toBe(
        'FORBIDDEN',
      );
    }
  });
});
