import { formatBps, formatChange, formatPoints } from '@ops/shared';

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
