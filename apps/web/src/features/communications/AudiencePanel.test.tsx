import { screen } from '@testing-library/react';
import type { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { AudiencePreview, AudiencePreviewInput } from '@ops/shared';
import { renderUi } from '../../test/render';
import { trpc } from '../../lib/trpc';
import { AudiencePanel } from './AudiencePanel';

const audience: AudiencePreviewInput['audience'] = { role: 'students', statuses: [], activity: 'inactive_60d' };
const counts: AudiencePreview = {
  matched: 1_210,
  recipients: 1_180,
  excludedSuspended: 4,
  excludedDeactivated: 11,
  excludedUnsubscribed: 15,
  sample: [{ id: 'u1', displayName: 'Jonah A.', maskedEmail: 'j***7@example.com', role: 'student' }],
  rendered: null,
  requiresApproval: true,
  approvalThreshold: 1_000,
};

describe('AudiencePanel', () => {
  it('counts the audience as soon as it is chosen, before any message is written', async () => {
    await renderUi(<AudiencePanel input={{ audience, subject: '', body: '' }} />, {
      role: 'admin',
      prefill: (client) => client.setQueryData(trpc.communications.audiencePreview.queryKey({ audience }), counts),
    });
    expect((await screen.findByTestId('audience-count')).textContent).toBe('1,180 recipients');
    expect(screen.getByText(/30 excluded \(4 suspended, 11 deactivated, 15 unsubscribed\)/)).toBeTruthy();
    expect(screen.getByText('Needs a second admin')).toBeTruthy();
    expect(screen.getByText('Fill in the subject and message to see it rendered for one of them.')).toBeTruthy();
  });

  it('renders the message for the first recipient once it has a subject and a body', async () => {
    const input = { audience, subject: 'We miss you, {{firstName}}', body: 'Hi {{firstName}}' };
    const rendered = { recipient: 'Jonah A.', subject: 'We miss you, Jonah', text: 'Hi Jonah', html: '<p>Hi Jonah</p>' };
    await renderUi(<AudiencePanel input={input} />, {
      role: 'admin',
      prefill: (client) => client.setQueryData(trpc.communications.audiencePreview.queryKey(input), { ...counts, rendered }),
    });
    expect(await screen.findByText('As Jonah A. will see it')).toBeTruthy();
    expect(screen.queryByText(/Fill in the subject and message/)).toBeNull();
  });

  it('says it is updating, and dims the figures, while the chosen audience is not yet counted', async () => {
    const input = { audience, subject: '', body: '' };
    const prefill = (client: QueryClient) =>
      client.setQueryData(trpc.communications.audiencePreview.queryKey({ audience }), counts);
    const { unmount } = await renderUi(<AudiencePanel input={input} settling />, { role: 'admin', prefill });
    expect(screen.getByLabelText('Audience preview').getAttribute('aria-busy')).toBe('true');
    expect(screen.getByText('Updating…')).toBeTruthy();
    unmount();
    await renderUi(<AudiencePanel input={input} />, { role: 'admin', prefill });
    expect(screen.getByLabelText('Audience preview').getAttribute('aria-busy')).toBe('false');
    expect(screen.queryByText('Updating…')).toBeNull();
  });
});
