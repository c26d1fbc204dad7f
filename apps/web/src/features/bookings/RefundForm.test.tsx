import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../../test/render';
import { RefundForm } from './BookingActions';

const BOOKING = '00000000-0000-4000-8000-0000000000b1';

describe('RefundForm', () => {
  it.each([
    [
      'a malformed amount, in the form’s own words',
      'ten dollars',
      'Amount must be dollars such as 25, 1,250 or 10.50 (a point before the cents; empty = everything left)',
    ],
    ['a zero amount, in the shared schema’s words', '0', 'Amount must be more than $0.00'],
  ])('names %s under the amount field and asks the server nothing', async (_case, typed, message) => {
    const { user } = await renderUi(<RefundForm bookingId={BOOKING} refundableCents={4_500} />, { role: 'support' });
    await user.type(screen.getByLabelText('Refund amount'), typed);
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(screen.getByText(message)).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('tells support its per-booking cap before the preview, and says nothing of it to an admin', async () => {
    await renderUi(<RefundForm bookingId={BOOKING} refundableCents={11_000} />, { role: 'support' });
    expect(
      screen.getByText(
        /Your role can give the student up to \$100\.00 back per booking, card or credit \(an instructor's late-cancellation share does not count\); more asks an admin to approve\./,
      ),
    ).toBeTruthy();
  });

  it('an admin reads only what is left to refund', async () => {
    await renderUi(<RefundForm bookingId={BOOKING} refundableCents={11_000} />, { role: 'admin' });
    expect(screen.getByText('Dollars; leave empty for everything left ($110.00)')).toBeTruthy();
    expect(screen.queryByText(/Your role can give the student/)).toBeNull();
  });
});
