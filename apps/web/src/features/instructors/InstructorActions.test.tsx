import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StaffRole } from '@ops/shared';
import { executed, fakeServer, previewOf, Refusal } from '../../components/ActionModal/fake-server';
import { renderUi } from '../../test/render';
import { InstructorActions, type InstructorFacts } from './InstructorActions';

const MARCUS = '00005eed-0000-4000-8000-000000000301';

const active: InstructorFacts = { status: 'active', commissionTier: 'standard', payoutHold: false, verificationOverride: false };
const restricted: InstructorFacts = {
  status: 'suspended',
  commissionTier: 'preferred',
  payoutHold: true,
  verificationOverride: true,
};

function renderFor(instructor: InstructorFacts, role: StaffRole = 'admin') {
  return renderUi(<InstructorActions userId={MARCUS} instructor={instructor} />, { role });
}

const buttonNames = () => screen.queryAllByRole('button').map((b) => b.textContent);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('InstructorActions', () => {
  // The action dialog is a chunk of its own: loaded once here, so the waits below time the dialog, not its first load.
  beforeAll(async () => {
    await import('../../components/ActionModal/ActionDialog');
  });

  it('offers an admin suspend, verification override, a tier change and a payout hold for an active instructor', async () => {
    await renderFor(active);
    expect(buttonNames()).toEqual(['Suspend instructor', 'Override verification', 'Preview tier change', 'Hold payouts']);
    expect(screen.getByText('Payouts flow normally.')).toBeTruthy();
  });

  it('offers the way back from each restriction an instructor is under', async () => {
    await renderFor(restricted);
    expect(buttonNames()).toEqual([
      'Unsuspend instructor',
      'Remove verification override',
      'Preview tier change',
      'Release payouts',
    ]);
    expect(screen.getByText('Payouts are on hold.')).toBeTruthy();
  });

  it('shows nothing to a role that may neither manage instructors nor hold payouts', async () => {
    for (const role of ['support', 'oncall', 'exec'] as const) {
      const { unmount } = await renderFor(active, role);
      expect(buttonNames(), role).toEqual([]);
      expect(screen.queryByLabelText('Commission tier'), role).toBeNull();
      expect(screen.queryByText(/^Payouts/), role).toBeNull();
      unmount();
    }
  });

  it('asks the server to preview suspending this instructor, shows its effects, and confirms with the reason', async () => {
    const calls = fakeServer(({ path }) => {
      if (path === 'instructors.suspend.preview')
        return previewOf({
          action: 'instructors.suspend',
          summary: 'Suspend Marcus T.',
          effects: [
            { kind: 'account', label: 'Marcus T. can no longer sign in or take bookings' },
            { kind: 'booking', label: 'Cancel 2 upcoming bookings and refund their students' },
          ],
        });
      if (path === 'instructors.suspend.execute') return executed;
      return undefined;
    });
    const { user } = await renderFor(active);
    await user.click(screen.getByRole('button', { name: 'Suspend instructor' }));
    const dialog = await screen.findByRole('dialog', { name: 'Suspend instructor' });
    expect(await within(dialog).findByText('Suspend Marcus T.')).toBeTruthy();
    const effects = within(dialog).getByRole('list', { name: 'Effects' });
    expect(within(effects).getByText('Marcus T. can no longer sign in or take bookings')).toBeTruthy();
    expect(within(effects).getByText('Cancel 2 upcoming bookings and refund their students')).toBeTruthy();
    expect(calls).toEqual([{ path: 'instructors.suspend.preview', input: { userId: MARCUS } }]);

    await user.type(within(dialog).getByLabelText(/Reason/), 'Repeated no-shows');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(calls.map((c) => c.path)).toContain('instructors.suspend.execute'));
    expect(calls.find((c) => c.path === 'instructors.suspend.execute')?.input).toEqual({
      confirmToken: expect.stringMatching(/^ct_instructors_suspend/),
      reason: 'Repeated no-shows',
    });
  });

  it('asks for the opposite of what is set: unsuspend, removing the override, releasing payouts', async () => {
    const cases = [
      {
        facts: active,
        button: 'Override verification',
        path: 'instructors.verificationOverride.preview',
        input: { userId: MARCUS, enabled: true },
      },
      {
        facts: restricted,
        button: 'Remove verification override',
        path: 'instructors.verificationOverride.preview',
        input: { userId: MARCUS, enabled: false },
      },
      { facts: active, button: 'Hold payouts', path: 'instructors.payoutHold.preview', input: { userId: MARCUS, hold: true } },
      {
        facts: restricted,
        button: 'Release payouts',
        path: 'instructors.payoutHold.preview',
        input: { userId: MARCUS, hold: false },
      },
      { facts: restricted, button: 'Unsuspend instructor', path: 'instructors.unsuspend.preview', input: { userId: MARCUS } },
    ];
    for (const c of cases) {
      const calls = fakeServer(({ path }) => new Refusal(`${path} refused in this test`));
      const { user, unmount } = await renderFor(c.facts);
      await user.click(screen.getByRole('button', { name: c.button }));
      expect(await screen.findByText(`${c.path} refused in this test`), c.button).toBeTruthy();
      expect(calls, c.button).toEqual([{ path: c.path, input: c.input }]);
      unmount();
      vi.restoreAllMocks();
    }
  });

  it('previews a tier change only once another tier is chosen, and sends the chosen tier', async () => {
    const calls = fakeServer(({ path }) =>
      path === 'instructors.commissionTier.preview'
        ? previewOf({
            action: 'instructors.commissionTier',
            summary: 'Move Marcus T. from standard to preferred',
            effects: [{ kind: 'money', label: 'Future bookings pay a 12% platform fee instead of 15%' }],
          })
        : undefined,
    );
    const { user } = await renderFor(active);
    const preview = screen.getByRole('button', { name: 'Preview tier change' });
    expect(preview.hasAttribute('disabled')).toBe(true);
    await user.click(screen.getByLabelText('Commission tier', { selector: 'input' }));
    // The current tier cannot be chosen: a change to it would change nothing.
    expect((await screen.findByRole('option', { name: /^standard/ })).getAttribute('data-combobox-disabled')).toBe('true');
    await user.click(screen.getByRole('option', { name: /^preferred/ }));
    expect(preview.hasAttribute('disabled')).toBe(false);
    await user.click(preview);
    const dialog = await screen.findByRole('dialog', { name: 'Change commission tier' });
    expect(await within(dialog).findByText('Future bookings pay a 12% platform fee instead of 15%')).toBeTruthy();
    expect(calls).toEqual([{ path: 'instructors.commissionTier.preview', input: { userId: MARCUS, tier: 'preferred' } }]);
  });

  it('holds every other action while a preview is being worked out', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(() => new Promise<Response>(() => undefined));
    const { user } = await renderFor(active);
    await user.click(screen.getByRole('button', { name: 'Hold payouts' }));
    expect(await screen.findByText('Working out what would happen…')).toBeTruthy();
    for (const name of ['Suspend instructor', 'Override verification', 'Hold payouts'])
      expect(screen.getByRole('button', { name, hidden: true }).hasAttribute('disabled'), name).toBe(true);
  });
});
