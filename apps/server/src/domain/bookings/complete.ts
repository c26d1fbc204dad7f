import type { Transaction } from 'kysely';
import type { Database, DbOrTx } from '@ops/db';
import { bookingCompleteInputSchema, formatCents } from '@ops/shared';
import { DomainError } from '../errors.js';
import { defineAction, type ActionContext, type ApplyResult } from '../actions/define.js';
import { stripeOf } from '../refunds/stripe.js';

const PAYOUT_DELAY_MS = 2 * 24 * 3_600_000;

export interface Completion {
  booking: { id: string; shortId: string; status: string; lessonStart: string; instructorId: string };
  paymentId: string;
  intentId: string;
  paymentAmountCents: number;
  cardLast4: string | null;
  needsCapture: boolean;
  payoutCents: number;
  payoutHeld: boolean;
}

export async function loadCompletion(db: DbOrTx, bookingId: string, lock: boolean): Promise<Completion> {
  let bq = db
    .selectFrom('bookings')
    .select(['id', 'short_id', 'status', 'lesson_start', 'instructor_id', 'instructor_payout_cents'])
    .where('id', '=', bookingId);
  if (lock) bq = bq.forUpdate();
  const booking = await bq.executeTakeFirst();
  if (!booking) throw new DomainError('NOT_FOUND', 'bookingId: no such booking');
  if (booking.status !== 'pending' && booking.status !== 'confirmed') {
    throw new DomainError(
      'BAD_REQUEST',
      `bookingId: booking ${booking.short_id} is ${booking.status}; only pending or confirmed bookings can be completed`,
    );
  }
  let pq = db
    .selectFrom('payments')
    .select(['id', 'status', 'amount_cents', 'stripe_payment_intent_id', 'card_last4'])
    .where('booking_id', '=', bookingId)
    .where('status', 'in', ['authorized', 'captured'])
    .orderBy('created_at', 'desc');
  if (lock) pq = pq.forUpdate();
  const [payment, profile] = await Promise.all([
    pq.executeTakeFirst(),
    db.selectFrom('instructor_profiles').select('payout_hold').where('user_id', '=', booking.instructor_id).executeTakeFirst(),
  ]);
  if (!payment) {
    throw new DomainError('BAD_REQUEST', `bookingId: booking ${booking.short_id} has no authorized payment to capture`);
  }
  return {
    booking: {
      id: booking.id,
      shortId: booking.short_id,
      status: booking.status,
      lessonStart: booking.lesson_start,
      instructorId: booking.instructor_id,
    },
    paymentId: payment.id,
    intentId: payment.stripe_payment_intent_id,
    paymentAmountCents: payment.amount_cents,
    cardLast4: payment.card_last4,
    needsCapture: payment.status === 'authorized',
    payoutCents: booking.instructor_payout_cents,
    payoutHeld: profile?.payout_hold ?? false,
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
  const payout = await tx
    .insertInto('payouts')
    .values({
      instructor_id: c.booking.instructorId,
      booking_id: c.booking.id,
      amount_cents: c.payoutCents,
      status: c.payoutHeld ? 'held' : 'pending',
      hold_reason: c.payoutHeld ? 'Instructor payouts are on hold' : null,
      scheduled_for: new Date(now.getTime() + PAYOUT_DELAY_MS),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const capture = async (): Promise<string> => {
    const stripe = stripeOf(ctx);
    if (!stripe) return 'Stripe is not configured: the payment stays authorized.';
    await stripe.capturePaymentIntent(c.intentId, {}, { idempotencyKey });
    await ctx.db
      .updateTable('payments')
      .set({ status: 'captured', captured_at: ctx.now(), updated_at: ctx.now() })
      .where('id', '=', c.paymentId)
      .where('status', '=', 'authorized')
      .execute();
    return `Captured ${formatCents(c.paymentAmountCents)}.`;
  };
  return {
    before: { status: c.booking.status, paymentStatus: c.needsCapture ? 'authorized' : 'captured' },
    after: {
      status: 'completed',
      payoutId: payout.id,
      payoutCents: c.payoutCents,
      payoutStatus: c.payoutHeld ? 'held' : 'pending',
    },
    message: `Booking ${c.booking.shortId} completed; payout of ${formatCents(c.payoutCents)} scheduled.`,
    ...(c.needsCapture ? { afterCommit: capture } : {}),
  };
}

/** Force completes a booking: captures an authorized payment (after commit) and schedules the instructor's payout. */
export const completeBooking = defineAction({
  name: 'bookings.complete',
  description: 'Mark a booking completed (releases the instructor payout).',
  destructive: false,
  permission: 'bookings.complete',
  input: bookingCompleteInputSchema,
  async plan({ db, input, ctx, lock }) {
    const c = await loadCompletion(db, input.bookingId, lock);
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
        {
          kind: 'money' as const,
          label: `Schedule a payout of ${formatCents(c.payoutCents)} to the instructor${c.payoutHeld ? ' (held: their payouts are on hold)' : ''}`,
          amountCents: c.payoutCents,
        },
      ],
      warnings: new Date(c.booking.lessonStart) > ctx.now() ? ['The lesson has not started yet.'] : [],
      typeToConfirm: null,
      requiresApproval: false,
      state: c,
    };
  },
  apply: ({ tx, plan, ctx, idempotencyKey }) => applyCompletion(tx, ctx, plan.state, idempotencyKey),
});
