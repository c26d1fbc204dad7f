import type { Transaction } from 'kysely';
import type { Database } from '@ops/db';
import { formatCents, formatInZone, label, plural, type Effect } from '@ops/shared';
import type { RequestMeta, StaffIdentity } from '../../context.js';
import { suspendAccount } from '../accounts.js';
import { writeAudit } from '../audit/write.js';
import { payoutTiming } from '../instructors/schedule-payouts.js';
import type { BookingMoney } from '../refunds/bookings-money.js';
import { computeRefund, creditOnlyReturn, type CreditOnlyReturn, type RefundComputation } from '../refunds/compute.js';
import { refundAudit } from '../refunds/audit.js';
import { moneyBack } from '../refunds/messages.js';
import { recordRefunds, returnSpentCredit, type RecordedRefunds } from '../refunds/record.js';

/** Cancelling bookings with their refunds per policy: one plan, used by force cancel and both suspensions. */
export interface CancellationPlan {
  bookings: BookingMoney[];
  refunds: RefundComputation[];
  /** Bookings with no card money left to refund whose spent credit comes back all the same. */
  creditReturns: CreditOnlyReturn[];
  /** Money sent back (card or credit); releases of money never charged are counted apart. */
  refundTotalCents: number;
  releaseTotalCents: number;
  instructorShareCents: number;
  /** Credit the students spent on these bookings that goes back to their balances (with a refund or without). */
  creditBackCents: number;
  /** People told about it: each student once, and each instructor once. */
  notifyUserIds: string[];
}

/**
 * `instructorSuspended`: the lessons are cancelled because their instructor was suspended, so each student gets the
 * whole payment back to the card and the instructor no late-cancellation share.
 */
export function planCancellations(
  bookings: BookingMoney[],
  now: Date,
  extraNotify: string[] = [],
  { instructorSuspended = false }: { instructorSuspended?: boolean } = {},
): CancellationPlan {
  const refunds: RefundComputation[] = [];
  const creditReturns: CreditOnlyReturn[] = [];
  for (const b of bookings) {
    const refund = computeRefund(b, { now, cascade: true, instructorSuspended });
    const credit = refund ? null : creditOnlyReturn(b, { now, instructorSuspended });
    if (refund) refunds.push(refund);
    if (credit) creditReturns.push(credit);
  }
  const notify = new Set<string>(extraNotify);
  for (const b of bookings) {
    notify.add(b.studentId);
    notify.add(b.instructorId);
  }
  const back = moneyBack(refunds);
  return {
    bookings,
    refunds,
    creditReturns,
    refundTotalCents: back.find((m) => m.kind === 'refund')?.cents ?? 0,
    releaseTotalCents: back.find((m) => m.kind === 'release')?.cents ?? 0,
    instructorShareCents: refunds.reduce((s, r) => s + r.decision.instructorCents, 0),
    creditBackCents: [...refunds, ...creditReturns].reduce((s, r) => s + r.creditBackCents, 0),
    notifyUserIds: [...notify].sort(),
  };
}

/**
 * What one cancelled booking gives back, then the policy rule that decided it: "release $90.00 (never charged) — rule:
 * full refund to card (instructor suspended)". The rule names the policy; the words before it say what moves.
 */
function bookingMoney(r: RefundComputation): string {
  const what = r.decision.method === 'credit' ? 'credit' : r.releasesPayment ? 'release' : 'refund to card';
  const never = r.releasesPayment ? ' (never charged)' : '';
  const held = r.instructorPayoutHeld ? ' (held)' : '';
  const share = r.decision.instructorCents > 0 ? `, instructor share ${formatCents(r.decision.instructorCents)}${held}` : '';
  const credit = r.creditBackCents > 0 ? `, ${formatCents(r.creditBackCents)} of spent credit back to the balance` : '';
  return `${what} ${formatCents(r.decision.studentCents)}${never}${share}${credit} — rule: ${label(r.decision.rule).toLowerCase()}`;
}

/** Effects of a multi-booking cancellation: one line per booking (its lesson time in the business zone), then totals. */
export function cancellationEffects(plan: CancellationPlan, timeZone: string): Effect[] {
  const out: Effect[] = [];
  const byBooking = new Map(plan.refunds.map((r) => [r.bookingId, r]));
  const creditByBooking = new Map(plan.creditReturns.map((c) => [c.bookingId, c]));
  for (const b of plan.bookings) {
    const r = byBooking.get(b.id);
    const c = creditByBooking.get(b.id);
    const when = formatInZone(b.lessonStart, timeZone);
    const money = r
      ? bookingMoney(r)
      : c
        ? `nothing to refund to the card, ${formatCents(c.creditBackCents)} of spent credit back to the balance`
        : 'nothing to refund';
    out.push({ kind: 'booking', label: `Cancel ${b.shortId} (${when}): ${money}`, amountCents: r?.decision.studentCents ?? 0 });
  }
  out.push({
    kind: 'booking',
    label: `${plural(plan.bookings.length, 'cancellation')} (slots released)`,
    count: plan.bookings.length,
  });
  const back = moneyBack(plan.refunds);
  if (back.length === 0) out.push({ kind: 'money', label: 'Nothing to refund', amountCents: 0, count: 0 });
  for (const b of back) out.push({ kind: 'money', label: b.text, amountCents: b.cents, count: b.count });
  if (plan.creditBackCents > 0) {
    const count = [...plan.refunds, ...plan.creditReturns].filter((r) => r.creditBackCents > 0).length;
    out.push({
      kind: 'money',
      label: `Return ${formatCents(plan.creditBackCents)} of spent credit to students' balances (${plural(count, 'booking')})`,
      amountCents: plan.creditBackCents,
      count,
    });
  }
  if (plan.instructorShareCents > 0) {
    const heldCents = plan.refunds.reduce((s, r) => s + (r.instructorPayoutHeld ? r.decision.instructorCents : 0), 0);
    const timing =
      heldCents === 0 || heldCents === plan.instructorShareCents
        ? payoutTiming(heldCents > 0)
        : `${payoutTiming(false)}, ${formatCents(heldCents)} of it held (payouts on hold)`;
    out.push({
      kind: 'money',
      label: `Late-cancellation shares to the instructor: ${formatCents(plan.instructorShareCents)}, ${timing}`,
      amountCents: plan.instructorShareCents,
    });
  }
  return out;
}

/** The notice an execute queues: one email per person, delivered by the outbox worker (communications/outbox.ts). */
export function notifyEffect(count: number, who: string): Effect {
  return { kind: 'notify', label: `Email ${plural(count, 'person', 'people')} (${who})`, count };
}

/** Who cancels and why, under which key, and what the people affected are told. */
interface CancellationOptions {
  staffId: string;
  reason: string;
  now: Date;
  idempotencyKey: string;
  template: string;
  message: string;
  /** Force cancel is staff acting on one booking; suspensions cascade (neither is the student asking). */
  origin: 'staff' | 'cascade';
}

type AppliedCancellations = RecordedRefunds & { notificationCount: number; creditBackCents: number };

/** Cancels the bookings, records their refunds and queues the notifications, all in `tx`. */
export async function applyCancellations(
  tx: Transaction<Database>,
  plan: CancellationPlan,
  opts: CancellationOptions,
): Promise<AppliedCancellations> {
  if (plan.bookings.length > 0) {
    await tx
      .updateTable('bookings')
      .set({
        status: 'cancelled',
        cancelled_at: opts.now,
        cancelled_by: 'admin',
        cancellation_reason: opts.reason,
        updated_at: opts.now,
      })
      .where(
        'id',
        'in',
        plan.bookings.map((b) => b.id),
      )
      .execute();
  }
  const recorded = await recordRefunds(tx, plan.refunds, {
    origin: opts.origin,
    staffId: opts.staffId,
    reason: opts.reason,
    now: opts.now,
    keyFor: (r) => `${opts.idempotencyKey}-${r.bookingId}`,
  });
  await returnSpentCredit(
    tx,
    plan.creditReturns.map((c) => ({ refund: c, refundId: null })),
    opts.reason,
    opts.staffId,
  );
  const notificationCount = await queueNotifications(tx, plan.notifyUserIds, {
    template: opts.template,
    subject: opts.message,
    body: opts.message,
    staffId: opts.staffId,
    bookingId: plan.bookings.length === 1 ? (plan.bookings[0]?.id ?? null) : null,
  });
  return { ...recorded, notificationCount, creditBackCents: plan.creditBackCents };
}

/** Who suspends, when, why and under which key: the suspension action's own `apply` arguments. */
interface SuspendedBy {
  ctx: { staff: Pick<StaffIdentity, 'id' | 'email'>; request: RequestMeta };
  now: Date;
  reason: string;
  idempotencyKey: string;
}

/** The suspension a cascade belongs to, and what the people affected are told. */
interface SuspensionNotice {
  /** The suspension's action name (`students.suspend`, `instructors.suspend`), as each cancelled booking's row names it. */
  action: string;
  template: string;
  message: string;
}

/** The audit action of a booking cancelled because its student or instructor was suspended. */
export const CANCELLED_BY_SUSPENSION = 'bookings.cancelledBySuspension';

/**
 * Both suspensions end alike: the account is suspended, then its upcoming bookings are cancelled and refunded as a
 * cascade of the suspension. Whatever must hold before the refunds are recorded (an instructor's payout hold, which
 * holds their late-cancellation shares) is written first. Each cancelled booking gets its own audit row (who, why,
 * what went back), so the booking's trail answers "who cancelled this?"; the suspension's row lists their ids.
 */
export async function suspendWithCancellations(
  tx: Transaction<Database>,
  by: SuspendedBy,
  userId: string,
  plan: CancellationPlan,
  notice: SuspensionNotice,
): Promise<AppliedCancellations & { auditAfter: Record<string, unknown> }> {
  const { ctx, now, reason } = by;
  await suspendAccount(tx, userId, reason, now);
  const done = await applyCancellations(tx, plan, {
    staffId: ctx.staff.id,
    reason,
    now,
    idempotencyKey: by.idempotencyKey,
    template: notice.template,
    message: notice.message,
    origin: 'cascade',
  });
  const refundByBooking = new Map(plan.refunds.map((r) => [r.bookingId, r]));
  const creditByBooking = new Map(plan.creditReturns.map((c) => [c.bookingId, c]));
  const bookingAuditIds: number[] = [];
  // One insert per booking: the chain trigger hashes each row onto the one before, which a row of the same
  // multi-row insert would not see. A suspension cancels one person's upcoming bookings, a handful.
  for (const b of plan.bookings) {
    const r = refundByBooking.get(b.id);
    const refundId = done.refundIdByBooking.get(b.id) ?? null;
    bookingAuditIds.push(
      await writeAudit(tx, ctx.staff, ctx.request, {
        action: CANCELLED_BY_SUSPENSION,
        resourceType: 'booking',
        resourceId: b.id,
        before: { status: b.status },
        after: {
          status: 'cancelled',
          suspension: { action: notice.action, userId },
          refund: r && refundId ? refundAudit(r, refundId) : null,
          creditBackCents: r?.creditBackCents ?? creditByBooking.get(b.id)?.creditBackCents ?? 0,
        },
        reason,
      }),
    );
  }
  // What the suspension's own audit row records of its cascade, beside the account's own fields.
  const auditAfter = {
    cancelledBookings: plan.bookings.length,
    refundIds: done.refundIds,
    bookingAuditIds,
    creditBackCents: done.creditBackCents,
    refundTotalCents: plan.refundTotalCents,
    releaseTotalCents: plan.releaseTotalCents,
  };
  return { ...done, auditAfter };
}

/** Queues one email per person in `tx`; the outbox worker sends them once the transaction has committed. */
export async function queueNotifications(
  tx: Transaction<Database>,
  userIds: string[],
  n: { template: string; subject: string; body: string; staffId: string; bookingId: string | null },
): Promise<number> {
  if (userIds.length === 0) return 0;
  await tx
    .insertInto('notifications')
    .values(
      userIds.map((userId) => ({
        user_id: userId,
        booking_id: n.bookingId,
        channel: 'email' as const,
        template: n.template,
        subject: n.subject,
        body_text: n.body,
        status: 'queued' as const,
        created_by_staff_id: n.staffId,
      })),
    )
    .execute();
  return userIds.length;
}
