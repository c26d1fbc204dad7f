import { DAY, HOUR, buildRefund } from '../factories.js';
import { FRAUD_STUDENT } from '../stories.js';
import type { StoryKit } from './kit.js';
import type { StoryInstructors } from './people.js';

/** The fraud signal: half of eight bookings refunded, several within a day of each other, $660 in total. */
export function plantFraudStudent(kit: StoryKit, { david }: StoryInstructors): void {
  const { rng, nowMs, rows, support, nextId, book, at } = kit;
  const fraudRefundTimes = [nowMs - 10 * DAY, nowMs - 10 * DAY + 9 * HOUR, nowMs - 9 * DAY + 2 * HOUR, nowMs - 3 * DAY];
  FRAUD_STUDENT.bookingIds.forEach((id, i) => {
    const b = book({
      id,
      studentId: FRAUD_STUDENT.userId,
      teacher: david,
      serviceId: 'spanish',
      minutes: 90,
      startMs: at(-50 + i * 5, 1),
      status: 'completed',
      priceCents: 16_500,
    });
    if (i < 4) {
      const r = buildRefund(rng, {
        id: FRAUD_STUDENT.refundIds[i] ?? nextId(),
        built: b,
        amountCents: b.payment.amount_cents,
        method: 'card',
        policyRule: 'override',
        overrideCode: 'INSTRUCTOR_NO_SHOW',
        instructorPayoutCents: 0,
        createdAtMs: fraudRefundTimes[i] ?? nowMs,
        reason: 'Student says the instructor did not show up',
        staffId: support?.id ?? null,
      });
      rows.refunds.push(r.refund);
    }
  });
}
