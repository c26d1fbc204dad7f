import { sql } from 'kysely';
import { localDate, maskEmail, maskName, startOfDayInstant, type InstructorDetail } from '@ops/shared';
import type { DbOrTx } from '@ops/db';
import { DomainError } from '../errors.js';

export interface InstructorRow {
  id: string;
  firstName: string;
  lastName: string;
  displayName: string;
  status: 'active' | 'suspended' | 'deactivated';
  backgroundCheckStatus: string;
  verificationOverride: boolean;
  commissionTier: 'standard' | 'preferred' | 'founding';
  payoutHold: boolean;
  erasedAt: string | null;
}

/** One instructor's user row joined to their profile (`p`); the caller picks the columns. */
function instructorById(db: DbOrTx, userId: string) {
  return db
    .selectFrom('users')
    .innerJoin('instructor_profiles as p', 'p.user_id', 'users.id')
    .where('users.id', '=', userId)
    .where('users.role', '=', 'instructor');
}

/** The instructor's user and profile rows (locked with `lock`). */
export async function loadInstructor(db: DbOrTx, userId: string, lock: boolean): Promise<InstructorRow> {
  let q = instructorById(db, userId).select([
    'users.id',
    'users.first_name',
    'users.last_name',
    'users.status',
    'p.background_check_status',
    'p.verification_override',
    'p.commission_tier',
    'p.payout_hold',
    'users.erased_at',
  ]);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'userId: no such instructor');
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    displayName: maskName(row.first_name, row.last_name),
    status: row.status,
    backgroundCheckStatus: row.background_check_status,
    verificationOverride: row.verification_override,
    commissionTier: row.commission_tier,
    payoutHold: row.payout_hold,
    erasedAt: row.erased_at,
  };
}

export async function loadPayouts(db: DbOrTx, instructorId: string, statuses: Array<'pending' | 'held'>, lock: boolean) {
  let q = db
    .selectFrom('payouts')
    .select(['id', 'amount_cents', 'status'])
    .where('instructor_id', '=', instructorId)
    .where('status', 'in', statuses)
    .orderBy('id');
  if (lock) q = q.forUpdate();
  return q.execute();
}

/**
 * The instant from which a payout still pending is overdue: the start of today in the business time zone. A payout
 * is due on the business day it is scheduled for, at any hour of it, so it is late only once that whole day has
 * passed (scheduled for 17:00 today: not overdue at 17:02, overdue from midnight).
 */
export function payoutsOverdueBefore(now: Date, timeZone: string): Date {
  return startOfDayInstant(localDate(now, timeZone), timeZone);
}

/**
 * An instructor's payouts, latest scheduled first, under the names the pages show: the instructor page and the
 * user 360 list the same rows (the 360 adds when each was paid); the caller sets the limit. A pending payout whose
 * business day has passed is overdue (payoutsOverdueBefore): money that should have gone out.
 */
export function instructorPayoutsQuery(db: DbOrTx, instructorId: string, now: Date, timeZone: string) {
  const overdueBefore = payoutsOverdueBefore(now, timeZone).toISOString();
  return db
    .selectFrom('payouts')
    .select([
      'id',
      'booking_id as bookingId',
      'amount_cents as amountCents',
      'status',
      'scheduled_for as scheduledFor',
      'hold_reason as holdReason',
      sql<boolean>`status = 'pending' and scheduled_for < ${overdueBefore}::timestamptz`.as('overdue'),
    ])
    .where('instructor_id', '=', instructorId)
    .orderBy('scheduled_for', 'desc')
    .orderBy('id', 'desc');
}

export async function instructorDetail(db: DbOrTx, userId: string, now: Date, timeZone: string): Promise<InstructorDetail> {
  const [user, upcoming, recent, payouts, totals] = await Promise.all([
    instructorById(db, userId)
      .select([
        'users.id',
        'users.first_name',
        'users.last_name',
        'users.email',
        'users.status',
        'users.suspended_at',
        'users.suspension_reason',
        'p.background_check_status',
        'p.verification_override',
        'p.verification_override_reason',
        'p.commission_tier',
        'p.payout_hold',
        'p.payout_hold_reason',
      ])
      .executeTakeFirst(),
    bookingRows(db, userId)
      .where('b.lesson_start', '>', now.toISOString())
      .where('b.status', 'in', ['pending', 'confirmed'])
      .orderBy('b.lesson_start')
      .limit(50)
      .execute(),
    bookingRows(db, userId)
      .where('b.lesson_start', '<=', now.toISOString())
      .orderBy('b.lesson_start', 'desc')
      .limit(20)
      .execute(),
    instructorPayoutsQuery(db, userId, now, timeZone).limit(50).execute(),
    db
      .selectFrom('payouts')
      .select([
        sql<number>`coalesce(sum(amount_cents) filter (where status = 'pending'), 0)::int`.as('pending'),
        sql<number>`coalesce(sum(amount_cents) filter (where status = 'held'), 0)::int`.as('held'),
      ])
      .where('instructor_id', '=', userId)
      .executeTakeFirstOrThrow(),
  ]);
  if (!user) throw new DomainError('NOT_FOUND', 'No such instructor');
  const toRow = (b: (typeof upcoming)[number]) => ({
    id: b.id,
    shortId: b.short_id,
    status: b.status,
    lessonStart: b.lesson_start,
    priceCents: b.price_cents,
    studentName: maskName(b.first_name, b.last_name),
  });
  return {
    id: user.id,
    displayName: maskName(user.first_name, user.last_name),
    maskedEmail: maskEmail(user.email),
    status: user.status,
    suspendedAt: user.suspended_at,
    suspensionReason: user.suspension_reason,
    backgroundCheckStatus: user.background_check_status,
    verificationOverride: user.verification_override,
    verificationOverrideReason: user.verification_override_reason,
    commissionTier: user.commission_tier,
    payoutHold: user.payout_hold,
    payoutHoldReason: user.payout_hold_reason,
    upcomingBookings: upcoming.map(toRow),
    recentBookings: recent.map(toRow),
    payouts,
    pendingPayoutCents: totals.pending,
    heldPayoutCents: totals.held,
  };
}

function bookingRows(db: DbOrTx, instructorId: string) {
  return db
    .selectFrom('bookings as b')
    .innerJoin('users as s', 's.id', 'b.student_id')
    .select(['b.id', 'b.short_id', 'b.status', 'b.lesson_start', 'b.price_cents', 's.first_name', 's.last_name'])
    .where('b.instructor_id', '=', instructorId);
}
