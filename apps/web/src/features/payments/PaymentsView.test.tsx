import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FailedPaymentRow, PaymentsPipeline } from '@ops/shared';
import { renderUi } from '../../test/render';
import { PaymentsView } from './PaymentsView';

const HOUR = 3_600_000;

function failure(n: number, hoursAgo: number): FailedPaymentRow {
  return {
    paymentId: `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
    bookingId: `00000000-0000-4000-9000-0000000000${String(n).padStart(2, '0')}`,
    shortId: `FAIL000${n}`,
    failedAt: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
    amountCents: 9_000,
    failureCode: 'card_declined',
    failureMessage: 'Your card was declined.',
    paymentIntentId: `pi_fail_${n}`,
  };
}

const pipeline: PaymentsPipeline = {
  graceMinutes: 30,
  overdue: [],
  failures: [failure(1, 2), failure(2, 30), failure(3, 100)],
  pendingRefunds: [],
  refundsNeedingAttention: { stuck: 0, failed: 0, items: [] },
  limit: 3,
};

describe('PaymentsView', () => {
  it("lists the week's failed payments, counted with a + when the server stopped at its limit", async () => {
    await renderUi(<PaymentsView pipeline={pipeline} />, { role: 'oncall' });
    const failed = screen.getByRole('region', { name: 'Failed payments, last 7 days' });
    expect(within(failed).getByText('Failed payments, last 7 days (3+)')).toBeTruthy();
    for (const id of ['FAIL0001', 'FAIL0002', 'FAIL0003']) expect(within(failed).getByText(id)).toBeTruthy();
    expect(within(failed).getByRole('link', { name: 'Only the last 24 hours' })).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Overdue captures' })).getByText('None.')).toBeTruthy();
  });

  it('within 24 h keeps only the last day’s failures, counted exactly since older ones were cut', async () => {
    await renderUi(<PaymentsView pipeline={pipeline} within="24h" />, { role: 'oncall' });
    const failed = screen.getByRole('region', { name: 'Failed payments, last 24 h' });
    expect(within(failed).getByText('Failed payments, last 24 h (1)')).toBeTruthy();
    expect(within(failed).getByText('FAIL0001')).toBeTruthy();
    expect(within(failed).queryByText('FAIL0002')).toBeNull();
    expect(within(failed).getByRole('link', { name: 'Show the last 7 days' })).toBeTruthy();
  });
});
