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

/**
 * A ratio in basis points (1 bp = 0.01 %), exact to a hundredth of a basis point and truncated toward zero there, not
 * rounded: rounding it once more, to the one or two decimals of a percent that are shown (formatBps), then gives the
 * exact ratio rounded once. A ratio rounded to whole basis points and again to one decimal would read 7 of 13 (53.846 %)
 * as 53.9 %. Null when the denominator is zero. Whole numbers (cents, counts) are divided exactly; others as floats.
 */
export function ratioBps(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator))
    return Math.trunc((numerator * 1_000_000) / denominator) / 100;
  // BigInt division truncates toward zero, as wanted, and is exact for any cents total.
  return Number((BigInt(numerator) * 1_000_000n) / BigInt(denominator)) / 100;
}

/**
 * The difference of two ratios, n1 / d1 − n2 / d2, in basis points (points of a rate), exact to a hundredth of one
 * and truncated there as ratioBps is; null when either denominator is zero. Whole numbers only.
 */
export function ratioDifferenceBps(n1: number, d1: number, n2: number, d2: number): number | null {
  if (d1 === 0 || d2 === 0) return null;
  const whole = (v: number): bigint => {
    if (!Number.isSafeInteger(v)) throw new TypeError(`a ratio's parts must be whole numbers, got ${v}`);
    return BigInt(v);
  };
  // BigInt division truncates toward zero, as ratioBps does.
  return Number(((whole(n1) * whole(d2) - whole(n2) * whole(d1)) * 1_000_000n) / (whole(d1) * whole(d2))) / 100;
}

/**
 * A figure in basis points (as ratioBps gives it) rounded half away from zero to `digits` decimals of a percent, as a
 * whole number of those units (1234 for 12.34 % at two digits). Integer maths on hundredths of a basis point.
 */
export function shownUnits(bps: number, digits = 1): number {
  if (!Number.isInteger(digits) || digits < 0 || digits > 4) throw new RangeError(`digits must be 0 to 4, got ${digits}`);
  const hundredths = Math.round(bps * 100);
  const unit = 10 ** (4 - digits);
  const units = Math.floor((Math.abs(hundredths) + unit / 2) / unit);
  return hundredths < 0 ? -units : units;
}

/** A count of units of 10^−digits (shownUnits) as its unsigned decimal text: 1234 at two digits is "12.34". */
function unsignedDecimal(units: number, digits: number): string {
  const abs = String(Math.abs(units)).padStart(digits + 1, '0');
  return digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** A rate as a percent, rounded once to `digits` decimals: "12.5%"; "—" for none. */
export function formatBps(bps: number | null, digits = 1): string {
  if (bps === null) return '—';
  const units = shownUnits(bps, digits);
  return `${units < 0 ? '-' : ''}${unsignedDecimal(units, digits)}%`;
}

/** Whether a change in basis points reads as zero at `digits` decimals ("0.0%"): then it has no sign and no colour. */
export function readsAsNoChange(bps: number, digits = 1): boolean {
  return shownUnits(bps, digits) === 0;
}

function signedHundredths(bps: number, digits: number): string {
  const units = shownUnits(bps, digits);
  return `${units > 0 ? '+' : units < 0 ? '−' : ''}${unsignedDecimal(units, digits)}`;
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
