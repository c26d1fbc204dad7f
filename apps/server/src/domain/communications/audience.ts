import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, Db, DbOrTx } from '@ops/db';
import {
  activitySince,
  maskEmail,
  maskName,
  recipientVars,
  renderMessage,
  type Audience,
  type AudienceCounts,
  type AudiencePreview,
  type AudiencePreviewInput,
} from '@ops/shared';

/** The moment an audience is counted at, and the business time zone its day-long activity windows are in. */
export interface AudienceClock {
  now: Date;
  timeZone: string;
}

type UsersEb = ExpressionBuilder<Database & { u: Database['users'] }, 'u'>;

/**
 * The filters of an audience as one WHERE expression on `users as u` (no exclusions: see `eligible`). Activity
 * is "a booking created in the window" on the side the user is on (student_id for students, instructor_id for
 * instructors); "inactive 60 days" also needs the account to be older than 60 days, so a new signup is not
 * "inactive".
 */
export function audienceFilter(eb: UsersEb, audience: Audience, at: AudienceClock): Expression<SqlBool> {
  const conds: Array<Expression<SqlBool>> = [];
  if (audience.role === 'students') conds.push(eb('u.role', '=', 'student'));
  if (audience.role === 'instructors') conds.push(eb('u.role', '=', 'instructor'));
  for (const status of audience.statuses) {
    if (status === 'active') conds.push(eb('u.status', '=', 'active'));
    if (status === 'verified') conds.push(eb('u.verified_at', 'is not', null));
    if (status === 'founding') {
      conds.push(
        eb.exists(
          eb
            .selectFrom('instructor_profiles as ip')
            .select(sql.lit(1).as('one'))
            .whereRef('ip.user_id', '=', 'u.id')
            .where('ip.founding', '=', true),
        ),
      );
    }
  }
  if (audience.activity !== 'any') {
    const since = activitySince(audience.activity, at.now, at.timeZone);
    // A user booked when a booking names them on their own side: as the student, or as the instructor.
    const bookedAs = (role: 'student' | 'instructor', side: 'b.student_id' | 'b.instructor_id') =>
      eb.and([
        eb('u.role', '=', role),
        eb.exists(
          eb
            .selectFrom('bookings as b')
            .select(sql.lit(1).as('one'))
            .whereRef(side, '=', 'u.id')
            .where('b.created_at', '>=', since.toISOString()),
        ),
      ]);
    const bookedSince = eb.or([bookedAs('student', 'b.student_id'), bookedAs('instructor', 'b.instructor_id')]);
    if (audience.activity === 'booked_30d') conds.push(bookedSince);
    else conds.push(eb.and([eb.not(bookedSince), eb('u.created_at', '<', since.toISOString())]));
  }
  return eb.and(conds);
}

/** Who of the matched users may be messaged: active and not unsubscribed. */
export function eligible(eb: UsersEb): Expression<SqlBool> {
  return eb.and([eb('u.status', '=', 'active'), eb('u.marketing_opt_out', '=', false)]);
}

/** One query: how many match, how many receive it, and how many are excluded for each reason. */
export async function countAudience(db: DbOrTx, audience: Audience, at: AudienceClock): Promise<AudienceCounts> {
  const row = await db
    .selectFrom('users as u')
    .select([
      sql<number>`count(*)::int`.as('matched'),
      sql<number>`(count(*) filter (where u.status = 'active' and not u.marketing_opt_out))::int`.as('recipients'),
      sql<number>`(count(*) filter (where u.status = 'suspended'))::int`.as('excluded_suspended'),
      sql<number>`(count(*) filter (where u.status = 'deactivated'))::int`.as('excluded_deactivated'),
      sql<number>`(count(*) filter (where u.status = 'active' and u.marketing_opt_out))::int`.as('excluded_unsubscribed'),
    ])
    .where((eb) => audienceFilter(eb, audience, at))
    .executeTakeFirstOrThrow();
  return {
    matched: row.matched,
    recipients: row.recipients,
    excludedSuspended: row.excluded_suspended,
    excludedDeactivated: row.excluded_deactivated,
    excludedUnsubscribed: row.excluded_unsubscribed,
  };
}

export interface Recipient {
  id: string;
  role: string;
  email: string;
  firstName: string;
  lastName: string;
}

/** The next `limit` recipients after `afterId` (keyset by id), exclusions applied. */
export async function recipientsPage(
  db: DbOrTx,
  audience: Audience,
  at: AudienceClock,
  afterId: string | null,
  limit: number,
): Promise<Recipient[]> {
  let q = db
    .selectFrom('users as u')
    .select(['u.id', 'u.role', 'u.email', 'u.first_name', 'u.last_name'])
    .where((eb) => eb.and([audienceFilter(eb, audience, at), eligible(eb)]))
    .orderBy('u.id')
    .limit(limit);
  if (afterId !== null) q = q.where('u.id', '>', afterId);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, role: r.role, email: r.email, firstName: r.first_name, lastName: r.last_name }));
}

/** A masked sample of recipients for the preview. */
export async function sampleRecipients(db: Db | DbOrTx, audience: Audience, at: AudienceClock, limit = 5) {
  const rows = await recipientsPage(db, audience, at, null, limit);
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    displayName: maskName(r.firstName, r.lastName),
    maskedEmail: maskEmail(r.email),
    firstName: r.firstName,
    lastName: r.lastName,
  }));
}

/** The live panel beside the compose form: exact counts, a masked sample, the message for one real recipient. */
export async function previewAudience(
  db: DbOrTx,
  input: AudiencePreviewInput,
  at: AudienceClock,
  approvalThreshold: number,
): Promise<AudiencePreview> {
  const [counts, sample] = await Promise.all([
    countAudience(db, input.audience, at),
    sampleRecipients(db, input.audience, at, 5),
  ]);
  const first = sample[0];
  return {
    ...counts,
    sample: sample.map((s) => ({ id: s.id, displayName: s.displayName, maskedEmail: s.maskedEmail, role: s.role })),
    rendered:
      first && input.subject !== undefined && input.body !== undefined
        ? {
            recipient: maskName(first.firstName, first.lastName),
            ...renderMessage(input.subject, input.body, recipientVars(first.firstName, first.lastName)),
          }
        : null,
    requiresApproval: counts.recipients > approvalThreshold,
    approvalThreshold,
  };
}
