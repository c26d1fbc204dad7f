import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { privacyExportInputSchema } from '@ops/shared';
import { renderUi } from '../test/render';
import { ReasonForm, type ReasonMutation } from './ReasonForm';

const USER_ID = '6f1c1f0e-3b0a-4d7e-9a43-2d1c7c9b5a10';

/** The form's props around a mutation that is idle unless `mutation` says otherwise. */
function props(mutation: Partial<ReasonMutation<unknown>> = {}) {
  return {
    schema: privacyExportInputSchema,
    input: { userId: USER_ID },
    intro: 'Builds one archive of everything held about this person.',
    submitLabel: 'Export data',
    failedTitle: 'Not exported',
    mutation: { mutate: vi.fn(), isPending: false, error: null, ...mutation },
    onCancel: vi.fn(),
  };
}

describe('ReasonForm', () => {
  it("names the reason's rule from the shared schema and sends nothing while it is broken", async () => {
    const p = props();
    const { user } = await renderUi(<ReasonForm {...p} />);
    await user.type(screen.getByLabelText(/Reason/), 'ok');
    await user.click(screen.getByRole('button', { name: 'Export data' }));
    expect(await screen.findByText('Reason is required (at least 3 characters)')).toBeTruthy();
    expect(p.mutation.mutate).not.toHaveBeenCalled();
  });

  it('sends the whole request, trimmed as the server reads it, once', async () => {
    const p = props();
    const { user } = await renderUi(<ReasonForm {...p} />);
    await user.type(screen.getByLabelText(/Reason/), '  GDPR request by email  ');
    await user.click(screen.getByRole('button', { name: 'Export data' }));
    expect(p.mutation.mutate).toHaveBeenCalledTimes(1);
    expect(p.mutation.mutate).toHaveBeenCalledWith({ userId: USER_ID, reason: 'GDPR request by email' });
  });

  it("shows the server's refusal in place, and Cancel leaves without sending", async () => {
    const p = props({ error: new Error('Only support and admins may export personal data') });
    const { user } = await renderUi(<ReasonForm {...p} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Not exported');
    expect(alert.textContent).toContain('Only support and admins may export personal data');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(p.onCancel).toHaveBeenCalledTimes(1);
    expect(p.mutation.mutate).not.toHaveBeenCalled();
  });

  it('cannot be sent twice while the request is in flight', async () => {
    const p = props({ isPending: true });
    const { user } = await renderUi(<ReasonForm {...p} />);
    await user.type(screen.getByLabelText(/Reason/), 'Customer asked for a copy');
    const submit = screen.getByRole('button', { name: 'Export data' });
    expect(submit.hasAttribute('disabled') || submit.getAttribute('data-loading') !== null).toBe(true);
    await user.click(submit);
    expect(p.mutation.mutate).not.toHaveBeenCalled();
  });
});
