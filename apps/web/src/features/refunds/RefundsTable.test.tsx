import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SupportRefundRow } from '@ops/shared';
import { renderUi } from '../../test/render';
import { RefundsTable } from './RefundsTable';

const BOOKING_ID = '7d2c6a7e-3f0b-4c1e-9a55-0c6f1f1d2b3a';

function refund(over: Partial<SupportRefundRow>): SupportRefundRow {
  return {
    id: 'r1',
    bookingId: BOOKING_ID,
    shortId: 'BK-7D2C',
    amountCents: 4_500,
    method: 'card',
    status: 'succeeded',
    policyRule: 'full_before_24h',
    overrideCode: null,
    reason: 'Instructor no-show',
    createdAt: '2026-11-17T15:00:00.000Z',
    kind: 'refund',
    origin: 'staff',
    error: null,
    ...over,
  };
}

const rows = [
  refund({}),
  refund({ id: 'r2', status: 'pending', reason: 'Video link failed' }),
  refund({ id: 'r3', status: 'failed', error: 'The card has expired' }),
  refund({ id: 'r4', kind: 'release', method: 'card', amountCents: 3_000 }),
];

function row(text: string): HTMLElement {
  const found = within(screen.getByRole('table', { name: 'Refunds' }))
    .getAllByRole('row')
    .find((r) => r.textContent?.includes(text));
  if (!found) throw new Error(`no row with ${text}`);
  return found;
}

describe('RefundsTable', () => {
  it('says a refund waits at Stripe, why a failed one failed, and that a release was never charged', async () => {
    await renderUi(<RefundsTable rows={rows} label="Refunds" empty="No refunds." />);
    expect(row('Video link failed').textContent).toContain('pending at Stripe');
    expect(row('The card has expired').textContent).toContain('Failed');
    // A failed refund shows its error in place of the reason it was made for.
    expect(row('The card has expired').textContent).not.toContain('Instructor no-show');
    expect(row('release (never charged)').textContent).toContain('$30.00');
  });

  it('links each booking on a person’s list, and leaves the column out on the booking’s own page', async () => {
    const { unmount } = await renderUi(<RefundsTable rows={rows} label="Refunds" empty="No refunds." showBooking />, {
      role: 'support',
    });
    const table = screen.getByRole('table', { name: 'Refunds' });
    expect(within(table).getAllByRole('link', { name: 'BK-7D2C' })[0]?.getAttribute('href')).toBe(`/bookings/${BOOKING_ID}`);
    unmount();
    await renderUi(<RefundsTable rows={rows} label="Refunds" empty="No refunds." />);
    expect(within(screen.getByRole('table', { name: 'Refunds' })).queryByRole('link')).toBeNull();
    expect(within(screen.getByRole('table', { name: 'Refunds' })).queryByRole('columnheader', { name: 'Booking' })).toBeNull();
  });

  it('says there are none instead of an empty table', async () => {
    await renderUi(<RefundsTable rows={[]} label="Refunds" empty="No refunds on this booking." />);
    expect(screen.getByText('No refunds on this booking.')).toBeTruthy();
  });
});
