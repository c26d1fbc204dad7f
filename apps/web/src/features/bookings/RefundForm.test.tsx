import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../../test/render';
import { RefundForm } from './BookingActions';

const BOOKING = '00000000-0000-4000-8000-0000000000b1';

describe('RefundForm', () => {
  it('names a malformed amount under the amount field and asks the server nothing', async () => {
    const { user } = await renderUi(<RefundForm bookingId={BOOKING} refundableCents={4_500} />);
    await user.type(screen.getByLabelText('Refund amount'), 'ten dollars');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(screen.getByText('Amount must be a dollar amount such as 25 or 10.50 (empty = everything left)')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it("shows the shared schema's own rule for a zero amount under the same field", async () => {
    const { user } = await renderUi(<RefundForm bookingId={BOOKING} refundableCents={4_500} />);
    await user.type(screen.getByLabelText('Refund amount'), '0');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(screen.getByText('Amount must be more than $0.00')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
