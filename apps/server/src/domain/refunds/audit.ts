import type { PaymentStatus } from '@ops/db';
import type { BookingMoney } from './bookings-money.js';
import type { RefundComputation } from './compute.js';

/** A payment as an audit row records it: before a change, or as Stripe's answer leaves it. */
export interface PaymentAudit {
  status: PaymentStatus;
  refundedCents: number;
  /** Stripe's charge (a partial release captures only what is kept); null while nothing is captured. */
  capturedCents: number | null;
}

/**
 * What a refund asks of Stripe once its transaction commits, `pending` until the settle step's own audit row
 * (`refunds.settle`) records Stripe's answer; null when nothing goes to Stripe (credit on a captured payment).
 */
export type StripeRequestAudit =
  | { refund: 'pending'; amountCents: number }
  | { capture: 'pending'; amountCents: number; then: 'release the rest' | 'grant the credit' }
  | { release: 'pending'; amountCents: number }
  | null;

export function paymentAudit(p: NonNullable<BookingMoney['payment']>): PaymentAudit {
  return { status: p.status, refundedCents: p.amountRefundedCents, capturedCents: p.amountCapturedCents };
}

export function stripeRequestOf(r: RefundComputation): StripeRequestAudit {
  if (r.releasesPayment)
    return r.captureCents > 0
      ? { capture: 'pending', amountCents: r.captureCents, then: 'release the rest' }
      : { release: 'pending', amountCents: r.decision.studentCents };
  if (r.capturesFirst) return { capture: 'pending', amountCents: r.captureCents, then: 'grant the credit' };
  return r.decision.method === 'card' ? { refund: 'pending', amountCents: r.decision.studentCents } : null;
}

/**
 * The payment as it will be once Stripe has done what the refund asks (the preview's figures): the audit row is
 * written in the refund's transaction, before Stripe is called, so it states what will happen, and the settle
 * step's row what did.
 */
export function expectedPayment(r: RefundComputation, p: NonNullable<BookingMoney['payment']>): PaymentAudit {
  const now = paymentAudit(p);
  if (r.releasesPayment)
    return r.captureCents > 0 ? { ...now, status: 'captured', capturedCents: r.captureCents } : { ...now, status: 'cancelled' };
  if (r.capturesFirst) return { ...now, status: 'captured', capturedCents: r.captureCents };
  if (r.decision.method !== 'card') return now;
  // As the refund ledger counts it: refunds come out of what was captured.
  const captured = p.amountCapturedCents ?? p.amountCents;
  const refunded = Math.min(captured, p.amountRefundedCents + r.decision.studentCents);
  return { ...now, status: refunded >= captured ? 'refunded' : 'partially_refunded', refundedCents: refunded };
}

/**
 * One refund as every audit row that records one reads (a refund, a force cancel, a booking a suspension cancelled):
 * what goes back and how, by which rule, the instructor's share, and what is asked of Stripe after the commit.
 */
export function refundAudit(r: RefundComputation, refundId: string | null) {
  return {
    id: refundId,
    kind: r.kind,
    method: r.decision.method,
    amountCents: r.decision.studentCents,
    rule: r.decision.rule,
    overrideCode: r.overrideCode,
    instructorShareCents: r.decision.instructorCents,
    captureCents: r.captureCents,
    stripe: stripeRequestOf(r),
  };
}
