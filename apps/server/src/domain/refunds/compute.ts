import { decideRefund, formatCents, label, type Effect, type OverrideCode, type RefundDecision } from '@ops/shared';
import type { PayoutStatus } from '@ops/db';
import { payoutForRemainder } from '../bookings/complete.js';
import { payoutTiming } from '../instructors/schedule-payouts.js';
import type { BookingMoney } from './bookings-money.js';

/** A payout of the booking that a refund cuts: cancelled when nothing is left of it, else lowered to `toCents`. */
export interface PayoutCut {
  payoutId: string;
  status: Extract<PayoutStatus, 'pending' | 'held'>;
  fromCents: number;
  toCents: number;
}

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
  /**
   * Card method on a payment not captured yet: the refunded part of the authorization is released, no money moves.
   * All of it: the payment is cancelled. Part of it: only what is kept is captured (`captureCents`).
   */
  releasesPayment: boolean;
  /** Credit method on an authorized payment: the payment is captured first, then the credit granted. */
  capturesFirst: boolean;
  /** What execute captures on the card, exactly (0: no capture). */
  captureCents: number;
  /** A release is its own kind: no money moved, so it is not counted as a refund anywhere. */
  kind: 'refund' | 'release';
  remainingAfterCents: number;
  overrideCode: OverrideCode | null;
  /** The instructor's payouts are on hold: their share (if any) is scheduled held. */
  instructorPayoutHeld: boolean;
  instructorName: string;
  studentName: string;
  /** Credit the student spent on the booking that this refund puts back on their balance (see `creditBackOf`). */
  creditBackCents: number;
  /** The booking's waiting payouts this refund cuts (a completed lesson's payout was earned from what is refunded). */
  payoutCuts: PayoutCut[];
  /** The payouts the cut reaches that were already paid, as paid: not clawed back, and the preview says so. */
  alreadyPaidCents: number;
}

/**
 * A completed lesson's payout was earned from the payment; refunding part of that payment takes back the same share
 * of the payout (the rule completion pays by: `payoutForRemainder`). What is still waiting (pending or held) is cut,
 * latest first; what was already paid stays paid. Bookings not completed have no payout earned by the lesson (only
 * late-cancellation shares, which their own refunds settled), so nothing is cut.
 */
export function payoutCutsOf(
  booking: BookingMoney,
  remainingAfterCents: number,
): { payoutCuts: PayoutCut[]; alreadyPaidCents: number } {
  const payment = booking.payment;
  if (booking.status !== 'completed' || !payment) return { payoutCuts: [], alreadyPaidCents: 0 };
  const share = (remaining: number) => payoutForRemainder(booking.instructorPayoutCents, payment.amountCents, remaining);
  let left = share(booking.refundableCents) - share(remainingAfterCents);
  const payoutCuts: PayoutCut[] = [];
  let alreadyPaidCents = 0;
  for (const p of booking.payouts) {
    if (left <= 0) break;
    const take = Math.min(left, p.amountCents);
    left -= take;
    if (p.status === 'pending' || p.status === 'held')
      payoutCuts.push({ payoutId: p.id, status: p.status, fromCents: p.amountCents, toCents: p.amountCents - take });
    else alreadyPaidCents += p.amountCents;
  }
  return { payoutCuts, alreadyPaidCents };
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

/** Dispute statuses under which Stripe refuses a refund (`charge_disputed`); a won dispute leaves the charge refundable. */
const OPEN_OR_LOST_DISPUTE = new Set([
  'warning_needs_response',
  'warning_under_review',
  'needs_response',
  'under_review',
  'lost',
  'warning_closed',
]);

export function disputeBlocksRefund(payment: BookingMoney['payment']): boolean {
  return payment !== null && payment.disputedAt !== null && OPEN_OR_LOST_DISPUTE.has(payment.disputeStatus ?? 'needs_response');
}

/** Why no refund of the booking can be made while its charge is disputed, or null when a dispute does not stand in the way. */
export function disputeRefusal(booking: Pick<BookingMoney, 'shortId' | 'payment' | 'refundableCents'>): string | null {
  const payment = booking.payment;
  if (!payment || !disputeBlocksRefund(payment) || booking.refundableCents <= 0) return null;
  const status = label(payment.disputeStatus ?? 'needs_response').toLowerCase();
  return `the charge of booking ${booking.shortId} is disputed (${status}); Stripe refuses refunds of a disputed charge (charge_disputed) and the bank already holds the money — answer the dispute instead`;
}

/** Whether the lesson has taken place (or was due to): the timing rules no longer apply. */
export function lessonIsPast(booking: Pick<BookingMoney, 'status' | 'lessonStart'>, now: Date): boolean {
  return (
    booking.status === 'completed' || booking.status === 'no_show' || new Date(booking.lessonStart).getTime() <= now.getTime()
  );
}

/**
 * The credit a refund gives back of the credit the student spent on the booking. The rule: credit comes back in the
 * same proportion as the card payment does, since the policy's percentage is about the lesson's price, and the price
 * was paid by both. A refund that gives the student s of the card's P gives back C × s / P of the credit C: all of it
 * when the policy gives 100 % back (card or credit), half under the 50 % split (the student forfeits half of the
 * lesson, whatever paid for it). It is counted over every refund of the booking so far (rounded once, on the total),
 * so partial refunds add up to exactly C and credit already returned (a cancellation, then a refund) never comes back
 * twice.
 */
export function creditBackOf(booking: BookingMoney, paymentCents: number, studentCents: number): number {
  const outstanding = booking.creditsAppliedCents - booking.creditReturnedCents;
  if (outstanding <= 0 || paymentCents <= 0) return 0;
  const givenBack = Math.min(paymentCents, booking.studentRefundedCents + studentCents);
  const due = Math.round((booking.creditsAppliedCents * givenBack) / paymentCents);
  return Math.max(0, Math.min(outstanding, due - booking.creditReturnedCents));
}

/** Spent credit that comes back on a booking with no card money left to refund. */
export interface CreditOnlyReturn {
  bookingId: string;
  shortId: string;
  studentId: string;
  studentName: string;
  creditBackCents: number;
  explanation: string;
}

/**
 * The spent credit of a booking cancelled with no card money left to refund (paid with credit alone, or its card
 * payment failed or was already refunded): the policy applied to the credit still out, by the rule of `creditBackOf`
 * (the student's share of the lesson comes back, whatever paid for it). Null when no credit is out.
 */
export function creditOnlyReturn(
  booking: BookingMoney,
  opts: { now: Date; instructorSuspended?: boolean },
): CreditOnlyReturn | null {
  const outstanding = booking.creditsAppliedCents - booking.creditReturnedCents;
  if (outstanding <= 0 || (booking.payment !== null && booking.refundableCents > 0)) return null;
  const decision = decideRefund({
    lessonStart: new Date(booking.lessonStart),
    now: opts.now,
    amountCents: outstanding,
    overrideCode: null,
    instructorSuspended: opts.instructorSuspended ?? false,
  });
  return {
    bookingId: booking.id,
    shortId: booking.shortId,
    studentId: booking.studentId,
    studentName: booking.studentName,
    creditBackCents: decision.studentCents,
    explanation: decision.explanation,
  };
}

/**
 * Applies the policy to one booking. Returns null when nothing is left to refund. Throws RefundInputError for an
 * amount the booking cannot take, a disputed charge, or a lesson already past without an override code. With
 * `cascade` (a cancellation a staff action makes of many bookings), those last two are no refund instead of an error.
 */
export function computeRefund(
  booking: BookingMoney,
  opts: {
    now: Date;
    amountCents?: number | undefined;
    overrideCode?: OverrideCode | undefined;
    cascade?: boolean;
    instructorSuspended?: boolean;
  },
): RefundComputation | null {
  const payment = booking.payment;
  const disputed = disputeRefusal(booking);
  if (disputed !== null) {
    if (opts.cascade) return null;
    throw new RefundInputError('bookingId', disputed);
  }
  if (!payment || booking.refundableCents <= 0) {
    if (opts.amountCents !== undefined)
      throw new RefundInputError('amountCents', `nothing is left to refund on booking ${booking.shortId}`);
    return null;
  }
  // An amount the booking cannot take is wrong whatever the code: said before the code the lesson's timing needs.
  const amount = opts.amountCents ?? booking.refundableCents;
  if (amount > booking.refundableCents) {
    throw new RefundInputError(
      'amountCents',
      `at most ${formatCents(booking.refundableCents)} is left to refund on booking ${booking.shortId}`,
    );
  }
  if (!opts.overrideCode && lessonIsPast(booking, opts.now)) {
    if (opts.cascade) return null;
    throw new RefundInputError(
      'overrideCode',
      `the lesson of booking ${booking.shortId} has already taken place; the cancellation timing rules no longer apply, so a refund needs an override code (the instructor is then paid nothing more)`,
    );
  }
  const captured = CAPTURED.has(payment.status);
  let decision = decideRefund({
    lessonStart: new Date(booking.lessonStart),
    now: opts.now,
    amountCents: amount,
    overrideCode: opts.overrideCode ?? null,
    instructorSuspended: opts.instructorSuspended ?? false,
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
  if (releasesPayment && payment.status !== 'authorized' && amount !== payment.amountCents) {
    throw new RefundInputError(
      'amountCents',
      `the card was not authorized yet; only the full ${formatCents(payment.amountCents)} can be released`,
    );
  }
  // A partial release captures what is kept; a credit on an authorized payment captures all of it (the credit is
  // the platform's money owed to the student). Either way the figure shown is the figure sent to Stripe.
  const captureCents = releasesPayment
    ? amount < payment.amountCents
      ? payment.amountCents - amount
      : 0
    : !captured && decision.method === 'credit'
      ? payment.amountCents
      : 0;
  const remainingAfterCents = booking.refundableCents - amount;
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
    captureCents,
    kind: releasesPayment ? 'release' : 'refund',
    remainingAfterCents,
    overrideCode: opts.overrideCode ?? null,
    instructorPayoutHeld: booking.instructorPayoutHeld,
    instructorName: booking.instructorName,
    studentName: booking.studentName,
    creditBackCents: creditBackOf(booking, payment.amountCents, decision.studentCents),
    ...payoutCutsOf(booking, remainingAfterCents),
  };
}

/** The effects a person reads; stable labels only (no "in 8 hours"), since their digest guards execute. */
export function refundEffects(r: RefundComputation, cardLast4: string | null): Effect[] {
  const out: Effect[] = [{ kind: 'info', label: `Rule: ${r.decision.explanation}` }];
  const card = cardLast4 ? `the card ending ${cardLast4}` : 'the card';
  if (r.decision.method === 'card') {
    if (r.releasesPayment && r.captureCents > 0)
      out.push({
        kind: 'money',
        label: `Capture ${formatCents(r.captureCents)} on ${card} (what is kept); the rest of the authorization is released`,
        amountCents: r.captureCents,
      });
    out.push(
      r.releasesPayment
        ? {
            kind: 'money',
            label:
              r.captureCents > 0
                ? `Release ${formatCents(r.decision.studentCents)} of the authorization on ${card} (never charged; no refund)`
                : `Release ${formatCents(r.decision.studentCents)}: cancel the payment on ${card} before it is charged`,
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
        label: `Capture ${formatCents(r.captureCents)} on ${card} first (the whole authorization: the payment is only authorized)`,
        amountCents: r.captureCents,
      });
    out.push({
      kind: 'money',
      label: `Add ${formatCents(r.decision.studentCents)} of credit to the student's account`,
      amountCents: r.decision.studentCents,
    });
  }
  if (r.creditBackCents > 0) out.push(creditBackEffect(r));
  if (r.decision.instructorCents > 0)
    out.push({
      kind: 'money',
      label: `Schedule a payout of ${formatCents(r.decision.instructorCents)} to the instructor (late-cancellation share), ${payoutTiming(r.instructorPayoutHeld)}`,
      amountCents: r.decision.instructorCents,
    });
  out.push(...payoutCutEffects(r));
  if (r.decision.instructorCents === 0 && r.payoutCuts.length === 0 && r.alreadyPaidCents === 0)
    out.push({ kind: 'info', label: 'Instructor is paid $0.00 for this booking', amountCents: 0 });
  out.push({
    kind: 'info',
    label: `Left to refund afterwards: ${formatCents(r.remainingAfterCents)}`,
    amountCents: r.remainingAfterCents,
  });
  return out;
}

/** The lines for the payouts a refund cuts, and for what was already paid and is not clawed back. */
export function payoutCutEffects(r: Pick<RefundComputation, 'instructorName' | 'payoutCuts' | 'alreadyPaidCents'>): Effect[] {
  const out: Effect[] = r.payoutCuts.map((c) =>
    c.toCents === 0
      ? {
          kind: 'money',
          label: `Cancel ${r.instructorName}'s ${c.status} payout of ${formatCents(c.fromCents)} for this booking`,
          amountCents: c.fromCents,
        }
      : {
          kind: 'money',
          label: `Lower ${r.instructorName}'s ${c.status} payout for this booking from ${formatCents(c.fromCents)} to ${formatCents(c.toCents)}`,
          amountCents: c.fromCents - c.toCents,
        },
  );
  if (r.alreadyPaidCents > 0)
    out.push({
      kind: 'info',
      label: `${r.instructorName} was already paid ${formatCents(r.alreadyPaidCents)} for this booking: it is not clawed back`,
      amountCents: r.alreadyPaidCents,
    });
  return out;
}

/** The line for the credit spent on the booking that goes back to the student's balance. */
export function creditBackEffect(r: Pick<RefundComputation, 'studentName' | 'creditBackCents'>): Effect {
  return {
    kind: 'money',
    label: `Return ${formatCents(r.creditBackCents)} of credit to ${r.studentName}'s balance (credit spent on this booking)`,
    amountCents: r.creditBackCents,
  };
}
