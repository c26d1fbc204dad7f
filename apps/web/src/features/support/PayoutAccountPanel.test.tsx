import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PayoutAccountPanel } from '@ops/shared';
import { setBusinessTimeZone } from '../../lib/business-time';
import { renderUi } from '../../test/render';
import { PayoutAccountBody } from './PayoutAccountPanel';

const ok: PayoutAccountPanel = {
  status: { source: 'stripe', state: 'ok', latencyMs: 30, error: null, sample: true },
  accountId: 'acct_Marcus',
  account: {
    id: 'acct_Marcus',
    chargesEnabled: true,
    payoutsEnabled: false,
    detailsSubmitted: true,
    requirementsDue: ['individual.verification.document', 'external_account'],
    disabledReason: 'requirements.pending_verification',
  },
  balance: { availableCents: 12_345, pendingCents: 6_400, currency: 'usd' },
  payouts: [
    {
      id: 'po_1',
      amountCents: 7_200,
      currency: 'usd',
      status: 'paid',
      arrivalDate: '2026-11-17T03:30:00.000Z',
      failureCode: null,
    },
    {
      id: 'po_2',
      amountCents: 5_000,
      currency: 'usd',
      status: 'failed',
      arrivalDate: '2026-11-20T15:00:00.000Z',
      failureCode: 'account_closed',
    },
  ],
  message: null,
};

describe('PayoutAccountBody', () => {
  it('shows the account, what Stripe still needs in words, the balance and each payout with its arrival day', async () => {
    setBusinessTimeZone('America/New_York');
    await renderUi(<PayoutAccountBody data={ok} />);
    expect(screen.getByTestId('payout-account-id').textContent).toBe('acct_Marcus');
    expect(screen.getByText('Payouts disabled')).toBeTruthy();
    expect(screen.getByText('Charges enabled')).toBeTruthy();
    expect(screen.getByTestId('payout-requirements').textContent).toBe(
      'Stripe needs an identity document, a bank account for payouts before it pays out.',
    );
    expect(screen.getByTestId('payout-balance-available').textContent).toBe('$123.45');
    expect(screen.getByTestId('payout-balance-pending').textContent).toBe('$64.00');
    const rows = within(screen.getByRole('table', { name: 'Stripe payouts' })).getAllByRole('row');
    // 03:30 UTC on the 17th is the 16th in the business zone.
    expect(rows[1]?.textContent).toContain('Nov 16, 2026');
    expect(rows[1]?.textContent).toContain('Paid');
    expect(rows[2]?.textContent).toContain('Failed');
    expect(rows[2]?.textContent).toContain('Bank account closed');
  });

  it('says Stripe is degraded and shows no stale figures when it did not answer in time', async () => {
    await renderUi(
      <PayoutAccountBody
        data={{
          ...ok,
          status: { source: 'stripe', state: 'degraded', latencyMs: 2000, error: 'no answer within 2000 ms', sample: true },
          account: null,
          balance: null,
          payouts: [],
          message: 'Stripe did not answer in time (no answer within 2000 ms). The rest of the page is from our database.',
        }}
      />,
    );
    expect(screen.getByText('Stripe is degraded')).toBeTruthy();
    expect(screen.getByText(/did not answer in time/)).toBeTruthy();
    expect(screen.queryByTestId('payout-balance-available')).toBeNull();
    expect(screen.queryByRole('table', { name: 'Stripe payouts' })).toBeNull();
  });
});
