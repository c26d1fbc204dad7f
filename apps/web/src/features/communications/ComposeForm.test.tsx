import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AudiencePreview, AudiencePreviewInput, MessageTemplate } from '@ops/shared';
import { renderUi } from '../../test/render';
import { trpc } from '../../lib/trpc';
import { ComposeForm } from './ComposeForm';

/** What the audience panel beside the form shows for any audience in these tests (its own tests check its words). */
const preview: AudiencePreview = {
  matched: 3,
  recipients: 2,
  excludedSuspended: 1,
  excludedDeactivated: 0,
  excludedUnsubscribed: 0,
  sample: [],
  rendered: null,
  requiresApproval: false,
  approvalThreshold: 1_000,
};

const template = (key: string, name: string, subject: string, body: string): MessageTemplate => ({
  key,
  name,
  channel: 'email',
  subject,
  body,
  updatedAt: '2026-10-01T12:00:00Z',
  updatedBy: 'Test Admin',
});

/** The stored templates as the sample data holds them: booking and refund messages besides the announcement. */
const storedTemplates = [
  template(
    'announcement_general',
    'General announcement',
    '{{headline}}',
    'Hi {{firstName}},\n\n{{message}}\n\nThe Lessons team',
  ),
  template('booking_confirmation', 'Booking confirmation', 'Your {{serviceName}} lesson is booked', 'Hi {{firstName}}'),
  template('lesson_completed', 'Lesson completed', 'How was your {{serviceName}} lesson?', 'Hi {{firstName}}'),
  template('lesson_reminder', 'Lesson reminder', 'Reminder: {{lessonTime}}', 'Hi {{firstName}}'),
  template('refund_issued', 'Refund issued', 'Your refund for booking {{shortId}}', 'Hi {{firstName}}'),
];

function renderForm(templates: MessageTemplate[] = []) {
  return renderUi(<ComposeForm initialTemplate={undefined} />, {
    role: 'admin',
    prefill: (client) => {
      client.setQueryData(trpc.communications.templates.queryKey(), templates);
      // The default audience, counted as the form opens (the clicks below settle after the test has read the form).
      const audience: AudiencePreviewInput['audience'] = { role: 'students', statuses: [], activity: 'any' };
      client.setQueryData(trpc.communications.audiencePreview.queryKey({ audience }), preview);
    },
  });
}

describe('ComposeForm', () => {
  it('offers founding instructors only for an audience that has instructors, and drops the choice when students are picked', async () => {
    const { user } = await renderForm();
    // Students is the default audience: no founding instructors among them.
    expect(screen.queryByRole('checkbox', { name: 'Founding instructors' })).toBeNull();
    await user.click(screen.getByRole('radio', { name: 'Instructors' }));
    await user.click(screen.getByRole('checkbox', { name: 'Founding instructors' }));
    await user.click(screen.getByRole('checkbox', { name: 'Verified' }));
    await user.click(screen.getByRole('radio', { name: 'All users' }));
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Founding instructors' }).checked).toBe(true);
    await user.click(screen.getByRole('radio', { name: 'Students' }));
    expect(screen.queryByRole('checkbox', { name: 'Founding instructors' })).toBeNull();
    // The other choice stays; back with instructors, founding is no longer ticked.
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Verified' }).checked).toBe(true);
    await user.click(screen.getByRole('radio', { name: 'Instructors' }));
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Founding instructors' }).checked).toBe(false);
  });

  it('offers only templates a campaign can fill, and says the announcement’s placeholders are to be replaced', async () => {
    const { user } = await renderForm(storedTemplates);
    await user.click(screen.getByLabelText('Template', { selector: 'input' }));
    expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toEqual(['General announcement']);
    expect(screen.queryByText(/\{\{headline\}\}/)).toBeNull();
    await user.click(screen.getByRole('option', { name: 'General announcement' }));
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: /^Subject/ }).value).toBe('{{headline}}');
    expect(
      screen.getByText(
        'Replace {{headline}} and {{message}} in Subject and Message with your own text. Variables: {{firstName}}, {{lastName}}, {{fullName}}',
      ),
    ).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByText("Subject still has the template's {{headline}}: replace it with your own text")).toBeTruthy();
  });
});
