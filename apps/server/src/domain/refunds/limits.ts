import { sql } from 'kysely';
import { formatCents } from '@ops/shared';
import type { DbOrTx } from '@ops/db';

const DAY_MS = 24 * 3_600_000;

/** The totals a refund's limits are checked against, so a limit cannot be walked around by splitting a refund. */
export interface RefundTotals {
  /** What refunds (pending or settled, releases included) already took of this booking. */
  bookingBeforeCents: number;
  /** What this staff member refunded to this student in the last 24 hours, on any booking. */
  staffToStudentBeforeCents: number;
}

export async function loadStaffToStudentCents(
  db: DbOrTx,
  opts: { staffId: string; studentId: string; now: Date },
): Promise<number> {
  const row = await db
    .selectFrom('refunds')
    .select(sql<number>`coalesce(sum(amount_cents + instructor_payout_cents), 0)::int`.as('total'))
    .where('created_by_staff_id', '=', opts.staffId)
    .where('student_id', '=', opts.studentId)
    .where('status', '<>', 'failed')
    .where('created_at', '>=', new Date(opts.now.getTime() - DAY_MS).toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.total);
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
  const staffAfter = totals.staffToStudentBeforeCents + amountCents;
  const supportCapMessage =
    bookingAfter > limits.supportCapCents
      ? `Your role may refund up to ${formatCents(limits.supportCapCents)} per booking; this booking would reach ${formatCents(bookingAfter)} refunded (${formatCents(totals.bookingBeforeCents)} already + ${formatCents(amountCents)} now), which needs an admin (refunds.execute).`
      : null;
  const approvalReasons: string[] = [];
  if (bookingAfter > limits.approvalThresholdCents)
    approvalReasons.push(
      `Needs a second admin: the booking's refunds would total ${formatCents(bookingAfter)} (${formatCents(totals.bookingBeforeCents)} already + ${formatCents(amountCents)} now), over the ${formatCents(limits.approvalThresholdCents)} approval threshold.`,
    );
  if (staffAfter > limits.approvalThresholdCents)
    approvalReasons.push(
      `Needs a second admin: your refunds to this student in the last 24 hours would total ${formatCents(staffAfter)} (${formatCents(totals.staffToStudentBeforeCents)} already + ${formatCents(amountCents)} now), over the ${formatCents(limits.approvalThresholdCents)} approval threshold.`,
    );
  return { supportCapMessage, approvalReasons };
}
