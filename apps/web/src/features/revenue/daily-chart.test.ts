import { describe, expect, it } from 'vitest';
import type { RevenueDay } from '@ops/shared';
import { FEE_SO_FAR, GMV_SO_FAR, dailyChartRows, dailyChartSeries, dailyTooltipKey } from './daily-chart';

const day = (d: string, gmvCents: number, previousGmvCents: number | null, partial = false): RevenueDay => ({
  day: d,
  bookings: 1,
  gmvCents,
  platformFeeCents: gmvCents / 10,
  payoutsCents: gmvCents - gmvCents / 10,
  refundsCents: 0,
  netRevenueCents: gmvCents / 10,
  previousDay: null,
  previousGmvCents,
  previousPlatformFeeCents: previousGmvCents === null ? null : previousGmvCents / 10,
  partial,
});

/** What the tooltip lists for a row, as Recharts builds it: series in order, empty ones dropped, first of each key kept. */
function tooltipNames(row: Record<string, string | number | null>, series: ReadonlyArray<{ name: string }>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of series) {
    if (row[s.name] === null || row[s.name] === undefined) continue;
    const key = dailyTooltipKey({ name: s.name });
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s.name);
  }
  return out;
}

describe('the daily revenue chart', () => {
  const daily = [
    day('2026-11-28', 300_000, 280_000),
    day('2026-11-29', 481_125, 400_000),
    day('2026-11-30', 90_000, 70_000, true),
  ];
  const rows = dailyChartRows(daily);
  const series = dailyChartSeries(daily);

  it("joins today's dashed line at yesterday's point, which the tooltip names once as yesterday's own figure", () => {
    expect(rows[1]).toMatchObject({ GMV: 4_811.25, [GMV_SO_FAR]: 4_811.25 });
    expect(tooltipNames(rows[1] ?? {}, series)).toEqual(['GMV', 'Comparison GMV', 'Platform revenue']);
    expect(tooltipNames(rows[2] ?? {}, series)).toEqual([GMV_SO_FAR, 'Comparison GMV', FEE_SO_FAR]);
    expect(tooltipNames(rows[0] ?? {}, series)).toEqual(['GMV', 'Comparison GMV', 'Platform revenue']);
  });

  it('names the comparison line only when some comparison day was observed', () => {
    const unobserved = daily.map((d) => ({ ...d, previousGmvCents: null }));
    expect(dailyChartSeries(unobserved).map((s) => s.name)).toEqual(['GMV', GMV_SO_FAR, 'Platform revenue', FEE_SO_FAR]);
    const partly = unobserved.map((d, i) => (i === 2 ? { ...d, previousGmvCents: 1 } : d));
    expect(dailyChartSeries(partly).map((s) => s.name)).toContain('Comparison GMV');
    // A period of whole days has no dashed line.
    expect(dailyChartSeries(daily.slice(0, 2)).map((s) => s.name)).toEqual(['GMV', 'Comparison GMV', 'Platform revenue']);
  });
});
