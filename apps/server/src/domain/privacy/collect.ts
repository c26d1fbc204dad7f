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

/**
 * The query of each table of the export, by an indexed key: what the archive holds and what the row count before it
 * counts are the same queries, so the two cannot disagree.
 */
function exportQueries(db: DbOrTx, userId: string) {
  return {
    // Every column: a column added to users later is in the export without anyone remembering to list it.
    profile: db.selectFrom('users').selectAll().where('id', '=', userId),
    instructor_profile: db.selectFrom('instructor_profiles').selectAll().where('user_id', '=', userId),
    bookings: db
      .selectFrom('bookings')
      .selectAll()
      .where((eb) => eb.or([eb('student_id', '=', userId), eb('instructor_id', '=', userId)]))
      .orderBy('lesson_start')
      .orderBy('id'),
    payments: db
      .selectFrom('payments')
      .selectAll()
      .where('booking_id', 'in', bookingIds(db, userId))
      .orderBy('created_at')
      .orderBy('id'),
    refunds: db
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
      .orderBy('id'),
    credits: db.selectFrom('credit_ledger').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id'),
    payouts: db.selectFrom('payouts').selectAll().where('instructor_id', '=', userId).orderBy('scheduled_for').orderBy('id'),
    notes: db.selectFrom('booking_notes').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id'),
    notifications: db
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
      .orderBy('id'),
    funnel_events: db.selectFrom('funnel_events').selectAll().where('user_id', '=', userId).orderBy('occurred_at').orderBy('id'),
    search_events: db.selectFrom('search_events').selectAll().where('user_id', '=', userId).orderBy('occurred_at').orderBy('id'),
    audit: db
      .selectFrom('audit_log')
      .select(['id', 'occurred_at', 'actor_email', 'action', 'resource_type', 'resource_id', 'before', 'after', 'reason'])
      .where('id', 'in', auditAboutPersonIds(db, userId))
      .orderBy('id'),
  } satisfies Record<ExportTable, unknown>;
}

/**
 * How many rows an export would hold, in one statement: the sum of every table's rows, as the manifest lists them.
 * Decides between building the archive now and handing it to a job.
 */
export async function countPersonRows(db: DbOrTx, userId: string): Promise<number> {
  const queries = exportQueries(db, userId);
  const counts = EXPORT_TABLES.map((t) => sql`(select count(*) from (${queries[t]}) as ${sql.ref(t)})`);
  const r = await sql<{ n: number }>`select (${sql.join(counts, sql` + `)})::int as n`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** Everything held about one person, table by table (one query per table, each by an indexed key). */
export async function collectPersonData(db: DbOrTx, userId: string): Promise<ExportData> {
  const q = exportQueries(db, userId);
  const [profile, instructorProfile, bookings, payments, refunds, credits, payouts, notes, notifications, funnel, search, audit] =
    await Promise.all([
      q.profile.execute(),
      q.instructor_profile.execute(),
      q.bookings.execute(),
      q.payments.execute(),
      q.refunds.execute(),
      q.credits.execute(),
      q.payouts.execute(),
      q.notes.execute(),
      q.notifications.execute(),
      q.funnel_events.execute(),
      q.search_events.execute(),
      q.audit.execute(),
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
