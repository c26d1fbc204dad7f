import { decideRefund, formatCents, type Effect, type OverrideCode, type RefundDecision } from '@ops/shared';
import type { BookingMoney } from './bookings-money.js';

/** How one refund of one booking will move money; computed identically at preview and at execute. */
export interface RefundComputation {
  bookingId: string;
  shortId: string;
  studentId: string;
  instructorId: string;
  paymentId: string;
  intentId: string;
  /** The part of the payment this refund covers (student share + instructor share). */
  amountCents: number;
  decision: RefundDecision;
  /** The payment is captured: a card refund goes through Stripe's refunds. */
  captured: boolean;
  /** Card method on a payment not captured yet: the authorization is cancelled, nothing is charged. */
  releasesPayment: boolean;
  /** Credit method on an authorized payment: the payment is captured first, then the credit granted. */
  capturesFirst: boolean;
  remainingAfterCents: number;
  overrideCode: OverrideCode | null;
}

export class RefundInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const CAPTURED = new Set(['captured', 'partially_refunded', 'refunded']);

/**
 * Applies the policy to one booking. Returns null when nothing is left to refund. Throws RefundInputError for an
 * amount the booking cannot take.
 */
export function computeRefund(
  booking: BookingMoney,
  opts: { now: Date; amountCents?: number | undefined; overrideCode?: OverrideCode | undefined },
): RefundComputation | null {
  const payment = booking.payment;
  if (!payment || booking.refundableCents <= 0) {
    if (opts.amountCents !== undefined)
      throw new RefundInputError('amountCents', `nothing is left to refund on booking ${booking.shortId}`);
    return null;
  }
  const amount = opts.amountCents ?? booking.refundableCents;
  if (amount > booking.refundableCents) {
    throw new RefundInputError(
      'amountCents',
      `at most ${formatCents(booking.refundableCents)} is left to refund on booking ${booking.shortId}`,
    );
  }
  const captured = CAPTURED.has(payment.status);
  let decision = decideRefund({
    lessonStart: new Date(booking.lessonStart),
    now: opts.now,
    amountCents: amount,
    overrideCode: opts.overrideCode ?? null,
  });
  if (payment.status === 'pending') {
    // Nothing was authorized yet: the only refund there is, is not charging the card at all.
    decision = {
      rule: decision.rule,
      method: 'card',
      studentCents: amount,
      instructorCents: 0,
      explanation: `${decision.explanation} The card was not charged yet, so the payment is cancelled instead.`,
    };
  }
  const releasesPayment = !captured && decision.method === 'card';
  if (releasesPayment && amount !== payment.amountCents) {
    throw new RefundInputError(
      'amountCents',
      `the payment is not captured yet; only the full ${formatCents(payment.amountCents)} can be released`,
    );
  }
  return {
    bookingId: booking.id,
    shortId: booking.shortId,
    studentId: booking.studentId,
    instructorId: booking.instructorId,
    paymentId: payment.id,
    intentId: payment.intentId,
    amountCents: amount,
    decision,
    captured,
    releasesPayment,
    capturesFirst: !captured && decision.method === 'credit',
    remainingAfterCents: booking.refundableCents - amount,
    overrideCode: opts.overrideCode ?? null,
  };
}

/** The effects a person reads; stable labels only (no "in 8 hours"), since their digest guards execute. */
export function refundEffects(r: RefundComputation, cardLast4: string | null): Effect[] {
  const out: Effect[] = [{ kind: 'info', label: `Rule: ${r.decision.explanation}` }];
  const card = cardLast4 ? `the card ending ${cardLast4}` : 'the card';
  if (r.decision.method === 'card') {
    out.push(
      r.releasesPayment
        ? {
            kind: 'money',
            label: `Release ${formatCents(r.decision.studentCents)}: cancel the payment on ${card} before it is charged`,
            amountCents: r.decision.studentCents,
          }
        : {
            kind: 'money',
            label: `Refund ${formatCents(r.decision.studentCents)} to ${card}`,
            amountCents: r.decision.studentCents,
          },
    );
  } else {
    if (r.capturesFirst)
      out.push({
        kind: 'info',
        label: `Capture ${formatCents(r.amountCents)} on ${card} first (the payment is only authorized)`,
        amountCents: r.amountCents,
      });
    out.push({
      kind: 'money',
      label: `Add ${formatCents(r.decision.studentCents)} of credit to the student's account`,
      amountCents: r.decision.studentCents,
    });
  }
  out.push(
    r.decision.instructorCents > 0
      ? {
          kind: 'money',
          label: `Pay ${formatCents(r.decision.instructorCents)} to the instructor (late-cancellation share)`,
          amountCents: r.decision.instructorCents,
        }
      : { kind: 'info', label: 'Instructor is paid $0.00 for this booking', amountCents: 0 },
  );
  out.push({
    kind: 'info',
    label: `Left to refund afterwards: ${formatCents(r.remainingAfterCents)}`,
    amountCents: r.remainingAfterCents,
  });
  return out;
}
