import { TRPCError } from '@trpc/server';
import { sql, type Transaction } from 'kysely';
import type { BookingStatus, Database } from '@ops/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { writeAudit } from '../domain/audit/write.js';
import { verifyAuditChain } from '../domain/audit/chain.js';
import { collectPersonData, countPersonRows } from '../domain/privacy/collect.js';
import { downloadExport, runExportJobs } from '../domain/privacy/export.js';
import { runRetention } from '../domain/privacy/retention.js';
import { readZip } from '../domain/privacy/zip.js';
import type { StripeStandin } from '../integrations/stripe/standin.js';
import {
  auditedRow,
  auditRowById,
  auditedRows,
  auditRowWithPii,
  createHarness,
  noIntegrations,
  plugStripeStandin,
  testConfig,
  type TestHarness,
} from '../testing.js';

let h: TestHarness;
let standin: StripeStandin;
const DAY = 86_400_000;

beforeAll(async () => {
  h = await createHarness({
    integrations: noIntegrations({ stripe: true }),
    config: testConfig({ PRIVACY_EXPORT_INLINE_MAX_ROWS: '8' }),
  });
  standin = await plugStripeStandin(h, { timeoutMs: 5_000 });
});

afterAll(async () => {
  await standin.close();
  await h.close();
});

async function errorOf(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(e)}`);
  return e;
}

const actorOf = (key: 'support' | 'admin') => ({
  staff: h.staff[key],
  request: { requestId: 'req-test', ip: '127.0.0.1', userAgent: 'vitest' },
  now: new Date(),
});

/** A booking of this student with this instructor, `daysAhead` from now (negative: in the past). */
const lessonBetween = (studentId: string, instructorId: string, status: BookingStatus, daysAhead: number) =>
  seedBooking(h.dbs.api, { studentId, instructorId, status, lessonStart: new Date(Date.now() + daysAhead * DAY) });

async function personWithHistory(name: { first: string; last: string; email: string }) {
  const { user: instructor } = await seedInstructor(h.dbs.api);
  const student = await seedStudent(h.dbs.api, {
    first_name: name.first,
    last_name: name.last,
    email: name.email,
    phone: '+1 555 010 4477',
    phone_normalized: '15550104477',
    stripe_customer_id: `cus_${name.first.toLowerCase()}${Date.now().toString(36)}`,
  });
  const past = await lessonBetween(student.id, instructor.id, 'completed', -10);
  await h.dbs.api
    .insertInto('booking_notes')
    .values({
      user_id: student.id,
      booking_id: past.booking.id,
      kind: 'support_interaction',
      body: `${name.first} called about the lesson`,
    })
    .execute();
  await h.dbs.api
    .insertInto('funnel_events')
    .values({ user_id: student.id, stage: 'signup', occurred_at: new Date(Date.now() - 20 * DAY) })
    .execute();
  await h.dbs.api
    .insertInto('search_events')
    .values({
      user_id: student.id,
      query: `piano near ${name.first}`,
      results_count: 3,
      occurred_at: new Date(Date.now() - 20 * DAY),
    })
    .execute();
  await auditRowWithPii(h, student.id, {
    after: { email: name.email, name: `${name.first} ${name.last}` },
    reason: `${name.first} ${name.last} asked for their receipt`,
  });
  return { student, instructor, past };
}

describe('privacy.export', () => {
  it('builds an archive with a manifest, JSON and CSV per table, and audits the request and the download', async () => {
    const { student, past } = await personWithHistory({ first: 'Lena', last: 'Okafor', email: 'lena.okafor@example.com' });
    const support = h.caller('support');
    const missingReason = await errorOf(support.privacy.export({ userId: student.id, reason: '' }));
    expect(missingReason.message).toMatch(/^reason:/);

    const result = await support.privacy.export({ userId: student.id, reason: 'Subject access request #42' });
    expect(result.export.status).toBe('ready');
    expect(result.downloadUrl).toMatch(new RegExp(`^/privacy/exports/${result.export.id}/download\\?token=`));
    const audit = await auditRowById(h.dbs.api, result.auditId);
    expect(audit).toMatchObject({ action: 'privacy.export', resource_id: student.id, reason: 'Subject access request #42' });

    const token = new URL(result.downloadUrl ?? '', 'http://x').searchParams.get('token') ?? '';
    const wrong = await downloadExport(h.dbs.api, actorOf('support'), result.export.id, 'not-the-token-at-all');
    expect(wrong).toEqual({ ok: false, status: 404, message: 'No such export link.' });
    const got = await downloadExport(h.dbs.api, actorOf('support'), result.export.id, token);
    if (!got.ok) throw new Error(got.message);
    const files = readZip(got.archive);
    const manifest = JSON.parse(files.get('manifest.json')?.toString() ?? '{}') as {
      userId: string;
      tables: Record<string, { rows: number }>;
    };
    expect(manifest.userId).toBe(student.id);
    expect(manifest.tables.bookings?.rows).toBe(1);
    expect(manifest.tables.notes?.rows).toBe(1);
    // The count the request was decided and audited by is the manifest's own.
    const manifestRows = Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0);
    expect(audit.after).toMatchObject({ rows: manifestRows, mode: 'inline' });
    const profile = JSON.parse(files.get('json/profile.json')?.toString() ?? '[]') as Array<Record<string, unknown>>;
    expect(profile[0]).toMatchObject({
      email: 'lena.okafor@example.com',
      phone: '+1 555 010 4477',
      phone_normalized: '15550104477',
    });
    const userColumns = await sql<{ column_name: string }>`
      select column_name from information_schema.columns where table_schema = current_schema() and table_name = 'users'`.execute(
      h.dbs.api,
    );
    expect(Object.keys(profile[0] ?? {}).sort()).toEqual(userColumns.rows.map((c) => c.column_name).sort());
    const bookingsCsv = files.get('csv/bookings.csv')?.toString() ?? '';
    expect(bookingsCsv.split('\r\n')[1]).toContain(past.booking.short_id);
    expect(files.get('csv/search_events.csv')?.toString()).toContain('piano near Lena');
    expect(files.get('csv/audit.csv')?.toString()).toContain('users.pii.reveal');
    const downloads = await auditedRows(h.dbs.api, 'privacy.export.download', student.id);
    expect(downloads).toMatchObject([{ actor_email: h.staff.support.email }]);

    // The link expires.
    const later = { ...actorOf('support'), now: new Date(Date.now() + 2 * 3600_000) };
    expect(await downloadExport(h.dbs.api, later, result.export.id, token)).toMatchObject({ ok: false, status: 410 });
  });

  it('counts exactly the rows the archive holds, in every table, for a student and an instructor', async () => {
    const { student, instructor, past } = await personWithHistory({
      first: 'Nadia',
      last: 'Haddad',
      email: 'nadia.haddad@example.com',
    });
    await h.dbs.api
      .insertInto('refunds')
      .values({
        booking_id: past.booking.id,
        payment_id: past.payment.id,
        student_id: student.id,
        instructor_id: instructor.id,
        amount_cents: 1_000,
        method: 'credit',
        policy_rule: 'override',
        reason: 'Goodwill',
        status: 'succeeded',
      })
      .execute();
    await h.dbs.api
      .insertInto('payouts')
      .values({
        instructor_id: instructor.id,
        booking_id: past.booking.id,
        amount_cents: 5_000,
        status: 'paid',
        scheduled_for: new Date(),
      })
      .execute();
    for (const id of [student.id, instructor.id]) {
      const data = await collectPersonData(h.dbs.api, id);
      const perTable = Object.fromEntries(Object.entries(data).map(([t, rows]) => [t, rows.length]));
      const held = Object.values(perTable).reduce((sum, n) => sum + n, 0);
      expect(await countPersonRows(h.dbs.api, id)).toBe(held);
      // Every kind of row is in the count: the profile, refunds, payouts and audit rows too.
      expect(perTable.profile).toBe(1);
      expect(perTable.refunds).toBe(1);
      expect(perTable.audit).toBeGreaterThanOrEqual(id === student.id ? 1 : 0);
    }
    const instructorData = await collectPersonData(h.dbs.api, instructor.id);
    expect(instructorData.payouts).toHaveLength(1);
    expect(instructorData.instructor_profile).toHaveLength(1);
  });

  it('hands a large export to a background job, then a fresh link downloads it', async () => {
    const { student } = await personWithHistory({ first: 'Marco', last: 'Bellini', email: 'marco.bellini@example.com' });
    for (let i = 0; i < 5; i++) {
      await h.dbs.api
        .insertInto('funnel_events')
        .values({ user_id: student.id, stage: 'search', occurred_at: new Date() })
        .execute();
    }
    const support = h.caller('support');
    const result = await support.privacy.export({ userId: student.id, reason: 'Subject access request #43' });
    expect(result.export.status).toBe('building');
    expect(result.downloadUrl).toBeNull();
    expect(await runExportJobs(h.dbs.api, () => new Date())).toBe(1);
    const job = await h.dbs.api
      .selectFrom('background_jobs')
      .select(['status', 'queue', 'task'])
      .where('queue', '=', 'privacy')
      .where('task', '=', 'export')
      .executeTakeFirstOrThrow();
    expect(job.status).toBe('succeeded');
    const [listed] = await support.privacy.exports({ userId: student.id });
    expect(listed?.status).toBe('ready');
    expect(listed?.tables?.funnel_events).toBe(6);
    // Built later by the job, the archive still holds exactly the rows the request was audited with.
    const audit = await auditRowById(h.dbs.api, result.auditId);
    const listedRows = Object.values(listed?.tables ?? {}).reduce((sum, n) => sum + n, 0);
    expect(audit.after).toMatchObject({ rows: listedRows, mode: 'job' });
    const link = await support.privacy.downloadLink({ exportId: result.export.id });
    const token = new URL(link.downloadUrl, 'http://x').searchParams.get('token') ?? '';
    expect((await downloadExport(h.dbs.api, actorOf('support'), result.export.id, token)).ok).toBe(true);
  });

  it('is refused to roles that cannot reveal PII', async () => {
    const student = await seedStudent(h.dbs.api);
    const e = await errorOf(h.caller('exec').privacy.export({ userId: student.id, reason: 'curious' }));
    expect(e.code).toBe('FORBIDDEN');
  });
});

describe('privacy.erase', () => {
  it('refuses while the person has upcoming bookings or open disputes, and says why', async () => {
    const { user: instructor } = await seedInstructor(h.dbs.api);
    const student = await seedStudent(h.dbs.api);
    const upcoming = await lessonBetween(student.id, instructor.id, 'confirmed', 3);
    const disputed = await lessonBetween(student.id, instructor.id, 'completed', -3);
    await h.dbs.api
      .updateTable('payments')
      .set({ disputed_at: new Date(), dispute_status: 'needs_response' })
      .where('id', '=', disputed.payment.id)
      .execute();
    const e = await errorOf(h.caller('admin').privacy.erase.preview({ userId: student.id }));
    expect(e.code).toBe('PRECONDITION_FAILED');
    expect(e.message).toContain(`1 upcoming booking (${upcoming.booking.short_id})`);
    expect(e.message).toContain(`1 open dispute (${disputed.booking.short_id})`);
    const instructorRefusal = await errorOf(h.caller('admin').privacy.erase.preview({ userId: instructor.id }));
    expect(instructorRefusal.message).toContain('upcoming booking');
    expect((await errorOf(h.caller('support').privacy.erase.preview({ userId: student.id }))).code).toBe('FORBIDDEN');
  });

  it('needs a second admin; then deletes, anonymises and keeps exactly what the preview said, and the chain verifies', async () => {
    const { student, past } = await personWithHistory({ first: 'Quentin', last: 'Marsh', email: 'quentin.marsh@example.com' });
    const customerId = student.stripe_customer_id ?? '';
    const revenueBefore = await h.dbs.api
      .selectFrom('payments')
      .select((eb) => eb.fn.sum<number>('amount_cents').as('total'))
      .executeTakeFirstOrThrow();

    const admin = h.caller('admin');
    const preview = await admin.privacy.erase.preview({ userId: student.id });
    expect(preview.requiresApproval).toBe(true);
    expect(preview.typeToConfirm).toBe(student.id);
    const labels = preview.effects.map((e) => e.label);
    expect(labels).toContain('Delete: 1 support note, 0 notifications, 0 data exports');
    expect(labels.some((l) => l.startsWith('Keep by law') && l.includes('1 booking, 1 payment'))).toBe(true);
    expect(labels).toContain(
      'Keep the audit rows about the person; redact their PII in 1 of them (each redaction recorded in the audit chain)',
    );
    expect(labels).toContain(`Delete the Stripe customer ${customerId}`);

    const requested = await admin.privacy.erase.execute({
      confirmToken: preview.confirmToken,
      reason: 'Right to be forgotten request',
    });
    expect(requested.approvalId).not.toBeNull();
    const stillThere = await h.dbs.api.selectFrom('users').select('email').where('id', '=', student.id).executeTakeFirstOrThrow();
    expect(stillThere.email).toBe('quentin.marsh@example.com');
    const own = await errorOf(admin.approvals.approve({ approvalId: requested.approvalId ?? '', reason: 'Looks fine' }));
    expect(own.code).toBe('FORBIDDEN');

    const approved = await h
      .caller('admin2')
      .approvals.approve({ approvalId: requested.approvalId ?? '', reason: 'Verified the request' });
    expect(approved.message).toContain(`Stripe customer ${customerId} deleted`);

    const user = await h.dbs.api.selectFrom('users').selectAll().where('id', '=', student.id).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ first_name: 'Erased', phone: null, status: 'deactivated', stripe_customer_id: null });
    expect(user.email).toMatch(/^erased-[0-9a-f]{8}@erased\.invalid$/);
    expect(user.erased_at).not.toBeNull();
    expect(await h.dbs.api.selectFrom('booking_notes').select('id').where('user_id', '=', student.id).execute()).toEqual([]);
    const search = await h.dbs.api
      .selectFrom('search_events')
      .select(['user_id', 'query'])
      .where('query', 'like', 'piano near %')
      .execute();
    expect(search).toContainEqual({ user_id: null, query: 'piano near [redacted]' });
    // Kept by law, pointing at the tombstone.
    const booking = await h.dbs.api
      .selectFrom('bookings')
      .select('student_id')
      .where('id', '=', past.booking.id)
      .executeTakeFirstOrThrow();
    expect(booking.student_id).toBe(student.id);
    const revenueAfter = await h.dbs.api
      .selectFrom('payments')
      .select((eb) => eb.fn.sum<number>('amount_cents').as('total'))
      .executeTakeFirstOrThrow();
    expect(revenueAfter.total).toEqual(revenueBefore.total);

    // The audit row about them is redacted, the redaction recorded, and the chain still verifies.
    const reveal = await auditedRow(h.dbs.api, 'users.pii.reveal', student.id);
    expect(reveal.reason).toBe('[redacted] asked for their receipt');
    expect(JSON.stringify(reveal.after)).not.toMatch(/quentin|marsh/i);
    const redaction = await auditedRow(h.dbs.api, 'audit.redacted', String(reveal.id));
    expect(redaction.actor_email).toBe(h.staff.admin2.email);
    expect(redaction.after).toMatchObject({ fields: ['after', 'reason'] });
    const chain = await verifyAuditChain(h.dbs.api);
    expect(chain.brokenAtId).toBeNull();

    // Search no longer finds them by name or email.
    const found = await h.caller('support').support.search({ q: 'quentin.marsh@example.com' });
    expect(JSON.stringify(found)).not.toContain(student.id);
    // Erasing twice is refused: a conflict with what someone already did.
    const twice = await errorOf(admin.privacy.erase.preview({ userId: student.id }));
    expect(twice.code).toBe('CONFLICT');
    expect(twice.message).toMatch(/already erased \([A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T\)/);
  });

  it('a row changed behind the trigger without a redaction record still breaks the chain', async () => {
    const { staff, request } = actorOf('admin');
    const id = await writeAudit(h.dbs.api, staff, request, {
      action: 'test.tamper',
      resourceType: 'user',
      resourceId: 'x',
      reason: 'original words',
    });
    // The UPDATE path opens only for the row named in the setting; a forged setting without a redaction row
    // changes the row but leaves nothing that vouches for it.
    await h.dbs.api.transaction().execute(async (tx) => {
      await sqlSetting(tx, id);
      await tx.updateTable('audit_log').set({ reason: 'tampered words' }).where('id', '=', id).execute();
    });
    const chain = await verifyAuditChain(h.dbs.api);
    expect(chain.brokenAtId).toBe(id);
  });
});

describe('retention', () => {
  it('a dry run counts and keeps; a real run deletes only what is older than the kind allows; both are recorded', async () => {
    const old = new Date(Date.now() - 14 * 30 * DAY);
    await h.dbs.api
      .insertInto('funnel_events')
      .values([
        { user_id: null, stage: 'signup', occurred_at: old },
        { user_id: null, stage: 'signup', occurred_at: new Date() },
      ])
      .execute();
    const policy = { months: { funnel_events: 13, search_events: 13, notifications: 24 }, exportDays: 30 };
    const dry = await runRetention(h.dbs.api, { ...policy, dryRun: true }, new Date());
    expect(dry.kinds.funnel_events?.matched).toBeGreaterThanOrEqual(1);
    expect(dry.kinds.funnel_events?.deleted).toBe(0);
    const oldLeft = () =>
      h.dbs.api
        .selectFrom('funnel_events')
        .select('id')
        .where('occurred_at', '<', new Date(Date.now() - 13 * 31 * DAY).toISOString())
        .execute();
    expect((await oldLeft()).length).toBeGreaterThanOrEqual(1);
    const real = await runRetention(h.dbs.api, { ...policy, dryRun: false, batchSize: 1 }, new Date());
    expect(real.kinds.funnel_events?.deleted).toBe(dry.kinds.funnel_events?.matched);
    expect(await oldLeft()).toEqual([]);
    const runs = await h.dbs.api
      .selectFrom('background_jobs')
      .select(['status', 'payload'])
      .where('task', '=', 'retention')
      .orderBy('id')
      .execute();
    expect(runs.map((r) => [r.status, (r.payload as { dryRun: boolean }).dryRun])).toEqual([
      ['succeeded', true],
      ['succeeded', false],
    ]);
  });
});

async function sqlSetting(tx: Transaction<Database>, id: number): Promise<void> {
  await sql`select set_config('ops.audit_redaction', ${String(id)}, true)`.execute(tx);
}
