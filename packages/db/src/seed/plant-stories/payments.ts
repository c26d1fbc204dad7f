import { HOUR, genTs, iso, type BuiltBooking } from '../factories.js';
import { FAILED_PAYMENT, MARCUS, SARAH, STUCK_PAYMENTS } from '../stories.js';
import type { StoryKit } from './kit.js';
import type { StoryInstructors } from './people.js';

export interface StoryPayments {
  /** A card declined at authorization two hours ago. */
  failed: BuiltBooking;
  /** Completed lessons whose payments should have been captured hours ago. */
  stuck: BuiltBooking[];
}

/** Payments the command center flags: a declined card and two overdue captures. */
export function plantPaymentProblems(kit: StoryKit, { elena }: StoryInstructors): StoryPayments {
  const { rng, nowMs, nextId, book } = kit;
  const failed = book({
    id: FAILED_PAYMENT.bookingId,
    paymentId: FAILED_PAYMENT.paymentId,
    shortId: FAILED_PAYMENT.shortId,
    studentId: MARCUS.studentIds[4] ?? SARAH.userId,
    teacher: elena,
    serviceId: 'piano',
    minutes: 60,
    startMs: nowMs + 20 * HOUR,
    status: 'pending',
    paymentStatus: 'failed',
    createdMs: nowMs - 3 * HOUR,
  });
  failed.payment.failed_at = iso(nowMs - 2 * HOUR);
  failed.payment.updated_at = genTs(nowMs - 2 * HOUR);

  // Two completed lessons whose payments should have been captured hours ago.
  const stuck = STUCK_PAYMENTS.bookingIds.map((id, i) =>
    book({
      id,
      paymentId: STUCK_PAYMENTS.paymentIds[i] ?? nextId(),
      shortId: STUCK_PAYMENTS.shortIds[i] ?? rng.shortId(),
      studentId: MARCUS.studentIds[i] ?? SARAH.userId,
      teacher: elena,
      serviceId: 'piano',
      minutes: 60,
      startMs: nowMs - (30 - i * 8) * HOUR,
      status: 'completed',
      paymentStatus: 'authorized',
    }),
  );
  return { failed, stuck };
}
