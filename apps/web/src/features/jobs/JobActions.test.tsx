import { screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeServer, previewOf, Refusal } from '../../components/ActionModal/fake-server';
import { queryClient, trpc } from '../../lib/trpc';
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

describe('DeadJobActions, when another admin acted first', () => {
  beforeAll(async () => {
    await import('../../components/ActionModal/ActionDialog');
  });

  it('re-reads the jobs when confirming is refused as changed, and offers no second confirm', async () => {
    const refreshed = vi.spyOn(queryClient, 'invalidateQueries').mockResolvedValue();
    fakeServer(({ path }) => {
      if (path === 'jobs.discard.preview')
        return previewOf({
          action: 'jobs.discard',
          resourceType: 'job',
          resourceId: '8',
          summary: 'Discard capture_payment (job 8)',
          effects: [{ kind: 'info', label: 'Mark job 8 discarded' }],
        });
      if (path === 'jobs.discard.execute')
        return new Refusal('id: job 8 is queued; only a dead job can be retried or discarded', 'CONFLICT', 409);
      return undefined;
    });
    const { user } = await renderUi(<DeadJobActions id={8} />);
    await user.click(screen.getByRole('button', { name: 'Discard job 8' }));
    const dialog = await screen.findByRole('dialog', { name: 'Discard job #8' });
    await user.type(await within(dialog).findByRole('textbox', { name: /Reason/ }), 'Poison message');
    expect(refreshed).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('job 8 is queued; only a dead job can be retried or discarded');
    expect(alert.textContent).toContain('Close and preview again');
    expect(refreshed).toHaveBeenCalledWith(trpc.jobs.pathFilter());
    expect(within(dialog).getByRole('button', { name: 'Confirm' }).hasAttribute('disabled')).toBe(true);
  });

  it('re-reads the jobs when the preview itself is refused as changed, and not for other refusals', async () => {
    const refreshed = vi.spyOn(queryClient, 'invalidateQueries').mockResolvedValue();
    fakeServer(({ path }) =>
      path === 'jobs.retry.preview'
        ? new Refusal('id: no such job', 'NOT_FOUND', 404)
        : new Refusal('id: job 8 is queued', 'CONFLICT', 409),
    );
    const { user } = await renderUi(<DeadJobActions id={8} />);
    await user.click(screen.getByRole('button', { name: 'Retry job 8' }));
    await within(await screen.findByRole('dialog', { name: 'Retry job #8' })).findByRole('alert');
    expect(refreshed).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Discard job 8' }));
    await within(await screen.findByRole('dialog', { name: 'Discard job #8' })).findByRole('alert');
    expect(refreshed).toHaveBeenCalledWith(trpc.jobs.pathFilter());
  });
});
