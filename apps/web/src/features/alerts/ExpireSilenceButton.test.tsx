import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { executed, fakeServer, previewOf, Refusal } from '../../components/ActionModal/fake-server';
import { renderUi } from '../../test/render';
import { ExpireSilenceButton } from './ExpireSilenceButton';

const SILENCE = '4c2e1f0a-7b6d-4e5c-9a8b-0f1e2d3c4b5a';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ExpireSilenceButton', () => {
  // The action dialog is a chunk of its own: loaded once here, so the waits below time the dialog, not its first load.
  beforeAll(async () => {
    await import('../../components/ActionModal/ActionDialog');
  });

  it('previews which alerts fire again, then expires this silence with the reason', async () => {
    const calls = fakeServer(({ path }) => {
      if (path === 'alerts.expireSilence.preview')
        return previewOf({
          action: 'alerts.expireSilence',
          resourceType: 'silence',
          resourceId: SILENCE,
          summary: 'End the silence on HighErrorRate now',
          effects: [{ kind: 'notify', label: 'HighErrorRate (api) fires again and pages on-call' }],
        });
      if (path === 'alerts.expireSilence.execute') return executed;
      return undefined;
    });
    const { user } = await renderUi(<ExpireSilenceButton silenceId={SILENCE} />);
    await user.click(screen.getByRole('button', { name: 'Expire…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Expire silence' });
    expect(await within(dialog).findByText('HighErrorRate (api) fires again and pages on-call')).toBeTruthy();
    expect(calls).toEqual([{ path: 'alerts.expireSilence.preview', input: { silenceId: SILENCE } }]);

    await user.type(within(dialog).getByLabelText(/Reason/), 'Fix is deployed');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]).toEqual({
      path: 'alerts.expireSilence.execute',
      input: { confirmToken: expect.stringMatching(/^ct_alerts_expireSilence/), reason: 'Fix is deployed' },
    });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Expire silence' })).toBeNull());
  });

  it('waits on the preview, then says why a silence cannot be expired', async () => {
    let refuse: () => void = () => undefined;
    const refusal = new Promise<Refusal>((resolve) => {
      refuse = () => resolve(new Refusal('silenceId: the silence has already expired', 'CONFLICT', 409));
    });
    fakeServer(() => refusal);
    const { user } = await renderUi(<ExpireSilenceButton silenceId={SILENCE} />);
    await user.click(screen.getByRole('button', { name: 'Expire…' }));
    expect(await screen.findByText('Working out what would happen…')).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Expire…', hidden: true });
    expect(button.hasAttribute('disabled') || button.getAttribute('data-loading') !== null).toBe(true);
    refuse();
    const dialog = await screen.findByRole('dialog', { name: 'Expire silence' });
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Cannot preview');
    expect(alert.textContent).toContain('the silence has already expired');
  });
});
