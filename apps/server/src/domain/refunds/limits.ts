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

/**
 * What one staff member gave one student back over the 24 hours before now: refunds (card or credit, pending or
 * settled) and credit added by hand. One total measures both, so refunds and credit cannot each fill a threshold of
 * their own.
 */
export interface GivenBackByStaff {
  refundedCents: number;
  creditAddedCents: number;
}

const NOTHING_GIVEN: GivenBackByStaff = { refundedCents: 0, creditAddedCents: 0 };

export const givenBackTotal = (g: GivenBackByStaff): number => g.refundedCents + g.creditAddedCents;

/** The totals a refund's limits are checked against, so a limit cannot be walked around by splitting a refund. */
export interface RefundTotals {
  /** What refunds (pending or settled) already gave the student back on this booking. */
  bookingBeforeCents: number;
  /** What this staff member gave this student back in the last 24 hours, on any booking or by hand. */
  staffToStudentBefore: GivenBackByStaff;
}

/**
 * Serialises every path that gives one student money back on behalf of one staff member (a refund, credit added by
 * hand, a force cancel, a student's suspension), so two concurrent requests cannot both read the 24-hour total before
 * the other's and split the approval threshold between them. Taken in the execute transaction before any row lock
 * (see `lockGivenBackOnBooking`), so it cannot close a lock cycle with the row locks those paths take; released at
 * commit.
 */
export async function lockGivenBack(tx: DbOrTx, opts: { staffId: string; studentIds: readonly string[] }): Promise<void> {
  if (opts.studentIds.length === 0) return;
  // In one order whatever the caller's, so two transactions locking several students cannot deadlock.
  const ids = [...new Set(opts.studentIds)].sort();
  // Cast through uuid so the key is the id as the database spells it, as `lockGivenBackOnBooking` reads it.
  await sql`select pg_advisory_xact_lock(hashtext(${opts.staffId}), hashtext(s.id::text))
    from (select unnest(array[${sql.join(ids)}]::uuid[]) as id order by 1) s`.execute(tx);
}

/** `lockGivenBack` for the student of a booking (read without a row lock: a booking's student never changes). */
export async function lockGivenBackOnBooking(tx: DbOrTx, opts: { staffId: string; bookingId: string }): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${opts.staffId}), hashtext(student_id::text))
    from bookings where id = ${opts.bookingId}`.execute(tx);
}

/** The 24-hour total of money one staff member gave one student back (read it under `lockGivenBack` to act on it). */
export async function loadGivenBackByStaff(
  db: DbOrTx,
  opts: { staffId: string; studentId: string; now: Date },
): Promise<GivenBackByStaff> {
  const totals = await loadGivenBackToStudents(db, { ...opts, studentIds: [opts.studentId] });
  return totals.get(opts.studentId) ?? NOTHING_GIVEN;
}

/** The same 24-hour totals for several students at once, in a fixed number of queries (a student with none: 0). */
async function loadGivenBackToStudents(
  db: DbOrTx,
  opts: { staffId: string; studentIds: string[]; now: Date },
): Promise<Map<string, GivenBackByStaff>> {
  if (opts.studentIds.length === 0) return new Map();
  const studentIds = [...new Set(opts.studentIds)];
  const since = new Date(opts.now.getTime() - DAY_MS).toISOString();
  const [refunds, credits] = await Promise.all([
    db
      .selectFrom('refunds')
      .innerJoin('bookings', 'bookings.id', 'refunds.booking_id')
      .select(['refunds.student_id', sql<number>`coalesce(sum(refunds.amount_cents), 0)::int`.as('total')])
      .where('refunds.created_by_staff_id', '=', opts.staffId)
      .where((eb) => eb.or([eb('refunds.kind', '=', 'refund'), eb('bookings.status', '<>', 'cancelled')]))
      .where('refunds.student_id', 'in', studentIds)
      .where('refunds.status', '<>', 'failed')
      .where('refunds.created_at', '>=', since)
      .groupBy('refunds.student_id')
      .execute(),
    // Credit added by hand: positive adjustments (a credit refund's ledger entry is of kind `refund`, counted above).
    db
      .selectFrom('credit_ledger')
      .select(['user_id', sql<number>`coalesce(sum(amount_cents), 0)::int`.as('total')])
      .where('user_id', 'in', studentIds)
      .where('created_by_staff_id', '=', opts.staffId)
      .where('kind', '=', 'adjustment')
      .where('amount_cents', '>', 0)
      .where('created_at', '>=', since)
      .groupBy('user_id')
      .execute(),
  ]);
  const out = new Map<string, GivenBackByStaff>();
  for (const r of refunds) out.set(r.student_id, { ...NOTHING_GIVEN, refundedCents: Number(r.total) });
  for (const c of credits) out.set(c.user_id, { ...(out.get(c.user_id) ?? NOTHING_GIVEN), creditAddedCents: Number(c.total) });
  return out;
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
  studentName: string,
): LimitCheck {
  const bookingAfter = totals.bookingBeforeCents + amountCents;
  const supportCapMessage =
    bookingAfter > limits.supportCapCents
      ? `Your role may give a student up to ${formatCents(limits.supportCapCents)} back per booking, card or credit (an instructor's late-cancellation share does not count); on this booking the student would have ${formatCents(bookingAfter)} back (${formatCents(totals.bookingBeforeCents)} already + ${formatCents(amountCents)} now), which needs an admin (refunds.execute).`
      : null;
  const approvalReasons = [
    bookingApprovalReason(amountCents, totals.bookingBeforeCents, limits.approvalThresholdCents),
    staffApprovalReason(amountCents, totals.staffToStudentBefore, limits.approvalThresholdCents, studentName),
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

/** "$300.00 refunded, $195.00 of credit added by hand": what an earlier total was made of; empty when nothing. */
function givenBackParts(g: GivenBackByStaff): string {
  const parts = [
    ...(g.refundedCents > 0 ? [`${formatCents(g.refundedCents)} refunded`] : []),
    ...(g.creditAddedCents > 0 ? [`${formatCents(g.creditAddedCents)} of credit added by hand`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * Why what a staff member gave one student back over 24 hours — refunds and credit added by hand, one total — with
 * `amountCents` more, needs a second admin; null when it stays within the threshold. Refunds and credit both ask it.
 */
export function staffApprovalReason(
  amountCents: number,
  before: GivenBackByStaff,
  thresholdCents: number,
  studentName: string,
): string | null {
  const beforeCents = givenBackTotal(before);
  const after = beforeCents + amountCents;
  return after > thresholdCents
    ? `Needs a second admin: ${formatCents(beforeCents)} already given back to ${studentName} by you in the last 24 hours${givenBackParts(before)} + ${formatCents(amountCents)} now = ${formatCents(after)}, over the ${formatCents(thresholdCents)} approval threshold (refunds and credit added by hand count together).`
    : null;
}

/**
 * The approval limits of refunds.create, for the refunds a cancellation makes (force cancel, a student's suspension):
 * each booking's total, and per student this staff member's 24-hour total with all of this action's refunds to them,
 * so cancelling cannot walk around the limits that refunding would meet. Empty: no approval needed.
 */
export async function cancellationApprovalReasons(
  db: DbOrTx,
  refunds: ReadonlyArray<Pick<RefundComputation, 'bookingId' | 'studentId' | 'studentName' | 'kind' | 'decision'>>,
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
  const byStudent = new Map<string, { cents: number; name: string }>();
  for (const r of refunds) {
    const cents = (byStudent.get(r.studentId)?.cents ?? 0) + givenBackBy(r, { cancelling: true });
    byStudent.set(r.studentId, { cents, name: r.studentName });
  }
  const before = await loadGivenBackToStudents(db, {
    staffId: opts.staffId,
    studentIds: [...byStudent.keys()],
    now: opts.now,
  });
  for (const [studentId, { cents, name }] of byStudent) {
    const reason = staffApprovalReason(cents, before.get(studentId) ?? NOTHING_GIVEN, opts.approvalThresholdCents, name);
    if (reason !== null) reasons.push(reason);
  }
  return reasons;
}
