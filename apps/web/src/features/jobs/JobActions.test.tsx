import { screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeServer, previewOf, Refusal } from '../../components/ActionModal/fake-server';
import { renderUi } from '../../test/render';
import { DeadJobActions } from './JobActions';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('DeadJobActions', () => {
  // The action dialog is a chunk of its own: loaded once here, so the waits below time the dialog, not its first load.
  beforeAll(async () => {
    await import('../../components/ActionModal/ActionDialog');
  });

  it('previews retrying this job and names it in the dialog', async () => {
    const calls = fakeServer(({ path }) =>
      path === 'jobs.retry.preview'
        ? previewOf({
            action: 'jobs.retry',
            resourceType: 'job',
            resourceId: '8',
            summary: 'Retry capture_payment (job 8)',
            effects: [{ kind: 'info', label: 'Run capture_payment again now, attempt 6 of 6' }],
          })
        : undefined,
    );
    const { user } = await renderUi(<DeadJobActions id={8} />);
    await user.click(screen.getByRole('button', { name: 'Retry job 8' }));
    const dialog = await screen.findByRole('dialog', { name: 'Retry job #8' });
    expect(await within(dialog).findByText('Run capture_payment again now, attempt 6 of 6')).toBeTruthy();
    expect(calls).toEqual([{ path: 'jobs.retry.preview', input: { id: 8 } }]);
  });

  it('previews discarding this job, and shows why the server refuses', async () => {
    const calls = fakeServer(() => new Refusal('id: job 8 is no longer dead (it succeeded on a retry)', 'CONFLICT', 409));
    const { user } = await renderUi(<DeadJobActions id={8} />);
    await user.click(screen.getByRole('button', { name: 'Discard job 8' }));
    const dialog = await screen.findByRole('dialog', { name: 'Discard job #8' });
    expect((await within(dialog).findByRole('alert')).textContent).toContain('job 8 is no longer dead (it succeeded on a retry)');
    expect(calls).toEqual([{ path: 'jobs.discard.preview', input: { id: 8 } }]);
  });
});
