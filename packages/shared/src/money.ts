/** Money is integer cents everywhere; these helpers are the only place it becomes text. */

export function assertCents(value: number, what = 'amount'): number {
  if (!Number.isSafeInteger(value)) throw new TypeError(`${what} must be a whole number of cents, got ${value}`);
  return value;
}

const formatters = new Map<string, Intl.NumberFormat>();

export function formatCents(cents: number, currency = 'USD'): string {
  let f = formatters.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: 2 });
    formatters.set(currency, f);
  }
  return f.format(cents / 100);
}

/** "$1.2M", "$45.3k", "$310" for axis ticks and tiles. */
export function formatCentsCompact(cents: number): string {
  const dollars = cents / 100;
  const abs = Math.abs(dollars);
  if (abs >= 1_000_000) return `$${(dollars / 1_000_000).toFixed(1)}M`;
  if (abs >= 10_000) return `$${(dollars / 1_000).toFixed(1)}k`;
  return formatCents(cents);
}

/**
 * Dollar text as a person types it: an optional sign and `$`, whole dollars with commas only between groups of three
 * ("1,045"), and at most two decimals after a point.
 */
const DOLLARS = /^(-)?\s*\$?\s*(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * Parses "45", "45.5", "$1,045.50", "-$10" into cents; null when it is not an amount. A comma anywhere but between
 * thousands ("12,50", "1,2") is refused rather than dropped: read as a decimal comma it is $12.50, not $1,250.00.
 */
export function parseDollarsToCents(text: string): number | null {
  const m = DOLLARS.exec(text.trim());
  if (!m) return null;
  const [, signBefore, signAfter, whole = '0', frac = ''] = m;
  if (signBefore && signAfter) return null;
  const cents = Number(whole.replaceAll(',', '')) * 100 + Number(frac.padEnd(2, '0'));
  return signBefore || signAfter ? -cents : cents;
}

/** Platform commission by instructor tier, in basis points of the lesson price. */
export const COMMISSION_BPS = { standard: 1500, preferred: 1200, founding: 1000 } as const;
export type CommissionTierName = keyof typeof COMMISSION_BPS;

/** The platform fee rounds up to the next cent, as the marketplace charges it; integer maths only. */
export function platformFeeCents(priceCents: number, bps: number): number {
  assertCents(priceCents, 'price');
  return Math.floor((priceCents * bps + 9_999) / 10_000);
}

export function splitPrice(
  priceCents: number,
  tier: CommissionTierName,
): { platformFeeCents: number; instructorPayoutCents: number } {
  const fee = platformFeeCents(priceCents, COMMISSION_BPS[tier]);
  return { platformFeeCents: fee, instructorPayoutCents: priceCents - fee };
}

/** A ratio in basis points (1 bp = 0.01 %), rounded half up; null when the denominator is zero. */
export function ratioBps(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.round((numerator * 10_000) / denominator);
}

export function formatBps(bps: number | null, digits = 1): string {
  if (bps === null) return '—';
  return `${(bps / 100).toFixed(digits)}%`;
}

/** Whether a change in basis points reads as zero at `digits` decimals ("0.0%"): then it has no sign and no colour. */
export function readsAsNoChange(bps: number, digits = 1): boolean {
  return Number((Math.abs(bps) / 100).toFixed(digits)) === 0;
}

function signedHundredths(bps: number, digits: number): string {
  const shown = (Math.abs(bps) / 100).toFixed(digits);
  return `${readsAsNoChange(bps, digits) ? '' : bps > 0 ? '+' : '−'}${shown}`;
}

/** A relative change in basis points as a percent: "+12.3%", "−4.0%", and "0.0%" for one too small to show. */
export function formatChange(bps: number): string {
  return `${signedHundredths(bps, 1)}%`;
}

/**
 * A difference of two rates in basis points, as points: "+1.4 pts", "−7.6 pts" ("−0.04 pts" with `digits` 2, for a
 * rate shown to two decimals), and "0.0 pts" for one too small to show.
 */
export function formatPoints(bps: number, digits = 1): string {
  return `${signedHundredths(bps, digits)} pts`;
}
