import { sql } from 'kysely';
import { formatCents } from '@ops/shared';
import type { DbOrTx } from '@ops/db';
import type { RefundComputation } from './compute.js';

const DAY_MS = 24 * 3_600_000;

/**
 * What the refund limits measure: what the student is given — money back, card or credit, and on a lesson that stays
 * booked the charge a release lets them off. A release that comes with the booking's cancellation gives nothing away
 * (no lesson, nothing owed), and an instructor's late-cancellation share goes to the instructor.
 */
export const givenBackBy = (r: Pick<RefundComputation, 'kind' | 'decision'>, opts: { cancelling: boolean }): number =>
  r.kind === 'release' && opts.cancelling ? 0 : r.decision.studentCents;

/** The totals a refund's limits are checked against, so a limit cannot be walked around by splitting a refund. */
export interface RefundTotals {
  /** What refunds (pending or settled) already gave the student back on this booking. */
  bookingBeforeCents: number;
  /** What this staff member refunded to this student in the last 24 hours, on any booking. */
  staffToStudentBeforeCents: number;
}

export async function loadStaffToStudentCents(
  db: DbOrTx,
  opts: { staffId: string; studentId: string; now: Date },
): Promise<number> {
  const totals = await loadStaffToStudentsCents(db, { ...opts, studentIds: [opts.studentId] });
  return totals.get(opts.studentId) ?? 0;
}

/** The same 24-hour totals for several students at once, in one query (a student with none is absent: 0). */
async function loadStaffToStudentsCents(
  db: DbOrTx,
  opts: { staffId: string; studentIds: string[]; now: Date },
): Promise<Map<string, number>> {
  if (opts.studentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('refunds')
    .innerJoin('bookings', 'bookings.id', 'refunds.booking_id')
    .select(['refunds.student_id', sql<number>`coalesce(sum(refunds.amount_cents), 0)::int`.as('total')])
    .where('refunds.created_by_staff_id', '=', opts.staffId)
    .where((eb) => eb.or([eb('refunds.kind', '=', 'refund'), eb('bookings.status', '<>', 'cancelled')]))
    .where('refunds.student_id', 'in', opts.studentIds)
    .where('refunds.status', '<>', 'failed')
    .where('refunds.created_at', '>=', new Date(opts.now.getTime() - DAY_MS).toISOString())
    .groupBy('refunds.student_id')
    .execute();
  return new Map(rows.map((r) => [r.student_id, Number(r.total)]));
}

export interface LimitCheck {
  /** Set when the support cap refuses this refund for a role without refunds.execute. */
  supportCapMessage: string | null;
  /** One sentence per total that needs a second admin; empty: no approval needed. */
  approvalReasons: string[];
}

/** Pure: which cumulative total trips which limit. */
export function checkRefundLimits(
  amountCents: number,
  totals: RefundTotals,
  limits: { supportCapCents: number; approvalThresholdCents: number },
): LimitCheck {
  const bookingAfter = totals.bookingBeforeCents + amountCents;
  const supportCapMessage =
    bookingAfter > limits.supportCapCents
      ? `Your role may give a student up to ${formatCents(limits.supportCapCents)} back per booking, card or credit (an instructor's late-cancellation share does not count); on this booking the student would have ${formatCents(bookingAfter)} back (${formatCents(totals.bookingBeforeCents)} already + ${formatCents(amountCents)} now), which needs an admin (refunds.execute).`
      : null;
  const approvalReasons = [
    bookingApprovalReason(amountCents, totals.bookingBeforeCents, limits.approvalThresholdCents),
    staffApprovalReason(amountCents, totals.staffToStudentBeforeCents, limits.approvalThresholdCents),
  ].filter((r): r is string => r !== null);
  return { supportCapMessage, approvalReasons };
}

/** Why a booking's refunds, with `amountCents` more, need a second admin; null when they stay within the threshold. */
export function bookingApprovalReason(amountCents: number, beforeCents: number, thresholdCents: number): string | null {
  const after = beforeCents + amountCents;
  return after > thresholdCents
    ? `Needs a second admin: the student would have ${formatCents(after)} back on this booking (${formatCents(beforeCents)} already + ${formatCents(amountCents)} now), over the ${formatCents(thresholdCents)} approval threshold.`
    : null;
}

/** Why a staff member's refunds to one student over 24 hours, with `amountCents` more, need a second admin, or null. */
export function staffApprovalReason(amountCents: number, beforeCents: number, thresholdCents: number): string | null {
  const after = beforeCents + amountCents;
  return after > thresholdCents
    ? `Needs a second admin: you would have given this student ${formatCents(after)} back in the last 24 hours (${formatCents(beforeCents)} already + ${formatCents(amountCents)} now), over the ${formatCents(thresholdCents)} approval threshold.`
    : null;
}

/**
 * The approval limits of refunds.create, for the refunds a cancellation makes (force cancel, a student's suspension):
 * each booking's total, and per student this staff member's 24-hour total with all of this action's refunds to them,
 * so cancelling cannot walk around the limits that refunding would meet. Empty: no approval needed.
 */
export async function cancellationApprovalReasons(
  db: DbOrTx,
  refunds: ReadonlyArray<Pick<RefundComputation, 'bookingId' | 'studentId' | 'kind' | 'decision'>>,
  bookingBeforeCents: ReadonlyMap<string, number>,
  opts: { staffId: string; now: Date; approvalThresholdCents: number },
): Promise<string[]> {
  const reasons = refunds
    .map((r) =>
      bookingApprovalReason(
        givenBackBy(r, { cancelling: true }),
        bookingBeforeCents.get(r.bookingId) ?? 0,
        opts.approvalThresholdCents,
      ),
    )
    .filter((r): r is string => r !== null);
  const byStudent = new Map<string, number>();
  for (const r of refunds) byStudent.set(r.studentId, (byStudent.get(r.studentId) ?? 0) + givenBackBy(r, { cancelling: true }));
  const before = await loadStaffToStudentsCents(db, { staffId: opts.staffId, studentIds: [...byStudent.keys()], now: opts.now });
  for (const [studentId, cents] of byStudent) {
    const reason = staffApprovalReason(cents, before.get(studentId) ?? 0, opts.approvalThresholdCents);
    if (reason !== null) reasons.push(reason);
  }
  return reasons;
}
