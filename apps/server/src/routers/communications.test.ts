import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { addDays, localDate, startOfDayInstant, type Audience, type CampaignSendFormInput } from '@ops/shared';
import { countAudience } from '../domain/communications/audience.js';
import type { OutgoingMail } from '../domain/communications/mailer.js';
import { CampaignSender } from '../domain/communications/sender.js';
import { auditRowById, createHarness, recordingMailer, type TestHarness } from '../testing.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'ok',
    (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
  );
}

const message = (
  audience: Partial<Audience> & Pick<Audience, 'role'>,
  extra: Partial<CampaignSendFormInput> = {},
): CampaignSendFormInput => ({
  name: 'Test campaign',
  subject: 'Hello {{firstName}}',
  body: 'Hi {{firstName}},\n\nWe miss you.',
  audience: { statuses: [], activity: 'any', ...audience },
  channels: ['email'],
  ...extra,
});

describe('communications', () => {
  let h: TestHarness;
  const now = new Date();
  /** The console's clock where a test sets it; the real time otherwise. */
  let clock: Date | null = null;
  beforeAll(async () => {
    h = await createHarness({ now: () => clock ?? new Date() });
    const db = h.dbs.api;
    // A small world where every filter has a known answer.
    const old = new Date(now.getTime() - 200 * DAY).toISOString();
    const recentBooker = await seedStudent(db, { first_name: 'Recent', created_at: old });
    const inactive = await seedStudent(db, { first_name: 'Inactive', created_at: old });
    await seedStudent(db, { first_name: 'Unverified', created_at: old, verified_at: null });
    await seedStudent(db, { first_name: 'New', created_at: new Date(now.getTime() - 5 * DAY).toISOString() });
    await seedStudent(db, { first_name: 'Suspended', created_at: old, status: 'suspended' });
    await seedStudent(db, { first_name: 'Optout', created_at: old, marketing_opt_out: true });
    const founding = await seedInstructor(db, { created_at: old, profile: { commission_tier: 'founding' } });
    await seedInstructor(db, { created_at: old });
    await seedBooking(db, {
      studentId: recentBooker.id,
      instructorId: founding.user.id,
      createdAt: new Date(now.getTime() - 3 * DAY),
      lessonStart: new Date(now.getTime() + 2 * DAY),
    });
    await seedBooking(db, {
      studentId: inactive.id,
      instructorId: founding.user.id,
      status: 'completed',
      createdAt: new Date(now.getTime() - 90 * DAY),
      lessonStart: new Date(now.getTime() - 88 * DAY),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('counts each filter and their combinations, with exclusions counted by reason', async () => {
    const count = (a: Partial<Audience> & Pick<Audience, 'role'>) =>
      countAudience(h.dbs.api, { statuses: [], activity: 'any', ...a }, { now, timeZone: h.services.config.BUSINESS_TIME_ZONE });
    expect(await count({ role: 'students' })).toEqual({
      matched: 6,
      recipients: 4,
      excludedSuspended: 1,
      excludedDeactivated: 0,
      excludedUnsubscribed: 1,
    });
    expect((await count({ role: 'instructors' })).recipients).toBe(2);
    expect((await count({ role: 'all' })).matched).toBe(8);
    expect((await count({ role: 'students', statuses: ['active'] })).matched).toBe(5);
    expect((await count({ role: 'students', statuses: ['verified'] })).recipients).toBe(3);
    expect((await count({ role: 'instructors', statuses: ['founding'] })).recipients).toBe(1);
    expect((await count({ role: 'students', statuses: ['founding'] })).matched).toBe(0);
    expect((await count({ role: 'students', activity: 'booked_30d' })).recipients).toBe(1);
    expect((await count({ role: 'all', activity: 'booked_30d' })).recipients).toBe(2);
    // Inactive 60 days: older accounts without a recent booking (Inactive, Unverified; Suspended and Optout excluded).
    expect(await count({ role: 'students', activity: 'inactive_60d' })).toMatchObject({
      matched: 4,
      recipients: 2,
      excludedSuspended: 1,
      excludedUnsubscribed: 1,
    });
    expect((await count({ role: 'students', statuses: ['verified'], activity: 'inactive_60d' })).recipients).toBe(1);
    expect((await count({ role: 'instructors', statuses: ['founding', 'verified'], activity: 'booked_30d' })).recipients).toBe(1);
  });

  it('audiencePreview shows the exact count, a masked sample and the message rendered for a real recipient', async () => {
    const p = await h.caller('admin').communications.audiencePreview({
      audience: { role: 'students', statuses: [], activity: 'inactive_60d' },
      subject: 'Hello {{firstName}}',
      body: 'Hi {{firstName}} <b>',
    });
    expect(p.recipients).toBe(2);
    expect(p.sample).toHaveLength(2);
    for (const s of p.sample) expect(s.maskedEmail).toMatch(/\*\*\*/);
    expect(p.rendered?.subject).toMatch(/^Hello (Inactive|Unverified)$/);
    expect(p.rendered?.html).toContain('&lt;b&gt;');
    expect(p.requiresApproval).toBe(false);
  });

  it('audiencePreview counts and samples an audience before any message is written, and renders nothing yet', async () => {
    const p = await h.caller('admin').communications.audiencePreview({
      audience: { role: 'students', statuses: [], activity: 'inactive_60d' },
    });
    expect(p.recipients).toBe(2);
    expect(p.sample).toHaveLength(2);
    expect(p.rendered).toBeNull();
    // An empty subject is refused by name, as the form refuses it.
    await expect(
      h.caller('admin').communications.audiencePreview({
        audience: { role: 'students', statuses: [], activity: 'inactive_60d' },
        subject: '',
      }),
    ).rejects.toThrow(/subject/);
  });

  it('escapes the recipient values and the text in the HTML email, not in the plain text', async () => {
    const { renderMessage } = await import('@ops/shared');
    const m = renderMessage('Hi {{firstName}}', 'Dear {{firstName}} & co,\n\nline', { firstName: '<script>alert(1)</script>' });
    expect(m.html).toContain('Dear &lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(m.html).not.toContain('<script>');
    expect(m.text).toBe('Dear <script>alert(1)</script> & co,\n\nline');
    expect(m.html).toContain('<title>Hi &lt;script&gt;');
  });

  it('refuses founding instructors as a filter of students, naming the field, before anything is counted or queued', async () => {
    const admin = h.caller('admin');
    const campaignsBefore = await h.dbs.api
      .selectFrom('campaigns')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const bad = admin.communications.send.preview(message({ role: 'students', statuses: ['founding'] }));
    await expect(bad).rejects.toThrow(
      /audience\.statuses: Founding instructors can only narrow an audience of instructors or all users/,
    );
    expect(await codeOf(admin.communications.send.preview(message({ role: 'students', statuses: ['founding'] })))).toBe(
      'BAD_REQUEST',
    );
    const preview = admin.communications.audiencePreview({
      audience: { role: 'students', statuses: ['founding'], activity: 'any' },
      subject: 's',
      body: 'b',
    });
    expect(await codeOf(preview)).toBe('BAD_REQUEST');
    // Instructors and everyone can be narrowed to the founding instructors.
    const founding = await admin.communications.send.preview(message({ role: 'all', statuses: ['founding'] }));
    expect(founding.effects.length).toBeGreaterThan(0);
    // The summary counts people and names the audience after: not "to 3 all users, founding instructors".
    expect(founding.summary).toMatch(/^Send "Test campaign" to (\d[\d,]* people|1 person) \(all users, founding instructors\)$/);
    const campaignsAfter = await h.dbs.api
      .selectFrom('campaigns')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(campaignsAfter.n)).toBe(Number(campaignsBefore.n));
  });

  it('refuses unknown variables naming the field, and support is FORBIDDEN', async () => {
    const admin = h.caller('admin');
    const bad = admin.communications.send.preview(message({ role: 'students' }, { body: 'Hi {{nickname}}' }));
    await expect(bad).rejects.toThrow(/Message uses unknown variable \{\{nickname\}\}/);
    expect(await codeOf(h.caller('support').communications.send.preview(message({ role: 'students' })))).toBe('FORBIDDEN');
    expect(await codeOf(h.caller('support').communications.list({}))).toBe('FORBIDDEN');
    await expect(admin.communications.byId({ campaignId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'campaignId: no such campaign',
    });
    expect(
      await codeOf(
        h
          .caller('exec')
          .communications.audiencePreview({ audience: { role: 'all', statuses: [], activity: 'any' }, subject: 's', body: 'b' }),
      ),
    ).toBe('FORBIDDEN');
  });

  it('sends through the queue: every recipient once per channel, in-app and email, visible in history', async () => {
    const admin = h.caller('admin');
    const preview = await admin.communications.send.preview(
      message({ role: 'students', activity: 'inactive_60d' }, { channels: ['email', 'in_app'] }),
    );
    expect(preview.effects.map((e) => e.label)).toContain('Email to 2 people');
    expect(preview.warnings).toEqual(['1 matching suspended user excluded.', '1 matching unsubscribed user excluded.']);
    const result = await admin.communications.send.execute({
      confirmToken: preview.confirmToken,
      reason: 'Win-back announcement',
    });
    expect(result.approvalId).toBeNull();
    const list = await admin.communications.list({});
    const campaign = list.items[0];
    expect(campaign).toEqual({
      id: expect.any(String),
      kind: expect.any(String),
      name: 'Test campaign',
      status: 'queued',
      channels: ['email', 'in_app'],
      audience: { role: 'students', statuses: [], activity: 'inactive_60d' },
      recipientsTotal: 2,
      sentCount: 0,
      failedCount: 0,
      excludedCount: 2,
      createdBy: 'Test Admin',
      approvedBy: null,
      createdAt: expect.any(String),
      startedAt: null,
      finishedAt: null,
    });
    // The page opens what execute created: the result names the campaign it queued.
    expect(result.created).toEqual({ type: 'campaign', id: campaign?.id });
    // Its audit row names the campaign, so the campaign's history finds the send.
    expect(await auditRowById(h.dbs.api, result.auditId)).toMatchObject({
      action: 'communications.send',
      resource_type: 'campaign',
      resource_id: campaign?.id,
    });
    const log: OutgoingMail[] = [];
    await new CampaignSender(h.dbs.worker, { mailer: recordingMailer(log), ratePerSecond: Infinity }).runUntilIdle();
    const detail = await admin.communications.byId({ campaignId: campaign?.id ?? '' });
    expect(detail).toMatchObject({ status: 'completed', sentCount: 4, failedCount: 0, queued: 0 });
    expect(detail).toMatchObject({
      subject: 'Hello {{firstName}}',
      body: 'Hi {{firstName}},\n\nWe miss you.',
      templateKey: null,
    });
    expect(log).toHaveLength(2);
    const email = detail.outbox.find((o) => o.channel === 'email');
    expect(email?.rawMessage).toContain('Subject: Hello');
    expect(email?.rawMessage).toMatch(/^From: Lessons <no-reply@lessons\.example>$/m);
    expect(email?.recipient).toMatch(/\*\*\*/);
  });

  it('a 5,000-recipient send waits for a second admin: execute creates an approval, not a campaign', async () => {
    const db = h.dbs.api;
    await db
      .insertInto('users')
      .values(
        Array.from({ length: 5_000 }, (_, i) => ({
          role: 'student' as const,
          email: `bulk-${i}@example.com`,
          first_name: 'Bulk',
          last_name: `N${i}`,
          verified_at: new Date().toISOString(),
        })),
      )
      .execute();
    const admin = h.caller('admin');
    const before = await db
      .selectFrom('campaigns')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const preview = await admin.communications.send.preview(message({ role: 'students', statuses: ['verified'] }));
    expect(preview.requiresApproval).toBe(true);
    expect(preview.effects[0]?.count).toBeGreaterThan(5_000);
    const result = await admin.communications.send.execute({ confirmToken: preview.confirmToken, reason: 'Big announcement' });
    expect(result.approvalId).not.toBeNull();
    expect(result.created).toBeNull();
    const after = await db
      .selectFrom('campaigns')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const list = await admin.communications.list({});
    expect(list.pending.map((p) => p.approvalId)).toContain(result.approvalId);
    // Past its 24 hours the request is no longer waiting, whether or not the expiry worker has marked it yet.
    clock = new Date(Date.now() + 25 * 60 * 60 * 1000);
    try {
      expect((await admin.communications.list({})).pending.map((p) => p.approvalId)).not.toContain(result.approvalId);
    } finally {
      clock = null;
    }
  });

  it('a sender killed mid-send is finished by a new one, every recipient sent exactly once', async () => {
    const db = h.dbs.api;
    const admin = h.caller('admin');
    const audience = { role: 'students' as const, statuses: [], activity: 'any' as const };
    const at = { now: new Date(), timeZone: h.services.config.BUSINESS_TIME_ZONE };
    const expected = (await countAudience(db, { ...audience }, at)).recipients;
    expect(expected).toBeGreaterThan(1_000);
    // Under the threshold of this check's config only through approval; create the campaign the approved way.
    const preview = await admin.communications.send.preview(message(audience));
    const requested = await admin.communications.send.execute({ confirmToken: preview.confirmToken, reason: 'Everyone' });
    const approved = await h
      .caller('admin2')
      .approvals.approve({ approvalId: requested.approvalId ?? '', reason: 'Looks right' });
    const campaign = await db
      .selectFrom('campaigns')
      .select(['id', 'created_by_staff_id', 'approved_by_staff_id'])
      .where('id', '=', approved.created?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(campaign).toMatchObject({ created_by_staff_id: h.staff.admin.id, approved_by_staff_id: h.staff.admin2.id });

    const log: OutgoingMail[] = [];
    const crashAt = 450;
    const first = new CampaignSender(h.dbs.worker, {
      mailer: recordingMailer(log),
      ratePerSecond: Infinity,
      batchSize: 200,
      // The kill must land mid-send however slow the machine: no time slice ends the pass before it.
      sliceMs: 3_600_000,
      afterSend: (n) => {
        if (n === crashAt) throw new Error('worker killed');
      },
    });
    await expect(first.runOnce()).rejects.toThrow('worker killed');
    const midway = await db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaign_id', '=', campaign.id)
      .where('status', '=', 'sent')
      .executeTakeFirstOrThrow();
    expect(midway.n).toBe(crashAt);
    const job = await db
      .selectFrom('background_jobs')
      .select(['status', 'error'])
      .where('queue', '=', 'communications')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'running', error: 'worker killed' });

    // A new worker, after the dead one's lease ran out.
    const later = () => new Date(Date.now() + 2 * 60_000);
    await new CampaignSender(h.dbs.worker, {
      mailer: recordingMailer(log),
      ratePerSecond: Infinity,
      batchSize: 200,
      now: later,
    }).runUntilIdle();

    const rows = await db
      .selectFrom('notifications')
      .select(['user_id', 'status', 'dedupe_key'])
      .where('campaign_id', '=', campaign.id)
      .execute();
    expect(rows).toHaveLength(expected);
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(expected);
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(expected);
    expect(log).toHaveLength(expected);
    expect(new Set(log.map((m) => m.to)).size).toBe(expected);
    const done = await admin.communications.byId({ campaignId: campaign.id });
    expect(done).toMatchObject({ status: 'completed', sentCount: expected, failedCount: 0, approvedBy: 'Second Admin' });
  }, 240_000); // Over five thousand recipients, each sent and recorded: minutes on a loaded 2-core box.

  it('templates: list, edit with an audit row, bad input names the field', async () => {
    const db = h.dbs.api;
    await db
      .insertInto('message_templates')
      .values({
        key: 'announcement_general',
        name: 'General announcement',
        channel: 'email',
        subject: '{{headline}}',
        body: 'Hi {{firstName}}',
      })
      .execute();
    const admin = h.caller('admin');
    const { auditId } = await admin.communications.updateTemplate({
      key: 'announcement_general',
      name: 'General announcement',
      subject: 'News',
      body: 'Hi {{firstName}}, news.',
    });
    const templates = await admin.communications.templates();
    expect(templates.find((t) => t.key === 'announcement_general')).toMatchObject({ subject: 'News', updatedBy: 'Test Admin' });
    const audit = await auditRowById(db, auditId);
    expect(audit).toMatchObject({ action: 'communications.updateTemplate', resource_id: 'announcement_general' });
    await expect(
      admin.communications.updateTemplate({ key: 'announcement_general', name: 'General', subject: '', body: 'x' }),
    ).rejects.toThrow(/subject: Subject is required/);
    // A misspelt variable would reach every recipient as written: refused, naming the field and what is known.
    await db
      .insertInto('message_templates')
      .values({
        key: 'lesson_reminder',
        name: 'Lesson reminder',
        channel: 'email',
        subject: 'Reminder',
        body: 'Hi {{firstName}}',
      })
      .execute();
    const bad = admin.communications.updateTemplate({
      key: 'lesson_reminder',
      name: 'Lesson reminder',
      subject: 'Reminder: {{serviceName}} tomorrow',
      body: 'Hi {{firstname}}, your lesson with {{instructorName}} starts {{lessonTime}}.',
    });
    await expect(bad).rejects.toThrow(
      /body: Body uses unknown variable \{\{firstname\}\} \(known: \{\{firstName\}\}, \{\{instructorName\}\}/,
    );
    const kept = await db
      .selectFrom('message_templates')
      .select('body')
      .where('key', '=', 'lesson_reminder')
      .executeTakeFirstOrThrow();
    expect(kept.body).toBe('Hi {{firstName}}');
    // The same variables a campaign cannot use are fine in the booking message they are filled for.
    await admin.communications.updateTemplate({
      key: 'lesson_reminder',
      name: 'Lesson reminder',
      subject: 'Reminder: {{serviceName}} tomorrow',
      body: 'Hi {{firstName}}, your lesson with {{instructorName}} starts {{lessonTime}} ({{shortId}}).',
    });
  });

  it('a send approved hours after its preview, the same business day, goes ahead: activity windows move at midnight', async () => {
    const db = h.dbs.api;
    const tz = h.services.config.BUSINESS_TIME_ZONE;
    const today = localDate(new Date(), tz);
    const at = (day: string, hour: number) => new Date(startOfDayInstant(day, tz).getTime() + hour * HOUR);
    // Over the approval threshold of students inactive for months, and three accounts that turned 60 days old at
    // noon today: between a 9 am request and its 5 pm approval, which a window counted from the instant would see.
    const lapsed = (n: number, prefix: string, createdAt: Date) =>
      Array.from({ length: n }, (_, i) => ({
        role: 'student' as const,
        email: `${prefix}-${i}@example.com`,
        first_name: 'Lapsed',
        last_name: `N${i}`,
        created_at: createdAt.toISOString(),
      }));
    await db
      .insertInto('users')
      .values([...lapsed(1_200, 'lapsed', at(addDays(today, -200), 12)), ...lapsed(3, 'borderline', at(addDays(today, -60), 12))])
      .execute();
    const inactive = message({ role: 'students', activity: 'inactive_60d' });
    try {
      clock = at(today, 9);
      const preview = await h.caller('admin').communications.send.preview(inactive);
      expect(preview.requiresApproval).toBe(true);
      const requested = await h
        .caller('admin')
        .communications.send.execute({ confirmToken: preview.confirmToken, reason: 'Win-back' });

      clock = at(today, 17);
      const approved = await h
        .caller('admin2')
        .approvals.approve({ approvalId: requested.approvalId ?? '', reason: 'Audience checked' });
      // The campaign the approval created, not the newest: another test's campaign is dated by the wall clock.
      const campaign = await db
        .selectFrom('campaigns')
        .select(['recipients_total', 'approved_by_staff_id'])
        .where('id', '=', approved.created?.id ?? '')
        .executeTakeFirstOrThrow();
      expect(campaign).toEqual({ recipients_total: preview.effects[0]?.count, approved_by_staff_id: h.staff.admin2.id });
      expect(await auditRowById(db, approved.auditId)).toMatchObject({
        action: 'communications.send',
        resource_type: 'campaign',
        resource_id: approved.created?.id,
      });

      // Tomorrow the three have been inactive for 60 days too.
      clock = at(addDays(today, 1), 9);
      const tomorrow = await h.caller('admin').communications.send.preview(inactive);
      expect(tomorrow.effects[0]?.count).toBe((preview.effects[0]?.count ?? 0) + 3);
    } finally {
      clock = null;
    }
  });
});
