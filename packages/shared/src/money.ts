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

/** Parses "45", "45.5", "$1,045.50" into cents; null when it is not an amount. */
export function parseDollarsToCents(text: string): number | null {
  const cleaned = text.replace(/[$,\s]/g, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const negative = cleaned.startsWith('-');
  const [whole = '0', frac = ''] = cleaned.replace('-', '').split('.');
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return negative ? -cents : cents;
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
