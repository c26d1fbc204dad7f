import type { Transaction } from 'kysely';
import type { Database, DbOrTx, PaymentStatus } from '@ops/db';
import { bookingCompleteInputSchema, formatCents, type Effect } from '@ops/shared';
import { DomainError } from '../errors.js';
import { defineAction, type ActionContext, type ApplyResult } from '../actions/define.js';
import { loadBookingsMoney, type BookingMoney } from '../refunds/bookings-money.js';
import { payoutTiming, schedulePayouts } from '../instructors/schedule-payouts.js';
import { stripeOf } from '../refunds/stripe.js';

export interface Completion {
  booking: { id: string; shortId: string; status: string; lessonStart: string; instructorId: string };
  paymentId: string;
  intentId: string;
  paymentAmountCents: number;
  cardLast4: string | null;
  needsCapture: boolean;
  /** What the refunds of this booking already gave up (student's part and instructor's share): not paid out again. */
  refundedCents: number;
  payoutCents: number;
  payoutHeld: boolean;
}

/** A payment that took the student's money (in full or in part): what a completion pays the instructor from. */
const COMPLETABLE: ReadonlySet<PaymentStatus> = new Set(['authorized', 'captured', 'partially_refunded', 'refunded']);

/**
 * The instructor's payout for the part of the lesson the student still pays for: the whole share when nothing was
 * refunded, and in proportion otherwise, since a refund (and any split share the instructor was paid with it) already
 * settled the part it covered. Rounded to the cent.
 */
export function payoutForRemainder(instructorPayoutCents: number, paymentCents: number, remainingCents: number): number {
  if (paymentCents <= 0 || remainingCents >= paymentCents) return instructorPayoutCents;
  return Math.round((instructorPayoutCents * remainingCents) / paymentCents);
}

export async function loadCompletion(db: DbOrTx, bookingId: string, lock: boolean): Promise<Completion> {
  const [booking] = await loadBookingsMoney(db, { bookingIds: [bookingId] }, lock);
  if (!booking) throw new DomainError('NOT_FOUND', 'bookingId: no such booking');
  const c = completionOf(booking);
  if (typeof c === 'string') throw new DomainError('CONFLICT', `bookingId: ${c}`);
  return c;
}

/**
 * What completing a booking does (its capture and the instructor's payout), or why it cannot be completed: the one
 * rule force complete and the sample's instructors follow.
 */
export function completionOf(booking: BookingMoney): Completion | string {
  if (booking.status !== 'pending' && booking.status !== 'confirmed')
    return `booking ${booking.shortId} is ${booking.status}; only pending or confirmed bookings can be completed`;
  const payment = booking.payment;
  if (!payment || !COMPLETABLE.has(payment.status)) return `booking ${booking.shortId} has no authorized payment to capture`;
  return {
    booking: {
      id: booking.id,
      shortId: booking.shortId,
      status: booking.status,
      lessonStart: booking.lessonStart,
      instructorId: booking.instructorId,
    },
    paymentId: payment.id,
    intentId: payment.intentId,
    paymentAmountCents: payment.amountCents,
    cardLast4: payment.cardLast4,
    needsCapture: payment.status === 'authorized',
    refundedCents: payment.amountCents - booking.refundableCents,
    payoutCents: payoutForRemainder(booking.instructorPayoutCents, payment.amountCents, booking.refundableCents),
    payoutHeld: booking.instructorPayoutHeld,
  };
}

/** Marks the booking completed and schedules the payout in `tx`; the capture runs after commit with the key. */
export async function applyCompletion(
  tx: Transaction<Database>,
  ctx: ActionContext,
  c: Completion,
  idempotencyKey: string,
): Promise<ApplyResult> {
  const now = ctx.now();
  await tx
    .updateTable('bookings')
    .set({ status: 'completed', completed_at: now, updated_at: now })
    .where('id', '=', c.booking.id)
    .execute();
  const [payout] =
    c.payoutCents === 0
      ? []
      : await schedulePayouts(
          tx,
          [{ instructorId: c.booking.instructorId, bookingId: c.booking.id, amountCents: c.payoutCents }],
          now,
        );
  const capture = async (): Promise<string> => {
    const stripe = stripeOf(ctx);
    if (!stripe) return 'Stripe is not configured: the payment stays authorized.';
    const intent = await stripe.capturePaymentIntent(c.intentId, {}, { idempotencyKey });
    await ctx.db
      .updateTable('payments')
      .set({
        status: 'captured',
        captured_at: ctx.now(),
        amount_captured_cents: intent.amountReceivedCents,
        updated_at: ctx.now(),
      })
      .where('id', '=', c.paymentId)
      .where('status', '=', 'authorized')
      .execute();
    return `Captured ${formatCents(c.paymentAmountCents)}.`;
  };
  return {
    before: { status: c.booking.status, paymentStatus: c.needsCapture ? 'authorized' : 'captured' },
    after: {
      status: 'completed',
      payoutId: payout?.id ?? null,
      payoutCents: c.payoutCents,
      payoutStatus: payout?.held ? 'held' : 'pending',
    },
    message:
      payout === undefined
        ? `Booking ${c.booking.shortId} completed; nothing is left to pay out (all of it was refunded).`
        : `Booking ${c.booking.shortId} completed; payout of ${formatCents(c.payoutCents)} ${payout.held ? 'scheduled and held (their payouts are on hold)' : 'scheduled'}.`,
    ...(c.needsCapture ? { afterCommit: capture } : {}),
  };
}

/** The payout line of the preview: the share of what was not refunded, or why there is none. */
function payoutEffect(c: Completion): Effect {
  if (c.payoutCents === 0)
    return { kind: 'info', label: `No payout to the instructor: all ${formatCents(c.paymentAmountCents)} was refunded` };
  const share =
    c.refundedCents > 0 ? ` (their share of the ${formatCents(c.paymentAmountCents - c.refundedCents)} not refunded)` : '';
  return {
    kind: 'money',
    label: `Schedule a payout of ${formatCents(c.payoutCents)} to the instructor${share}, ${payoutTiming(c.payoutHeld)}`,
    amountCents: c.payoutCents,
  };
}

/** Force completes a booking: captures an authorized payment (after commit) and schedules the instructor's payout. */
export const completeBooking = defineAction({
  name: 'bookings.complete',
  title: 'Force complete booking',
  description: "Mark a booking completed: captures the student's authorized payment and schedules the instructor's payout.",
  destructive: false,
  permission: 'bookings.complete',
  input: bookingCompleteInputSchema,
  async plan({ db, input, ctx, lock }) {
    const c = await loadCompletion(db, input.bookingId, lock);
    const notStarted = new Date(c.booking.lessonStart) > ctx.now();
    return {
      resourceType: 'booking',
      resourceId: c.booking.id,
      summary: `Force complete booking ${c.booking.shortId}`,
      effects: [
        ...(c.needsCapture
          ? [
              {
                kind: 'money' as const,
                label: `Capture ${formatCents(c.paymentAmountCents)} on the card${c.cardLast4 ? ` ending ${c.cardLast4}` : ''}`,
                amountCents: c.paymentAmountCents,
              },
            ]
          : [{ kind: 'info' as const, label: 'The payment is already captured' }]),
        { kind: 'booking' as const, label: `Mark booking ${c.booking.shortId} completed` },
        payoutEffect(c),
      ],
      // Completing a lesson that has not started pays for one not given: said, and confirmed by typing the booking.
      warnings: notStarted
        ? ['The lesson has not started yet: completing it now pays the instructor for a lesson not given.']
        : [],
      typeToConfirm: notStarted ? c.booking.shortId : null,
      requiresApproval: false,
      state: c,
    };
  },
  apply: ({ tx, plan, ctx, idempotencyKey }) => applyCompletion(tx, ctx, plan.state, idempotencyKey),
});
