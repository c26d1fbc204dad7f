import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { executed, fakeServer, previewOf, Refusal } from '../../components/ActionModal/fake-server';
import { renderUi } from '../../test/render';
import { ReplayButton, ReplaySelectedButton } from './ReplayButtons';

const EVENT = '3b7e0c2a-9d41-4f6a-8e25-1c0b7a6d5e40';
const OTHER = '9a1f4e6b-2c3d-4e5f-8a7b-6c5d4e3f2a10';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ReplayButton', () => {
  // The action dialog is a chunk of its own: loaded once here, so the waits below time the dialog, not its first load.
  beforeAll(async () => {
    await import('../../components/ActionModal/ActionDialog');
  });

  it("shows the handler's dry run for this event, then replays it with the reason", async () => {
    const calls = fakeServer(({ path }) => {
      if (path === 'webhooks.replay.preview')
        return previewOf({
          action: 'webhooks.replay',
          resourceType: 'webhook',
          resourceId: EVENT,
          summary: 'Replay charge.succeeded evt_1QX',
          effects: [{ kind: 'booking', label: 'Mark the payment of booking SCQGBH0N captured' }],
          warnings: ['This event was replayed once already'],
        });
      if (path === 'webhooks.replay.execute') return executed;
      return undefined;
    });
    const { user } = await renderUi(<ReplayButton id={EVENT} />);
    await user.click(screen.getByRole('button', { name: 'Replay' }));
    const dialog = await screen.findByRole('dialog', { name: 'Replay webhook' });
    expect(await within(dialog).findByText('Mark the payment of booking SCQGBH0N captured')).toBeTruthy();
    expect(within(dialog).getByText('This event was replayed once already')).toBeTruthy();
    expect(calls).toEqual([{ path: 'webhooks.replay.preview', input: { id: EVENT } }]);

    await user.type(within(dialog).getByLabelText(/Reason/), 'Handler fixed in the last deploy');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]).toEqual({
      path: 'webhooks.replay.execute',
      input: { confirmToken: expect.stringMatching(/^ct_webhooks_replay/), reason: 'Handler fixed in the last deploy' },
    });
  });

  it('shows why the server will not replay the event', async () => {
    fakeServer(() => new Refusal('id: a rejected event (bad signature) cannot be replayed', 'CONFLICT', 409));
    const { user } = await renderUi(<ReplayButton id={EVENT} />);
    await user.click(screen.getByRole('button', { name: 'Replay' }));
    const dialog = await screen.findByRole('dialog', { name: 'Replay webhook' });
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Cannot preview');
    expect(alert.textContent).toContain('a rejected event (bad signature) cannot be replayed');
  });
});

describe('ReplaySelectedButton', () => {
  it('counts the selected events and cannot be pressed with none selected', async () => {
    const { unmount } = await renderUi(<ReplaySelectedButton ids={[EVENT, OTHER]} onDone={vi.fn()} />);
    expect(screen.getByRole('button', { name: 'Replay selected (2)' }).hasAttribute('disabled')).toBe(false);
    unmount();
    await renderUi(<ReplaySelectedButton ids={[]} onDone={vi.fn()} />);
    expect(screen.getByRole('button', { name: 'Replay selected (0)' }).hasAttribute('disabled')).toBe(true);
  });

  it('previews the selected events in one request and clears the selection once they are replayed', async () => {
    const calls = fakeServer(({ path }) => {
      if (path === 'webhooks.replayMany.preview')
        return previewOf({
          action: 'webhooks.replayMany',
          resourceType: 'webhook',
          summary: 'Replay 2 webhook events',
          effects: [
            { kind: 'booking', label: `Replay ${EVENT}: mark a payment captured` },
            { kind: 'info', label: `Replay ${OTHER}: nothing would change` },
          ],
        });
      if (path === 'webhooks.replayMany.execute') return executed;
      return undefined;
    });
    const onDone = vi.fn();
    const { user } = await renderUi(<ReplaySelectedButton ids={[EVENT, OTHER]} onDone={onDone} />);
    await user.click(screen.getByRole('button', { name: 'Replay selected (2)' }));
    const dialog = await screen.findByRole('dialog', { name: 'Replay selected webhooks' });
    const effects = within(dialog).getByRole('list', { name: 'Effects' });
    expect(within(effects).getAllByRole('listitem')).toHaveLength(2);
    expect(calls).toEqual([{ path: 'webhooks.replayMany.preview', input: { ids: [EVENT, OTHER] } }]);
    expect(onDone).not.toHaveBeenCalled();

    await user.type(within(dialog).getByLabelText(/Reason/), 'Stripe outage is over');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(calls.map((c) => c.path)).toEqual(['webhooks.replayMany.preview', 'webhooks.replayMany.execute']);
  });
});
