import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '@ops/db/seed/factories';
import { seedStudent } from '@ops/db/seed/helpers';
import type { CampaignSendFormInput } from '@ops/shared';
import { createHarness, type TestHarness } from '../testing.js';

describe('communications.send from a template', () => {
  let h: TestHarness;
  const campaign = (extra: Partial<CampaignSendFormInput>): CampaignSendFormInput => ({
    name: 'Spring news',
    subject: 'Spring is here',
    body: 'Hi {{firstName}},\n\nNew teachers joined.\n\nThe Lessons team',
    audience: { role: 'students', statuses: [], activity: 'any' },
    channels: ['email'],
    ...extra,
  });

  beforeAll(async () => {
    h = await createHarness();
    await seedStudent(h.dbs.api, { first_name: 'Reader' });
    await h.dbs.api
      .insertInto('message_templates')
      .values([
        { key: 'booking_confirmation', name: 'Booking confirmation', channel: 'email', subject: 'Booked', body: 'Hi' },
        { key: 'refund_issued', name: 'Refund issued', channel: 'email', subject: 'Refund', body: 'Hi' },
      ])
      .execute();
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses a booking or refund message, or a key it does not know, naming the Template, before anything is written', async () => {
    const admin = h.caller('admin');
    for (const templateKey of ['booking_confirmation', 'refund_issued', 'no_such_template'])
      await expect(admin.communications.send.preview(campaign({ templateKey }))).rejects.toThrow(
        /templateKey: Template must be a campaign template \(or none, for free text\)/,
      );
    // A campaign template this database does not hold.
    await expect(admin.communications.send.preview(campaign({ templateKey: 'announcement_general' }))).rejects.toThrow(
      'templateKey: Template announcement_general does not exist',
    );
    const confirmations = await h.dbs.api
      .selectFrom('confirmations')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(confirmations.n)).toBe(0);
  });

  it('starts from the general announcement once its placeholders are written over, and says which are left', async () => {
    await h.dbs.api
      .insertInto('message_templates')
      .values({ key: 'announcement_general', channel: 'email', ...TEMPLATES.announcement_general })
      .execute();
    const admin = h.caller('admin');
    const asStored = campaign({
      templateKey: 'announcement_general',
      subject: '{{headline}}',
      body: 'Hi {{firstName}},\n\n{{message}}\n\nThe Lessons team',
    });
    await expect(admin.communications.send.preview(asStored)).rejects.toThrow(
      /subject: Subject still has the template's \{\{headline\}\}: replace it with your own text/,
    );
    await expect(admin.communications.send.preview(asStored)).rejects.toThrow(
      /body: Message still has the template's \{\{message\}\}: replace it with your own text/,
    );
    const preview = await admin.communications.send.preview(campaign({ templateKey: 'announcement_general' }));
    expect(preview.effects.map((e) => e.label)).toContain('Email to 1 person');
  });
});
