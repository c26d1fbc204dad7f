import { formatBps } from '@ops/shared';

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

/** Basis points as a signed hundredth figure to `digits` decimals; a change that rounds to nothing has no sign. */
function signed(bps: number, digits: number): string {
  const shown = (Math.abs(bps) / 100).toFixed(digits);
  return `${Number(shown) === 0 ? '' : bps > 0 ? '+' : '−'}${shown}`;
}

/** Whether a change in basis points reads as zero at `digits` decimals ("0.0%"): no sign, no colour. */
export function readsAsNoChange(bps: number, digits = 1): boolean {
  return Number((Math.abs(bps) / 100).toFixed(digits)) === 0;
}

/** "+12.3%" / "−4.0%" / "0.0%" / "—" for a change in basis points. */
export function changeText(bps: number | null): string {
  return bps === null ? '—' : `${signed(bps, 1)}%`;
}

/**
 * A difference of two rates, in basis points, as points: "+1.4 pts", "−7.6 pts" (or "−0.04 pts" with `digits` 2, for
 * a rate shown to two decimals); null for no difference to tell.
 */
export function pointsText(bps: number | null, digits = 1): string | null {
  return bps === null ? null : `${signed(bps, digits)} pts`;
}

/** Axis ticks: "$18k", "$4.5k", "$950". */
export function compactDollars(value: number): string {
  const abs = Math.abs(value);
  const sign = value < 0 ? '−' : '';
  if (abs >= 1_000_000) return `${sign}$${+(abs / 1_000_000).toFixed(1)}M`;
  if (abs >= 1_000) return `${sign}$${+(abs / 1_000).toFixed(1)}k`;
  return `${sign}$${Math.round(abs)}`;
}
