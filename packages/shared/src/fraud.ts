import { formatCents } from './money.js';

/**
 * Fraud signals of a student's refund history (DESIGN.md "Data": the planted fraud story). Pure: the server feeds it
 * rows, the tests feed it literals.
 */

/** More than this share of a student's bookings refunded (basis points: 3000 = 30 %). */
export const FRAUD_REFUND_RATE_BPS = 3_000;
/** Two refunds closer together than this. */
export const FRAUD_RAPID_REFUND_MS = 24 * 3_600_000;
/** More than this much refunded in total. */
export const FRAUD_REFUND_TOTAL_CENTS = 500_00;

export type FraudSignalCode = 'refund_rate' | 'rapid_refunds' | 'refund_total';

export interface FraudSignal {
  code: FraudSignalCode;
  /** What an agent reads: "4 of 8 bookings refunded (50.0 %)". */
  label: string;
}

export interface FraudInput {
  /** All of the student's bookings (any status). */
  bookingCount: number;
  /** Refunds that moved or will move money (failed refunds left out by the caller or by status here). */
  refunds: ReadonlyArray<{
    bookingId: string;
    amountCents: number;
    createdAt: string;
    status?: string;
    /** Releases (no money moved) are not refunds. */
    kind?: string;
    /** Only refunds the student asked for count; a staff cascade's or Stripe's own do not. */
    origin?: string;
  }>;
}

export function fraudSignals(input: FraudInput): FraudSignal[] {
  const refunds = input.refunds.filter(
    (r) =>
      r.status !== 'failed' &&
      (r.kind === undefined || r.kind === 'refund') &&
      (r.origin === undefined || r.origin === 'student_request'),
  );
  const signals: FraudSignal[] = [];
  const refundedBookings = new Set(refunds.map((r) => r.bookingId)).size;
  // Integer comparison: refunded / bookings > 30 %  ⇔  refunded * 10000 > 3000 * bookings.
  if (input.bookingCount > 0 && refundedBookings * 10_000 > FRAUD_REFUND_RATE_BPS * input.bookingCount) {
    const pct = ((refundedBookings * 100) / input.bookingCount).toFixed(1);
    signals.push({
      code: 'refund_rate',
      label: `${refundedBookings} of ${input.bookingCount} bookings refunded (${pct} %, over 30 %)`,
    });
  }
  const times = refunds
    .map((r) => Date.parse(r.createdAt))
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => a - b);
  let closePairs = 0;
  let closest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < times.length; i++) {
    const gap = (times[i] ?? 0) - (times[i - 1] ?? 0);
    if (gap < FRAUD_RAPID_REFUND_MS) {
      closePairs++;
      closest = Math.min(closest, gap);
    }
  }
  if (closePairs > 0) {
    const hours = (closest / 3_600_000).toFixed(1);
    signals.push({
      code: 'rapid_refunds',
      label: `${closePairs} ${closePairs === 1 ? 'refund' : 'refunds'} within 24 h of the previous one (closest ${hours} h apart)`,
    });
  }
  const total = refunds.reduce((sum, r) => sum + r.amountCents, 0);
  if (total > FRAUD_REFUND_TOTAL_CENTS) {
    signals.push({ code: 'refund_total', label: `${formatCents(total)} refunded in total (over $500.00)` });
  }
  return signals;
}
