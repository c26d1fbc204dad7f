import { sql } from 'kysely';
import type { Db } from '@ops/db';
import { shortSha, type ChartAnnotation } from '@ops/shared';

/** At most this many markers of each kind on one chart (the newest win); more would hide the line. */
export const ANNOTATION_LIMIT = 50;

/**
 * Deploys and admin actions within [start, end], as chart markers linking to the audit entry or the deploy (the
 * deploys page marks the one its `deploy` search param names). An admin
 * action is one of `actions`, the console's preview/confirm actions (refunds, suspensions, replays, silences…): what
 * can move a metric. Sign-ins, reveals and notes are audited too, but marking them would bury those under the staff's
 * day. Two indexed range reads (deployed_at, occurred_at), newest first, capped.
 */
export async function chartAnnotations(db: Db, start: Date, end: Date, actions: readonly string[]): Promise<ChartAnnotation[]> {
  if (actions.length === 0) throw new Error('chartAnnotations needs the list of actions to mark');
  const [deploys, audits] = await Promise.all([
    db
      .selectFrom('deploys')
      .select(['id', 'service', 'version', 'sha', 'deployed_at', 'deployed_by'])
      .where('deployed_at', '>=', start.toISOString())
      .where('deployed_at', '<=', end.toISOString())
      .orderBy('deployed_at', 'desc')
      .limit(ANNOTATION_LIMIT)
      .execute(),
    db
      .selectFrom('audit_log as a')
      // A booking is named by its short id, as people quote it (its uuid's first characters name nothing).
      .leftJoin('bookings as b', (join) =>
        join.on((eb) =>
          eb.and([eb('a.resource_type', '=', 'booking'), eb(sql<string>`b.id::text`, '=', eb.ref('a.resource_id'))]),
        ),
      )
      .select(['a.id', 'a.occurred_at', 'a.action', 'a.actor_email', 'a.resource_type', 'a.resource_id', 'b.short_id'])
      .where('a.occurred_at', '>=', start.toISOString())
      .where('a.occurred_at', '<=', end.toISOString())
      .where('a.action', 'in', actions)
      .orderBy('a.occurred_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(ANNOTATION_LIMIT)
      .execute(),
  ]);
  const out: ChartAnnotation[] = [
    ...deploys.map((d) => ({
      kind: 'deploy' as const,
      at: d.deployed_at,
      deployId: d.id,
      label: `Deploy ${d.service} ${d.version} (${shortSha(d.sha)})${d.deployed_by ? ` by ${d.deployed_by}` : ''}`,
      href: `/deploys?deploy=${encodeURIComponent(d.id)}`,
    })),
    ...audits.map((a) => ({
      kind: 'audit' as const,
      at: a.occurred_at,
      auditId: a.id,
      // Every other resource by its whole id or name (an alert's name cut short named another alert, or none).
      label: `${a.action} on ${a.resource_type} ${a.short_id ?? a.resource_id} by ${a.actor_email}`,
      href: `/audit/${a.id}`,
    })),
  ];
  return out.sort((a, b) => a.at.localeCompare(b.at));
}
