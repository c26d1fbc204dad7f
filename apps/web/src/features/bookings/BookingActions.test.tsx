import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BookingActionInfo } from '@ops/shared';
import { renderUi } from '../../test/render';
import { trpc } from '../../lib/trpc';
import { BookingActions } from './BookingActions';

const BOOKING = '6b1d2f0e-4c3a-4f5e-8a7b-9c0d1e2f3a4b';

const info: BookingActionInfo = {
  id: BOOKING,
  shortId: 'SCD1SPTE',
  status: 'completed',
  lessonStart: '2026-10-22T04:00:00.000Z',
  durationMinutes: 60,
  priceCents: 12_000,
  platformFeeCents: 1_440,
  instructorPayoutCents: 10_560,
  studentId: '00005eed-0000-4000-8000-000000000101',
  studentName: 'Sarah C.',
  instructorId: '00005eed-0000-4000-8000-000000000301',
  instructorName: 'Elena P.',
  payment: {
    id: 'a0c4e5d6-1b2c-4d3e-8f4a-5b6c7d8e9f01',
    status: 'captured',
    amountCents: 12_000,
    amountRefundedCents: 0,
    cardLast4: '7614',
  },
  refundableCents: 12_000,
  refundRefusal: null,
  completeRefusal: null,
  refunds: [],
};

function renderFor(booking: BookingActionInfo, formSlot: HTMLElement | null = null) {
  return renderUi(<BookingActions bookingId={BOOKING} formSlot={formSlot} />, {
    role: 'admin',
    prefill: (client) => client.setQueryData(trpc.bookings.byId.queryKey({ bookingId: BOOKING }), booking),
  });
}

describe('BookingActions', () => {
  it('opens the refund form for a charge that can be refunded', async () => {
    const { user } = await renderFor(info);
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    expect(await screen.findByLabelText('Refund amount')).toBeTruthy();
  });

  it("opens the refund form in the page's slot under its header, and its close button closes it", async () => {
    const slot = document.createElement('div');
    document.body.append(slot);
    const { user } = await renderFor(info, slot);
    await user.click(screen.getByRole('button', { name: 'Refund' }));
    const form = await screen.findByRole('region', { name: 'Refund form' });
    expect(slot.contains(form)).toBe(true);
    expect(within(form).getByLabelText('Refund amount')).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: 'Close the refund form' }));
    expect(screen.queryByRole('region', { name: 'Refund form' })).toBeNull();
    slot.remove();
  });

  it('says why a disputed charge cannot be refunded instead of offering a form the preview would refuse', async () => {
    const refusal =
      'the charge of booking SCD1SPTE is disputed (dispute needs response); Stripe refuses refunds of a disputed charge (charge_disputed) and the bank already holds the money — answer the dispute instead';
    await renderFor({ ...info, refundRefusal: refusal });
    const refund = screen.getByRole('button', { name: 'Refund' });
    expect(refund.hasAttribute('disabled')).toBe(true);
    expect(screen.getByText(`No refund now: ${refusal}.`)).toBeTruthy();
    expect(screen.queryByLabelText('Refund amount')).toBeNull();
  });

  it('says why force complete cannot run on a booking whose card never authorized, and offers no dead button', async () => {
    const refusal = 'booking SCD1SPTE has no authorized payment to capture';
    const pending: BookingActionInfo = {
      ...info,
      status: 'confirmed',
      payment: info.payment && { ...info.payment, status: 'pending' },
      completeRefusal: refusal,
    };
    await renderFor(pending);
    expect(screen.getByRole('button', { name: 'Force complete' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText(`No force complete: ${refusal}.`)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Force cancel' }).hasAttribute('disabled')).toBe(false);
  });
});
