import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AudiencePreview, AudiencePreviewInput } from '@ops/shared';
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

function renderForm() {
  return renderUi(<ComposeForm initialTemplate={undefined} />, {
    role: 'admin',
    prefill: (client) => {
      client.setQueryData(trpc.communications.templates.queryKey(), []);
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
});
