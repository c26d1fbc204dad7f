import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStudent } from '@ops/db/seed/helpers';
import type { OutgoingMail } from '../domain/communications/mailer.js';
import { CampaignSender, type SenderOptions } from '../domain/communications/sender.js';
import { auditedRows, createHarness, recordingMailer, rejection, type TestHarness } from '../testing.js';

describe('communications.cancel', () => {
  let h: TestHarness;
  const RECIPIENTS = 3;

  beforeAll(async () => {
    h = await createHarness();
    for (let i = 0; i < RECIPIENTS; i++) await seedStudent(h.dbs.api, { first_name: `Reader${i}` });
  });
  afterAll(async () => {
    await h.close();
  });

  /** Queues a campaign to every student the way a person does (preview, confirm) and returns its id. */
  async function queueCampaign(name: string): Promise<string> {
    const admin = h.caller('admin');
    const preview = await admin.communications.send.preview({
      name,
      subject: 'Hello {{firstName}}',
      body: 'Hi {{firstName}}, news.',
      audience: { role: 'students', statuses: [], activity: 'any' },
      channels: ['email'],
    });
    const result = await admin.communications.send.execute({ confirmToken: preview.confirmToken, reason: 'Announcement' });
    if (result.created === null) throw new Error('the send created no campaign');
    return result.created.id;
  }

  const sender = (log: OutgoingMail[], opts: Partial<SenderOptions> = {}) =>
    new CampaignSender(h.dbs.worker, { mailer: recordingMailer(log), ratePerSecond: Infinity, ...opts });

  const statuses = async (campaignId: string) =>
    (
      await h.dbs.api
        .selectFrom('notifications')
        .select('status')
        .where('campaign_id', '=', campaignId)
        .orderBy('status')
        .execute()
    ).map((r) => r.status);

  const auditRows = (campaignId: string) => auditedRows(h.dbs.api, 'communications.cancel', campaignId);

  it('a queued campaign: preview lists the effects and changes nothing; execute cancels it, audited once, and nobody gets it', async () => {
    const campaignId = await queueCampaign('Spring news');
    const admin = h.caller('admin');
    const preview = await admin.communications.cancel.preview({ campaignId });
    expect(preview).toMatchObject({ action: 'communications.cancel', resourceType: 'campaign', resourceId: campaignId });
    expect(preview.effects).toEqual([
      { kind: 'notify', label: 'Send "Spring news" to nobody (3 recipients planned)', count: RECIPIENTS },
      { kind: 'info', label: 'Mark the campaign cancelled' },
    ]);
    expect((await admin.communications.byId({ campaignId })).status).toBe('queued');

    const result = await admin.communications.cancel.execute({ confirmToken: preview.confirmToken, reason: 'Wrong audience' });
    expect(result.message).toBe('"Spring news" is cancelled: 0 unsent messages skipped.');
    expect((await admin.communications.byId({ campaignId })).status).toBe('cancelled');
    expect(await auditRows(campaignId)).toMatchObject([
      {
        action: 'communications.cancel',
        resource_type: 'campaign',
        before: { status: 'queued', sent: 0, queued: 0 },
        after: { status: 'cancelled', skipped: 0 },
        reason: 'Wrong audience',
      },
    ]);

    // The queued send job still runs, finds the campaign cancelled and sends nothing.
    const log: OutgoingMail[] = [];
    await sender(log).runUntilIdle();
    expect(log).toEqual([]);
    expect(await statuses(campaignId)).toEqual([]);
    expect((await admin.communications.byId({ campaignId })).status).toBe('cancelled');
  });

  it('a sending campaign: what was sent stays sent, the rest is skipped and never sent', async () => {
    const campaignId = await queueCampaign('Summer news');
    const log: OutgoingMail[] = [];
    // One pass of one message, then the sender puts the job back: the campaign is mid-send.
    await sender(log, { batchSize: 1, sliceMs: 0 }).runOnce();
    expect(log).toHaveLength(1);
    const admin = h.caller('admin');
    expect((await admin.communications.byId({ campaignId })).status).toBe('sending');

    const preview = await admin.communications.cancel.preview({ campaignId });
    expect(preview.effects.map((e) => e.label)).toEqual([
      'Skip every message of "Summer news" not yet sent (3 recipients in all)',
      'Messages already sent stay sent',
      'Mark the campaign cancelled',
    ]);
    expect(preview.warnings).toEqual(['1 message sent and 2 waiting so far; sending goes on until you confirm.']);
    expect(await admin.communications.byId({ campaignId })).toMatchObject({ sentCount: 1, skippedCount: 0, queued: 2 });
    await admin.communications.cancel.execute({ confirmToken: preview.confirmToken, reason: 'Typo in the subject' });
    expect(await statuses(campaignId)).toEqual(['sent', 'skipped', 'skipped']);

    await sender(log).runUntilIdle();
    expect(log).toHaveLength(1);
    expect(await statuses(campaignId)).toEqual(['sent', 'skipped', 'skipped']);
    // The page counts the skipped ones among the processed: none of the three is left unaccounted for.
    expect(await admin.communications.byId({ campaignId })).toMatchObject({
      status: 'cancelled',
      sentCount: 1,
      failedCount: 0,
      skippedCount: 2,
      queued: 0,
    });
    expect(await auditRows(campaignId)).toHaveLength(1);
    const job = await h.dbs.api
      .selectFrom('background_jobs')
      .select('status')
      .where('queue', '=', 'communications')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(job.status).toBe('succeeded');
  });

  it('refuses a campaign that is finished or already cancelled, naming the field', async () => {
    const campaignId = await queueCampaign('Autumn news');
    await sender([]).runUntilIdle();
    const admin = h.caller('admin');
    expect(await rejection(admin.communications.cancel.preview({ campaignId }))).toEqual({
      code: 'CONFLICT',
      message: 'campaignId: this campaign is completed; only a queued or sending one can be cancelled',
    });

    const cancelled = await queueCampaign('Winter news');
    const preview = await admin.communications.cancel.preview({ campaignId: cancelled });
    await admin.communications.cancel.execute({ confirmToken: preview.confirmToken, reason: 'Not this week' });
    expect(await rejection(admin.communications.cancel.preview({ campaignId: cancelled }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^campaignId: this campaign is cancelled/) as unknown,
    });
    expect(await auditRows(cancelled)).toHaveLength(1);
  });

  it('refuses while a sender is building the recipient list, so no message is rendered after the cancel', async () => {
    const campaignId = await queueCampaign('Building news');
    // A sender has claimed the job and not yet rendered the recipients.
    await h.dbs.api
      .updateTable('background_jobs')
      .set({ status: 'running' })
      .where('queue', '=', 'communications')
      .where('status', '=', 'queued')
      .execute();
    expect(await rejection(h.caller('admin').communications.cancel.preview({ campaignId }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^campaignId: the send is starting/) as unknown,
    });
    expect((await h.caller('admin').communications.byId({ campaignId })).status).toBe('queued');
  });

  it('a role without communications.send is refused and nothing changes', async () => {
    const campaignId = await queueCampaign('Role news');
    for (const who of ['support', 'exec', 'oncall'] as const) {
      expect((await rejection(h.caller(who).communications.cancel.preview({ campaignId }))).code).toBe('FORBIDDEN');
    }
    const adminPreview = await h.caller('admin').communications.cancel.preview({ campaignId });
    expect(
      (
        await rejection(
          h.caller('support').communications.cancel.execute({ confirmToken: adminPreview.confirmToken, reason: 'Not mine' }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect((await h.caller('admin').communications.byId({ campaignId })).status).toBe('queued');
    expect(await auditRows(campaignId)).toEqual([]);
  });
});
