import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BookingDetail } from '@ops/shared';
import { renderUi } from '../../test/render';
import { trpc } from '../../lib/trpc';
import { BookingPage } from './BookingPage';

const BOOKING = '6b1d2f0e-4c3a-4f5e-8a7b-9c0d1e2f3a4b';

function detail(payment: Partial<NonNullable<BookingDetail['payment']>>): BookingDetail {
  return {
    booking: {
      id: BOOKING,
      shortId: 'SCB1G4XP',
      status: 'confirmed',
      serviceId: 'sat-prep',
      serviceName: 'SAT prep',
      lessonStart: '2026-12-05T04:00:00.000Z',
      durationMinutes: 60,
      priceCents: 12_000,
      platformFeeCents: 1_800,
      instructorPayoutCents: 10_200,
      creditsAppliedCents: 0,
      createdAt: '2026-11-28T04:46:00.000Z',
      confirmedAt: '2026-11-28T04:47:00.000Z',
      completedAt: null,
      cancelledAt: null,
      cancelledBy: null,
      cancellationReason: null,
    },
    student: {
      id: '00005eed-0000-4000-8000-000000000101',
      displayName: 'Sarah C.',
      maskedEmail: 's***n@example.com',
      status: 'active',
      erasedAt: null,
    },
    instructor: { id: '00005eed-0000-4000-8000-000000000301', displayName: 'Elena P.', status: 'active' },
    payment: {
      id: 'a0c4e5d6-1b2c-4d3e-8f4a-5b6c7d8e9f01',
      status: 'pending',
      amountCents: 12_000,
      amountRefundedCents: 0,
      authorizeAt: '2026-12-04T04:00:00.000Z',
      captureAt: '2026-12-05T07:00:00.000Z',
      authorizedAt: null,
      capturedAt: null,
      failedAt: null,
      failureCode: null,
      failureMessage: null,
      cardBrand: 'visa',
      cardLast4: '4242',
      disputedAt: null,
      disputeStatus: null,
      disputeEvidenceDueBy: null,
      ...payment,
    },
    refunds: [],
    pendingApprovals: [],
    notes: [],
    notifications: [],
    webhooks: [],
    audit: [],
    timeline: [],
    suggestedActions: [],
  };
}

function renderBooking(view: BookingDetail, role: 'exec' | 'support' | 'admin' = 'exec') {
  return renderUi(<BookingPage bookingId={BOOKING} />, {
    role,
    prefill: (client) => client.setQueryData(trpc.bookings.detail.queryKey({ bookingId: BOOKING }), view),
  });
}

describe('BookingPage', () => {
  it('names the lesson by its service and says when the card will be authorized and captured', async () => {
    await renderBooking(detail({}));
    const lesson = screen.getByRole('region', { name: 'Lesson' });
    expect(within(lesson).getByText(/· SAT prep$/)).toBeTruthy();
    const payment = screen.getByRole('region', { name: 'Payment' });
    expect(within(payment).getByText('Authorizes Dec 3, 2026, 11:00 PM EST · Captures Dec 5, 2026, 2:00 AM EST')).toBeTruthy();
  });

  it("offers support no resend and no note on an erased student's booking, and says why", async () => {
    const view = detail({});
    await renderBooking({ ...view, student: { ...view.student, erasedAt: '2026-12-02T15:00:00.000Z' } }, 'support');
    expect(screen.getByText('The student was erased on Dec 2, 2026: nothing is sent to them any more.')).toBeTruthy();
    expect(screen.queryByLabelText('Note')).toBeNull();
  });

  it('offers support only the messages true of the booking: none for a cancelled one, and says why', async () => {
    const view = detail({ status: 'cancelled' });
    await renderBooking({ ...view, booking: { ...view.booking, status: 'cancelled' } }, 'support');
    expect(
      await screen.findByText(
        'No message fits a cancelled booking: a confirmation or a reminder would tell the student something false.',
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Resend notification' })).toBeNull();
  });

  it('offers support a resend on a confirmed booking', async () => {
    await renderBooking(detail({}), 'support');
    expect(await screen.findByRole('button', { name: 'Resend notification' })).toBeTruthy();
    expect(screen.queryByText(/No message fits/)).toBeNull();
  });

  it('offers support a note on a booking of a student who was not erased', async () => {
    await renderBooking(detail({}), 'support');
    expect(await screen.findByLabelText('Note')).toBeTruthy();
    expect(screen.queryByText(/was erased on/)).toBeNull();
  });

  it('says what has happened once it has: authorized, then captured', async () => {
    await renderBooking(
      detail({ status: 'captured', authorizedAt: '2026-12-04T04:00:05.000Z', capturedAt: '2026-12-05T07:00:09.000Z' }),
    );
    const payment = screen.getByRole('region', { name: 'Payment' });
    expect(within(payment).getByText('Authorized Dec 3, 2026, 11:00 PM EST · Captured Dec 5, 2026, 2:00 AM EST')).toBeTruthy();
  });

  it('says a refund waiting for a second admin is not made yet, where the refunds are', async () => {
    const view: BookingDetail = {
      ...detail({ status: 'captured' }),
      pendingApprovals: [
        {
          id: '9d1c3b7a-2e4f-4a6b-8c0d-1e2f3a4b5c6d',
          action: 'refunds.create',
          summary: 'Refund $110.00 on booking SCB1G4XP',
          requestedBy: 'support@ops.example',
          requestedAt: '2026-12-01T15:00:00.000Z',
          expiresAt: '2026-12-02T15:00:00.000Z',
        },
      ],
    };
    await renderBooking(view, 'support');
    const refunds = screen.getByRole('region', { name: 'Refunds' });
    const waiting = within(refunds).getByRole('alert', { name: 'Waiting for a second admin' });
    expect(waiting.textContent).toContain(
      'Refund $110.00 on booking SCB1G4XP — asked by support@ops.example on Dec 1, 2026, 10:00 AM EST; expires Dec 2, 2026, 10:00 AM EST',
    );
    expect(within(refunds).getByText('No refunds made yet.')).toBeTruthy();
    // Support cannot decide; an admin is pointed to where they can.
    expect(within(waiting).queryByRole('link', { name: 'Decide in Approvals' })).toBeNull();
  });

  it('points an admin to Approvals', async () => {
    const view = detail({ status: 'captured' });
    await renderBooking(
      {
        ...view,
        pendingApprovals: [
          {
            id: 'x',
            action: 'refunds.create',
            summary: 'Refund $600.00',
            requestedBy: 'admin@ops.example',
            requestedAt: '2026-12-01T15:00:00.000Z',
            expiresAt: '2026-12-02T15:00:00.000Z',
          },
        ],
      },
      'admin',
    );
    expect(screen.getByRole('link', { name: 'Decide in Approvals' }).getAttribute('href')).toBe('/approvals');
  });

  it('says "No refunds on this booking." when nothing waits either', async () => {
    await renderBooking(detail({ status: 'captured' }));
    expect(screen.queryByRole('alert', { name: 'Waiting for a second admin' })).toBeNull();
    expect(screen.getByText('No refunds on this booking.')).toBeTruthy();
  });

  it("says when an open dispute's evidence is due, and stops once the dispute is decided", async () => {
    const dispute = {
      status: 'captured',
      disputedAt: '2026-11-25T15:00:00.000Z',
      disputeStatus: 'needs_response',
      disputeEvidenceDueBy: '2026-12-02T15:00:00.000Z',
    };
    const open = detail(dispute);
    const first = await renderBooking(open, 'support');
    const payment = screen.getByRole('region', { name: 'Payment' });
    expect(within(payment).getByText('Dispute evidence due Dec 2, 2026, 10:00 AM EST')).toBeTruthy();
    first.unmount();
    await renderBooking(detail({ ...dispute, disputeStatus: 'won' }), 'support');
    expect(screen.queryByText(/Dispute evidence due/)).toBeNull();
  });
});
