import { clocksChangeOn, formatBps, formatChange, formatCount, formatPoints, type ResolvedPeriod } from '@ops/shared';

/** Cents as a plain dollar amount ("1234.50"): the same text in tables and CSV files. */
export function dollars(cents: number | null): string | null {
  if (cents === null) return null;
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function pct(bps: number | null): string | null {
  return bps === null ? null : formatBps(bps, 1);
}

/** "+12.3%" / "−4.0%" / "0.0%" / "—" for a change in basis points. */
export function changeText(bps: number | null): string {
  return bps === null ? '—' : formatChange(bps);
}

/** A difference of two rates, in basis points, as points ("−7.6 pts"); null for no difference to tell. */
export function pointsText(bps: number | null, digits = 1): string | null {
  return bps === null ? null : formatPoints(bps, digits);
}

/** Axis ticks: "$18k", "$4.5k", "$950". */
export function compactDollars(value: number): string {
  const abs = Math.abs(value);
  const sign = value < 0 ? '−' : '';
  if (abs >= 1_000_000) return `${sign}$${+(abs / 1_000_000).toFixed(1)}M`;
  if (abs >= 1_000) return `${sign}$${+(abs / 1_000).toFixed(1)}k`;
  return `${sign}$${Math.round(abs)}`;
}

/** How a change against the comparison is told: relative, a difference of rates, or a difference in the figure's unit. */
export type ChangeUnit = 'percent' | 'points' | 'difference';

/**
 * A change as it reads: "+12.3%", "−1.3 pts", or for a `difference` the signed amount in the figure's own unit by
 * `format` ("−$43.22", "+5"); "—" when there is none to tell.
 */
export function changeWords(
  change: number | null,
  unit: ChangeUnit,
  { digits = 1, format = formatCount }: { digits?: number; format?: (n: number) => string } = {},
): string {
  if (change === null) return '—';
  if (unit === 'percent') return changeText(change);
  if (unit === 'points') return pointsText(change, digits) ?? '—';
  return `${change > 0 ? '+' : change < 0 ? '−' : ''}${format(Math.abs(change))}`;
}

/** A report's days as its header names them: "2026-11-01 to 2026-11-30", or a single day once ("2026-12-03"). */
export function daysWords(p: Pick<ResolvedPeriod, 'from' | 'to'>): string {
  return p.from === p.to ? p.from : `${p.from} to ${p.to}`;
}

/**
 * What a report is compared with, after "from … to …": whole days, or, for a period that ends today, the comparison's
 * last day up to the same time of day ("against 2026-11-21 up to the same time of day (10:30 AM)"). The cut is as far
 * into that day as now is into today (sameTimeOfDay); on a day the clocks changed, its clock read an hour apart, and
 * the words say so rather than name a time that is not now's.
 */
export function comparisonWords(cmp: Pick<ResolvedPeriod, 'from' | 'to'> | null, until: string | null, timeZone: string): string {
  if (cmp === null) return '';
  if (until === null) return ` against ${daysWords(cmp)}`;
  const time = new Date(until).toLocaleTimeString('en-US', { timeZone, hour: 'numeric', minute: '2-digit' });
  const cut = clocksChangeOn(cmp.to, timeZone)
    ? `as far into the day as today is (${time} by its clock: the clocks changed that day)`
    : `up to the same time of day (${time})`;
  return cmp.from === cmp.to ? ` against ${cmp.from} ${cut}` : ` against ${cmp.from} to ${cmp.to}, its last day ${cut}`;
}
