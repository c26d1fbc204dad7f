import type { Insertable } from 'kysely';
import type { AuditLogTable } from '../../schema.js';
import { DAY, HOUR, genTs, type BuiltBooking } from '../factories.js';
import { PAYOUT_HOLD_INSTRUCTOR, SARAH, SUSPENDED_STUDENT } from '../stories.js';
import type { StoryKit, StoryStaff } from './kit.js';

/** A few past staff actions on the stories (only when there are an admin and a support agent to have taken them). */
export function plantStoryAudit(kit: StoryKit, refunded: BuiltBooking): void {
  const { rng, nowMs, rows, admin, support, at } = kit;
  if (admin && support) {
    const audit = (
      a: Partial<Insertable<AuditLogTable>> &
        Pick<Insertable<AuditLogTable>, 'action' | 'resource_type' | 'resource_id' | 'occurred_at'>,
      who: StoryStaff,
    ): void => {
      rows.audit_log.push({
        actor_staff_id: who.id,
        actor_email: who.email,
        reason: '',
        request_id: rng.stripeId('req', 16),
        ip: '10.0.4.17',
        user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
        ...a,
      });
    };
    audit(
      {
        action: 'refunds.create',
        resource_type: 'booking',
        resource_id: SARAH.refundedBookingId,
        occurred_at: genTs(at(-19, 3)),
        before: JSON.stringify({ paymentStatus: 'captured' }),
        after: JSON.stringify({ refundId: SARAH.refundId, amountCents: refunded.payment.amount_cents, method: 'card' }),
        reason: 'Video link failed; lesson cut short',
      },
      admin,
    );
    audit(
      {
        action: 'users.pii.reveal',
        resource_type: 'user',
        resource_id: SARAH.userId,
        occurred_at: genTs(nowMs - 6 * DAY + HOUR),
        reason: 'Verifying identity for dispute',
      },
      support,
    );
    audit(
      {
        action: 'bookings.note',
        resource_type: 'booking',
        resource_id: SARAH.disputedBookingId,
        occurred_at: genTs(nowMs - 6 * DAY + 2 * HOUR),
        after: JSON.stringify({ kind: 'dispute' }),
        reason: 'Dispute opened',
      },
      support,
    );
    audit(
      {
        action: 'payouts.hold',
        resource_type: 'instructor',
        resource_id: PAYOUT_HOLD_INSTRUCTOR.userId,
        occurred_at: genTs(nowMs - 4 * DAY),
        before: JSON.stringify({ payoutHold: false }),
        after: JSON.stringify({ payoutHold: true }),
        reason: 'Chargeback review pending',
      },
      admin,
    );
    audit(
      {
        action: 'students.suspend',
        resource_type: 'user',
        resource_id: SUSPENDED_STUDENT.userId,
        occurred_at: genTs(nowMs - 5 * DAY),
        before: JSON.stringify({ status: 'active' }),
        after: JSON.stringify({ status: 'suspended' }),
        reason: 'Abusive messages to instructors',
      },
      admin,
    );
  }
}
