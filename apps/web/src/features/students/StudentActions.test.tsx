import { screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StaffRole } from '@ops/shared';
import { fakeServer, previewOf } from '../../components/ActionModal/fake-server';
import { renderUi } from '../../test/render';
import { StudentActions } from './StudentActions';

const SARAH = '00005eed-0000-4000-8000-000000000101';

function renderFor(status: string, role: StaffRole = 'admin') {
  return renderUi(<StudentActions userId={SARAH} status={status} />, { role });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('StudentActions', () => {
  // The action dialog is a chunk of its own: loaded once here, so the waits below time the dialog, not its first load.
  beforeAll(async () => {
    await import('../../components/ActionModal/ActionDialog');
  });

  it('offers an admin suspension of an active student and a credit adjustment, and unsuspension of a suspended one', async () => {
    const { unmount } = await renderFor('active');
    expect(screen.getByRole('button', { name: 'Suspend student' })).toBeTruthy();
    expect(screen.getByLabelText('Also cancel upcoming bookings')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Unsuspend student' })).toBeNull();
    expect(screen.getByLabelText('Amount')).toBeTruthy();
    unmount();
    await renderFor('suspended');
    expect(screen.getByRole('button', { name: 'Unsuspend student' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Suspend student' })).toBeNull();
    expect(screen.queryByLabelText('Also cancel upcoming bookings')).toBeNull();
  });

  it('shows nothing to a role that may neither manage students nor adjust credit', async () => {
    for (const role of ['support', 'oncall', 'exec'] as const) {
      const { unmount } = await renderFor('active', role);
      expect(screen.queryAllByRole('button'), role).toEqual([]);
      expect(screen.queryByLabelText('Amount'), role).toBeNull();
      unmount();
    }
  });

  it('asks to cancel the upcoming bookings with the suspension only when that is ticked', async () => {
    const calls = fakeServer(({ path }) =>
      path === 'students.suspend.preview'
        ? previewOf({
            action: 'students.suspend',
            summary: 'Suspend Sarah C.',
            effects: [{ kind: 'booking', label: 'Cancel 1 upcoming booking and refund $45.00' }],
          })
        : undefined,
    );
    for (const tick of [false, true]) {
      const { user, unmount } = await renderFor('active');
      if (tick) await user.click(screen.getByLabelText('Also cancel upcoming bookings'));
      await user.click(screen.getByRole('button', { name: 'Suspend student' }));
      const dialog = await screen.findByRole('dialog', { name: 'Suspend student' });
      expect(await within(dialog).findByText('Cancel 1 upcoming booking and refund $45.00')).toBeTruthy();
      unmount();
    }
    expect(calls).toEqual([
      { path: 'students.suspend.preview', input: { userId: SARAH, cancelUpcoming: false } },
      { path: 'students.suspend.preview', input: { userId: SARAH, cancelUpcoming: true } },
    ]);
  });

  it('previews a credit adjustment in cents from the dollars typed, and sends nothing for an amount it cannot read', async () => {
    const calls = fakeServer(({ path }) =>
      path === 'students.adjustCredit.preview'
        ? previewOf({
            action: 'students.adjustCredit',
            summary: 'Remove $10.50 of credit from Sarah C.',
            effects: [{ kind: 'money', label: 'Credit goes from $65.00 to $54.50', amountCents: -1_050 }],
          })
        : undefined,
    );
    const { user } = await renderFor('active');
    await user.type(screen.getByLabelText('Amount'), 'ten');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByText(/^Amount must be dollars/)).toBeTruthy();
    expect(calls).toEqual([]);

    await user.clear(screen.getByLabelText('Amount'));
    await user.type(screen.getByLabelText('Amount'), '-10.50');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    const dialog = await screen.findByRole('dialog', { name: 'Adjust credit' });
    expect(await within(dialog).findByText('Credit goes from $65.00 to $54.50')).toBeTruthy();
    expect(calls).toEqual([{ path: 'students.adjustCredit.preview', input: { userId: SARAH, amountCents: -1_050 } }]);
  });
});
