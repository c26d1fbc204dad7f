import { sql } from 'kysely';
import type { DbOrTx } from '@ops/db';
import { toCsv } from '@ops/shared';

/** The tables of a person's export, in the order the archive lists them. */
export const EXPORT_TABLES = [
  'profile',
  'instructor_profile',
  'bookings',
  'payments',
  'refunds',
  'credits',
  'payouts',
  'notes',
  'notifications',
  'funnel_events',
  'search_events',
  'audit',
] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];
export type ExportRow = Record<string, unknown>;
export type ExportData = Record<ExportTable, ExportRow[]>;

/** Ids of the person's bookings, as student or instructor (the payments, refunds and audit rows hang off them). */
function bookingIds(db: DbOrTx, userId: string) {
  return db
    .selectFrom('bookings')
    .select('bookings.id')
    .where((eb) => eb.or([eb('bookings.student_id', '=', userId), eb('bookings.instructor_id', '=', userId)]));
}

/**
 * Audit rows about the person: rows whose resource is the person or one of their bookings (the same rows the
 * person's page lists), plus the redaction records of those rows.
 */
export function auditAboutPersonIds(db: DbOrTx, userId: string) {
  return db
    .selectFrom('audit_log as about_user')
    .select('about_user.id')
    .where('about_user.resource_type', 'in', ['user', 'student', 'instructor'])
    .where('about_user.resource_id', '=', userId)
    .unionAll(
      db
        .selectFrom('audit_log as about_booking')
        .select('about_booking.id')
        .where('about_booking.resource_type', '=', 'booking')
        .where(
          'about_booking.resource_id',
          'in',
          db
            .selectFrom('bookings')
            .select(sql<string>`bookings.id::text`.as('id'))
            .where((eb) => eb.or([eb('bookings.student_id', '=', userId), eb('bookings.instructor_id', '=', userId)])),
        ),
    );
}

/** How many rows an export would hold: decides between building it now and handing it to a job. */
export async function countPersonRows(db: DbOrTx, userId: string): Promise<number> {
  const r = await sql<{ n: number }>`
    select (
      (select count(*) from bookings where student_id = ${userId} or instructor_id = ${userId})
      + (select count(*) from payments where booking_id in (select id from bookings where student_id = ${userId} or instructor_id = ${userId}))
      + (select count(*) from credit_ledger where user_id = ${userId})
      + (select count(*) from booking_notes where user_id = ${userId})
      + (select count(*) from notifications where user_id = ${userId})
      + (select count(*) from funnel_events where user_id = ${userId})
      + (select count(*) from search_events where user_id = ${userId})
    )::int as n`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** Everything held about one person, table by table (one query per table, each by an indexed key). */
export async function collectPersonData(db: DbOrTx, userId: string): Promise<ExportData> {
  const [profile, instructorProfile, bookings, payments, refunds, credits, payouts, notes, notifications, funnel, search, audit] =
    await Promise.all([
      // Every column: a column added to users later is in the export without anyone remembering to list it.
      db.selectFrom('users').selectAll().where('id', '=', userId).execute(),
      db.selectFrom('instructor_profiles').selectAll().where('user_id', '=', userId).execute(),
      db
        .selectFrom('bookings')
        .selectAll()
        .where((eb) => eb.or([eb('student_id', '=', userId), eb('instructor_id', '=', userId)]))
        .orderBy('lesson_start')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('payments')
        .selectAll()
        .where('booking_id', 'in', bookingIds(db, userId))
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('refunds')
        .select([
          'id',
          'booking_id',
          'payment_id',
          'student_id',
          'amount_cents',
          'method',
          'policy_rule',
          'override_code',
          'reason',
          'status',
          'stripe_refund_id',
          'created_at',
          'settled_at',
        ])
        .where((eb) => eb.or([eb('student_id', '=', userId), eb('booking_id', 'in', bookingIds(db, userId))]))
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      db.selectFrom('credit_ledger').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute(),
      db.selectFrom('payouts').selectAll().where('instructor_id', '=', userId).orderBy('scheduled_for').orderBy('id').execute(),
      db.selectFrom('booking_notes').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute(),
      db
        .selectFrom('notifications')
        .select([
          'id',
          'booking_id',
          'campaign_id',
          'channel',
          'template',
          'subject',
          'body_text',
          'status',
          'to_address',
          'created_at',
          'sent_at',
        ])
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      db.selectFrom('funnel_events').selectAll().where('user_id', '=', userId).orderBy('occurred_at').orderBy('id').execute(),
      db.selectFrom('search_events').selectAll().where('user_id', '=', userId).orderBy('occurred_at').orderBy('id').execute(),
      db
        .selectFrom('audit_log')
        .select(['id', 'occurred_at', 'actor_email', 'action', 'resource_type', 'resource_id', 'before', 'after', 'reason'])
        .where('id', 'in', auditAboutPersonIds(db, userId))
        .orderBy('id')
        .execute(),
    ]);
  return {
    profile,
    instructor_profile: instructorProfile,
    bookings,
    payments,
    refunds,
    credits,
    payouts,
    notes,
    notifications,
    funnel_events: funnel,
    search_events: search,
    audit,
  };
}

/** One table as CSV: a header of every column, one line per row. */
export function tableToCsv(rows: ExportRow[]): string {
  const first = rows[0];
  if (!first) return '';
  const columns = Object.keys(first);
  return toCsv(
    columns,
    rows.map((r) => columns.map((c) => r[c])),
  );
}
