import type { RevenueDay } from '@ops/shared';

export const GMV_SO_FAR = 'GMV today so far';
export const FEE_SO_FAR = 'Platform revenue today so far';
const COMPARISON = 'Comparison GMV';

/**
 * The daily chart's rows, in dollars. Today, still under way, is drawn dashed from the day before ("so far"): a day
 * begun is not a day that crashed.
 */
export function dailyChartRows(daily: readonly RevenueDay[]) {
  return daily.map((d, i) => {
    const soFar = d.partial || daily[i + 1]?.partial === true;
    return {
      day: d.day,
      GMV: d.partial ? null : d.gmvCents / 100,
      [GMV_SO_FAR]: soFar ? d.gmvCents / 100 : null,
      [COMPARISON]: d.previousGmvCents === null ? null : d.previousGmvCents / 100,
      'Platform revenue': d.partial ? null : d.platformFeeCents / 100,
      [FEE_SO_FAR]: soFar ? d.platformFeeCents / 100 : null,
    };
  });
}

/**
 * The daily chart's lines, solid before their dashed "so far" parts. The comparison line is named (in the legend)
 * only when some comparison day was observed: days before the first revenue draw nothing.
 */
export function dailyChartSeries(daily: readonly RevenueDay[]) {
  const partial = daily.some((d) => d.partial);
  return [
    { name: 'GMV', color: 'blue.6' },
    ...(partial ? [{ name: GMV_SO_FAR, color: 'blue.6', strokeDasharray: '5 5' }] : []),
    ...(daily.some((d) => d.previousGmvCents !== null) ? [{ name: COMPARISON, color: 'gray.5' }] : []),
    { name: 'Platform revenue', color: 'teal.6' },
    ...(partial ? [{ name: FEE_SO_FAR, color: 'teal.6', strokeDasharray: '5 5' }] : []),
  ];
}

const SOLID_OF: Record<string, string> = { [GMV_SO_FAR]: 'GMV', [FEE_SO_FAR]: 'Platform revenue' };

/**
 * The dashed "so far" lines start at yesterday's point to join the solid ones, so there they repeat the solid line's
 * value; the tooltip names it once, as the day's own figure. Recharts keeps the first tooltip entry of each key
 * (payloadUniqBy), after dropping empty ones: the solid series come first, and today has no solid point.
 */
export const dailyTooltipKey = (entry: { name?: unknown }): string => {
  const name = String(entry.name);
  return SOLID_OF[name] ?? name;
};
