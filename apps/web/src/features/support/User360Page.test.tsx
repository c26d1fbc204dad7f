import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User360 } from '@ops/shared';
import { renderUi } from '../../test/render';
import { trpc } from '../../lib/trpc';
import { User360Page } from './User360Page';

const MARCUS = '00005eed-0000-4000-8000-000000000301';

const MARCUS_FACTS = {
  backgroundCheckStatus: 'passed',
  commissionTier: 'standard',
  payoutHold: false,
  payoutHoldReason: null,
  verificationOverride: false,
  city: 'New York',
};

const instructor: User360 = {
  profile: {
    id: MARCUS,
    role: 'instructor',
    status: 'active',
    displayName: 'Marcus R.',
    maskedEmail: 'm***d@example.com',
    maskedPhone: null,
    verified: true,
    createdAt: '2025-06-29T04:41:00.000Z',
    suspendedAt: null,
    suspensionReason: null,
    erasedAt: null,
    hasStripeCustomer: false,
    instructor: MARCUS_FACTS,
  },
  stats: {
    bookingsTotal: 0,
    completed: 0,
    cancelled: 0,
    noShows: 0,
    upcoming: 0,
    notMarked: 0,
    failedPayments: 0,
    disputes: 0,
    completedValueCents: 0,
    refundedCents: 0,
  },
  flags: [],
  fraudSignals: [],
  suggestedActions: [],
  warnings: [],
  bookings: [],
  pendingApprovals: [],
  refunds: [],
  creditBalanceCents: 0,
  ledger: [],
  payouts: [
    {
      id: 'p3',
      bookingId: null,
      amountCents: 7_650,
      status: 'pending',
      scheduledFor: '2026-12-06T06:00:00.000Z',
      paidAt: null,
      holdReason: null,
      overdue: false,
    },
    {
      id: 'p2',
      bookingId: null,
      amountCents: 5_100,
      status: 'pending',
      scheduledFor: '2026-12-02T06:00:00.000Z',
      paidAt: null,
      holdReason: null,
      overdue: false,
    },
    {
      id: 'p1',
      bookingId: null,
      amountCents: 7_650,
      status: 'paid',
      scheduledFor: '2026-11-24T06:00:00.000Z',
      paidAt: '2026-11-24T06:00:00.000Z',
      holdReason: null,
      overdue: false,
    },
  ],
  notes: [],
  notifications: [],
  audit: [],
  listLimit: 50,
};

function renderPerson(view: User360, role: 'support' | 'admin' = 'support') {
  return renderUi(<User360Page userId={view.profile.id} />, {
    role,
    prefill: (client) => {
      client.setQueryData(trpc.support.user.queryKey({ userId: view.profile.id }), view);
      client.setQueryData(trpc.privacy.exports.queryKey({ userId: view.profile.id }), []);
    },
  });
}

describe('User360Page', () => {
  it('counts the bookings in every state, so the numbers add up to the total', async () => {
    await renderPerson({
      ...instructor,
      stats: {
        ...instructor.stats,
        bookingsTotal: 68,
        completed: 58,
        cancelled: 6,
        noShows: 2,
        upcoming: 1,
        notMarked: 1,
        failedPayments: 1,
      },
    });
    const activity = screen.getByRole('region', { name: 'Activity' });
    expect(
      within(activity).getByText(
        '68 bookings · 58 completed · 6 cancelled · 2 no\u2011shows · 1 upcoming · 1 past, not marked completed',
      ),
    ).toBeTruthy();
    // An instructor pays nothing: the failed payment is a student's.
    expect(within(activity).getByText('1 failed student payment · 0 disputes')).toBeTruthy();
  });

  it("puts what an instructor is owed where a student's credit would be, and no student-only sections", async () => {
    await renderPerson(instructor);
    const owed = screen.getByRole('region', { name: 'Payouts owed' });
    expect(within(owed).getByText('$127.50')).toBeTruthy();
    expect(within(owed).getByText('2 pending payouts, the next due Dec 2, 2026')).toBeTruthy();
    expect(within(owed).getByText('Payouts flow normally')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Credit' })).toBeNull();
    expect(await screen.findByRole('region', { name: 'Payouts' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Credit ledger' })).toBeNull();
  });

  it('says which pending payouts are overdue, and the day they were due, apart from the next one due', async () => {
    const payouts = instructor.payouts.map((x) =>
      x.id === 'p2' ? { ...x, scheduledFor: '2026-11-28T06:00:00.000Z', overdue: true } : x,
    );
    await renderPerson({ ...instructor, payouts });
    const owed = screen.getByRole('region', { name: 'Payouts owed' });
    expect(within(owed).getByText('2 pending payouts, the next due Dec 6, 2026')).toBeTruthy();
    expect(within(owed).getByText('1 is overdue: it was due Nov 28, 2026')).toBeTruthy();
  });

  it('names the first day due when several payouts are overdue', async () => {
    const payouts = instructor.payouts.map((x) =>
      x.status === 'pending'
        ? { ...x, scheduledFor: x.id === 'p2' ? '2026-11-28T06:00:00.000Z' : '2026-11-30T06:00:00.000Z', overdue: true }
        : x,
    );
    await renderPerson({ ...instructor, payouts });
    const owed = screen.getByRole('region', { name: 'Payouts owed' });
    expect(within(owed).getByText('2 pending payouts')).toBeTruthy();
    expect(within(owed).getByText('2 are overdue: the first was due Nov 28, 2026')).toBeTruthy();
  });

  it('says when payouts are held, and why, still counting the held ones as owed', async () => {
    const held = { ...MARCUS_FACTS, payoutHold: true, payoutHoldReason: 'Chargeback under review' };
    const payouts = instructor.payouts.map((x) =>
      x.status === 'pending' ? { ...x, status: 'held', holdReason: 'Chargeback under review' } : x,
    );
    await renderPerson({ ...instructor, profile: { ...instructor.profile, instructor: held }, payouts });
    const owed = screen.getByRole('region', { name: 'Payouts owed' });
    expect(within(owed).getByText('$127.50')).toBeTruthy();
    expect(within(owed).getByText('2 held payouts')).toBeTruthy();
    expect(within(owed).getByText('Payouts held (Chargeback under review)')).toBeTruthy();
  });

  it('with nothing pending or held, says nothing is owed', async () => {
    await renderPerson({ ...instructor, payouts: instructor.payouts.filter((x) => x.status === 'paid') });
    const owed = screen.getByRole('region', { name: 'Payouts owed' });
    expect(within(owed).getByText('$0.00')).toBeTruthy();
    expect(within(owed).getByText('Nothing owed')).toBeTruthy();
  });

  it("keeps a student's credit balance and credit ledger", async () => {
    await renderPerson({
      ...instructor,
      profile: { ...instructor.profile, role: 'student', instructor: null },
      creditBalanceCents: 2_000,
    });
    expect(within(screen.getByRole('region', { name: 'Credit' })).getByText('$20.00')).toBeTruthy();
    expect(await screen.findByRole('region', { name: 'Credit ledger' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Payouts owed' })).toBeNull();
  });

  describe('an erased person', () => {
    const student: User360 = {
      ...instructor,
      profile: { ...instructor.profile, role: 'student', instructor: null, displayName: 'Aisha S.' },
      payouts: [],
    };
    const erased: User360 = {
      ...student,
      profile: {
        ...student.profile,
        status: 'deactivated',
        displayName: 'Erased E.',
        erasedAt: '2026-12-03T15:00:00.000Z',
      },
    };

    it('offers an admin every action on a person who was not erased', async () => {
      await renderPerson(student, 'admin');
      expect(await screen.findByRole('button', { name: 'Suspend student' })).toBeTruthy();
      expect(await screen.findByRole('button', { name: /Reveal/ })).toBeTruthy();
      expect(await screen.findByRole('button', { name: 'Export data' })).toBeTruthy();
      expect(await screen.findByRole('button', { name: 'Erase person' })).toBeTruthy();
      expect(await screen.findByRole('button', { name: 'Add note' })).toBeTruthy();
      expect(screen.getByRole('textbox', { name: 'Amount' })).toBeTruthy();
      expect(screen.queryByText(/Erased on/)).toBeNull();
    });

    it('says when the person was erased and offers no action on them, while the records stay readable', async () => {
      await renderPerson(erased, 'admin');
      const flags = screen.getByLabelText('Account flags');
      expect(within(flags).getByText('Erased on Dec 3, 2026')).toBeTruthy();
      expect(screen.getByText(/no action can be taken on this person/)).toBeTruthy();
      const privacy = await screen.findByRole('region', { name: 'Privacy' });
      expect(within(privacy).getByText(/^Erased on Dec 3, 2026: /)).toBeTruthy();
      expect(await screen.findByRole('region', { name: 'Audit trail' })).toBeTruthy();
      for (const name of [/Suspend/, /Reveal/, /Export data/, /Erase person/, /Add note/, /Preview/]) {
        expect(screen.queryByRole('button', { name })).toBeNull();
      }
      expect(screen.queryByRole('textbox', { name: 'Amount' })).toBeNull();
    });
  });
});
