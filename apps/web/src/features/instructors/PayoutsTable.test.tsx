import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../../test/render';
import { PayoutsTable, type PayoutRow } from './PayoutsTable';

const payout = (id: string, over: Partial<PayoutRow>): PayoutRow => ({
  id,
  scheduledFor: '2026-11-28T15:00:00.000Z',
  status: 'pending',
  holdReason: null,
  amountCents: 7_200,
  overdue: false,
  ...over,
});

describe('PayoutsTable', () => {
  it('marks the pending payout that is past its day as overdue, and only that one', async () => {
    await renderUi(
      <PayoutsTable
        rows={[
          payout('late', { overdue: true }),
          payout('next', { scheduledFor: '2026-12-02T15:00:00.000Z' }),
          payout('paid', { status: 'paid', scheduledFor: '2026-11-20T15:00:00.000Z' }),
        ]}
      />,
    );
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[1]?.textContent)).toEqual(
      expect.arrayContaining(['Pending, overdue', 'Pending', 'Paid']),
    );
    expect(screen.getAllByText(/overdue/)).toHaveLength(1);
  });
});
