import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { periodFromDates, type LiabilitiesReport, type RevenueDay, type RevenueReport, type RevenueTotals } from '@ops/shared';
import { renderUi } from '../../test/render';
import { RevenueView } from './RevenueView';

const ZONE = 'America/New_York';

function totals(gmvCents: number, platformFeeCents: number, takeRateBps: number): RevenueTotals {
  return {
    bookings: 100,
    gmvCents,
    platformFeeCents,
    payoutsCents: gmvCents - platformFeeCents,
    refundsCents: 0,
    refunds: 0,
    gmvRefundsCents: 0,
    charges: 0,
    chargesKeptCents: 0,
    chargeFeeCents: 0,
    netRevenueCents: platformFeeCents,
    takeRateBps,
  };
}

const report: RevenueReport = {
  timeZone: ZONE,
  period: periodFromDates('2026-11-01', '2026-11-30', ZONE),
  comparison: periodFromDates('2026-10-02', '2026-10-31', ZONE),
  comparisonUntil: null,
  totals: totals(16_406_000, 2_309_296, 1408),
  previous: totals(14_733_500, 2_081_768, 1413),
  changes: {
    bookings: 0,
    gmvCents: 1135.17,
    platformFeeCents: 1093,
    payoutsCents: 1142,
    refundsCents: null,
    chargesKeptCents: null,
    netRevenueCents: 1093,
    // The take rate's change is the difference of the two rates: 0.05 points lower.
    takeRateBps: -5,
  },
  daily: [],
  byCategory: [],
  topServices: [],
  insights: [],
  annotations: [],
  dataAsOf: null,
  firstDataDay: '2025-11-03',
};

const liabilities: LiabilitiesReport = {
  asOf: '2026-11-30T17:00:00.000Z',
  comparedTo: '2026-10-02T04:00:00.000Z',
  items: [],
  payoutsOwedNowCents: 0,
  payoutsOwedThenCents: 0,
  totalNowCents: 0,
  totalThenCents: 0,
  firstDataDay: '2025-11-03',
  thenBeforeData: false,
};

describe('RevenueView', () => {
  it('says how an amount changed in percent and how the take rate changed in points', async () => {
    await renderUi(<RevenueView report={report} liabilities={liabilities} />);
    const gmv = screen.getByRole('generic', { name: 'GMV' });
    // $164,060.00 against $147,335.00 is 11.352 % up: +11.4%, rounded once (not 1,135 bp and again to "11.3").
    expect(within(gmv).getByText('+11.4% vs $147,335.00')).toBeTruthy();
    const takeRate = screen.getByRole('generic', { name: 'Take rate' });
    expect(within(takeRate).getByTestId('tile-takeRateBps').textContent).toBe('14.08%');
    // Not "−0.4%", which would read as a relative change of the rate; to the rate's own two decimals, not "−0.1 pts".
    expect(within(takeRate).getByText('−0.05 pts vs 14.13%')).toBeTruthy();
  });

  it('tells net revenue turning negative as the difference, not as a percent', async () => {
    const loss = { ...report.totals, netRevenueCents: -482 };
    const before = { ...report.previous, ...totals(14_733_500, 2_081_768, 1413), netRevenueCents: 3_840 };
    await renderUi(<RevenueView report={{ ...report, totals: loss, previous: before }} liabilities={liabilities} />);
    const net = screen.getByRole('generic', { name: 'Net revenue' });
    expect(within(net).getByText('−$43.22 vs $38.40')).toBeTruthy();
  });

  it('marks today as so far, against its comparison day up to the same time of day', async () => {
    const day = (d: string, partial: boolean): RevenueDay => ({
      day: d,
      bookings: 1,
      gmvCents: 100,
      platformFeeCents: 10,
      payoutsCents: 90,
      refundsCents: 0,
      netRevenueCents: 10,
      previousDay: null,
      previousGmvCents: null,
      previousPlatformFeeCents: null,
      partial,
    });
    const today: RevenueReport = {
      ...report,
      period: periodFromDates('2026-11-29', '2026-11-30', ZONE),
      comparison: periodFromDates('2026-11-27', '2026-11-28', ZONE),
      comparisonUntil: '2026-11-28T15:30:00.000Z',
      daily: [day('2026-11-29', false), day('2026-11-30', true)],
    };
    const { user } = await renderUi(<RevenueView report={today} liabilities={liabilities} />);
    expect(
      screen.getByText(/against 2026-11-27 to 2026-11-28, its last day up to the same time of day \(10:30 AM\)/),
    ).toBeTruthy();
    expect(screen.getByText(/2026-11-30 is today: its figures are so far, drawn dashed/)).toBeTruthy();
    // The table (and its CSV) say so too, on today's row only.
    const card = screen.getByRole('region', { name: 'Daily revenue' });
    await user.click(within(card).getByRole('button', { name: 'Show table' }));
    const days = within(card)
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r).getAllByRole('cell')[0]?.textContent);
    expect(days).toEqual(['2026-11-29', '2026-11-30 so far']);
  });

  it('lists the payouts owed once, with their pending and held parts under them, so the Now column adds up', async () => {
    const owed: LiabilitiesReport = {
      ...liabilities,
      items: [
        { key: 'student_credit', label: 'Outstanding student credit', nowCents: 10_000, count: 3, thenCents: 8_000 },
        { key: 'pending_payouts', label: 'Pending instructor payouts', nowCents: 2_000, count: 2, thenCents: null },
        { key: 'held_payouts', label: 'Held instructor payouts', nowCents: 500, count: 1, thenCents: null },
        { key: 'pending_refunds', label: 'Pending refunds', nowCents: 300, count: 1, thenCents: 0 },
      ],
      payoutsOwedNowCents: 2_500,
      payoutsOwedThenCents: 1_200,
      totalNowCents: 12_800,
      totalThenCents: 9_200,
    };
    await renderUi(<RevenueView report={report} liabilities={owed} />);
    const table = within(screen.getByRole('table', { name: 'Liabilities table' }));
    const rows = table.getAllByRole('row').slice(1);
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ),
    ).toEqual([
      ['Outstanding student credit', '$100.00', '$80.00', '$20.00', '3'],
      ['Instructor payouts owed', '$25.00', '$12.00', '$13.00', '3'],
      ['of which pending', '$20.00', '—', '—', '2'],
      ['of which held', '$5.00', '—', '—', '1'],
      ['Pending refunds', '$3.00', '$0.00', '$3.00', '1'],
      ['Total owed (credit + payouts + refunds)', '$128.00', '$92.00', '$36.00', ''],
    ]);
  });

  it('says "no data" for a period wholly before the first revenue, not $0.00 on every tile', async () => {
    const nothing = totals(0, 0, 0);
    const before: RevenueReport = {
      ...report,
      period: periodFromDates('2025-01-01', '2025-01-31', ZONE),
      comparison: null,
      totals: { ...nothing, bookings: 0, takeRateBps: null },
      previous: null,
    };
    await renderUi(<RevenueView report={before} liabilities={liabilities} />);
    const gmv = screen.getByRole('generic', { name: 'GMV' });
    expect(within(gmv).getByTestId('tile-gmvCents').textContent).toBe('—');
    expect(within(screen.getByRole('generic', { name: 'Completed lessons' })).getByTestId('tile-bookings').textContent).toBe('—');
    expect(screen.getAllByText('no data before 2025-11-03').length).toBe(8);
    const card = screen.getByRole('region', { name: 'Daily revenue' });
    expect(within(card).getByText('Nothing to draw: no data before 2025-11-03.')).toBeTruthy();
  });

  it('tells no change in what is owed against a moment before the first money was recorded', async () => {
    const owed: LiabilitiesReport = {
      ...liabilities,
      comparedTo: '2025-11-01T04:00:00.000Z',
      items: [
        { key: 'student_credit', label: 'Outstanding student credit', nowCents: 10_000, count: 3, thenCents: null },
        { key: 'pending_payouts', label: 'Pending instructor payouts', nowCents: 2_000, count: 2, thenCents: null },
        { key: 'held_payouts', label: 'Held instructor payouts', nowCents: 500, count: 1, thenCents: null },
        { key: 'pending_refunds', label: 'Pending refunds', nowCents: 300, count: 1, thenCents: null },
      ],
      payoutsOwedNowCents: 2_500,
      payoutsOwedThenCents: null,
      totalNowCents: 12_800,
      totalThenCents: null,
      thenBeforeData: true,
    };
    await renderUi(<RevenueView report={report} liabilities={owed} />);
    const card = screen.getByRole('region', { name: 'Liabilities' });
    expect(within(card).getByText(/now against .*: no data before 2025-11-03/)).toBeTruthy();
    const rows = within(card).getAllByRole('row').slice(1);
    // Then and Change are empty on every row, the total's too; Now stands.
    expect(
      rows
        .map((r) =>
          within(r)
            .getAllByRole('cell')
            .map((c) => c.textContent),
        )
        .map((c) => c.slice(1, 4)),
    ).toEqual([
      ['$100.00', '—', '—'],
      ['$25.00', '—', '—'],
      ['$20.00', '—', '—'],
      ['$5.00', '—', '—'],
      ['$3.00', '—', '—'],
      ['$128.00', '—', '—'],
    ]);
  });

  it('shows no change on a tile whose comparison starts before the first revenue, but the day it starts', async () => {
    const changes = Object.fromEntries(Object.keys(report.changes).map((k) => [k, null])) as RevenueReport['changes'];
    await renderUi(
      <RevenueView
        report={{ ...report, comparison: periodFromDates('2025-10-02', '2025-10-31', ZONE), changes }}
        liabilities={liabilities}
      />,
    );
    const gmv = screen.getByRole('generic', { name: 'GMV' });
    expect(within(gmv).getByTestId('tile-gmvCents').textContent).toBe('$164,060.00');
    expect(within(gmv).getByText('no data before 2025-11-03')).toBeTruthy();
    expect(gmv.textContent).not.toMatch(/vs/);
    expect(screen.getAllByText('no data before 2025-11-03').length).toBe(8);
  });
});
