import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { periodFromDates, type BriefHeadline, type BriefReport } from '@ops/shared';
import { renderUi } from '../../test/render';
import { BriefView } from './BriefView';

const ZONE = 'America/New_York';

function headline(metric: BriefHeadline['metric'], label: string, unit: BriefHeadline['unit'], value: number, previous: number) {
  return {
    metric,
    label,
    unit,
    value,
    previous,
    missing: { value: null, previous: null },
    changeBps: Math.round(((value - previous) / previous) * 10_000),
    href: '/revenue',
  };
}

const report: BriefReport = {
  timeZone: ZONE,
  period: periodFromDates('2026-11-01', '2026-11-30', ZONE),
  comparison: periodFromDates('2026-10-02', '2026-10-31', ZONE),
  comparisonUntil: null,
  headlines: [
    headline('gmv', 'GMV', 'cents', 16_290_000, 14_816_250),
    headline('stepConversion', 'Bookings confirmed (of started)', 'bps', 6_380, 7_140),
  ],
  highlights: [],
  concerns: [],
  errorRate: 0.05,
  topZeroResultQueries: [],
};

describe('BriefView', () => {
  it('says how an amount changed in percent and how a rate changed in points', async () => {
    await renderUi(<BriefView report={report} />);
    expect(screen.getByText(/^\+9\.9% vs \$148,162\.50 ·/)).toBeTruthy();
    // A rate moving from 71.4 % to 63.8 % fell by 7.6 points (a percent change of a percent would read −10.6%).
    expect(screen.getByText(/^−7\.6 pts vs 71\.4% ·/)).toBeTruthy();
  });
});
