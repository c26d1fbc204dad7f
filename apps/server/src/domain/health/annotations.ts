import type { Db } from '@ops/db';
import { shortSha, type ChartAnnotation } from '@ops/shared';

/** At most this many markers of each kind on one chart (the newest win); more would hide the line. */
export const ANNOTATION_LIMIT = 50;

/**
 * Deploys and admin actions within [start, end], as chart markers linking to the audit entry or the deploy. An admin
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
      .selectFrom('audit_log')
      .select(['id', 'occurred_at', 'action', 'actor_email', 'resource_type', 'resource_id'])
      .where('occurred_at', '>=', start.toISOString())
      .where('occurred_at', '<=', end.toISOString())
      .where('action', 'in', actions)
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(ANNOTATION_LIMIT)
      .execute(),
  ]);
  const out: ChartAnnotation[] = [
    ...deploys.map((d) => ({
      kind: 'deploy' as const,
      at: d.deployed_at,
      label: `Deploy ${d.service} ${d.version} (${shortSha(d.sha)})${d.deployed_by ? ` by ${d.deployed_by}` : ''}`,
      href: `/deploys#deploy-${d.id}`,
    })),
    ...audits.map((a) => ({
      kind: 'audit' as const,
      at: a.occurred_at,
      label: `${a.action} on ${a.resource_type} ${a.resource_id.slice(0, 8)} by ${a.actor_email}`,
      href: `/audit/${a.id}`,
    })),
  ];
  return out.sort((a, b) => a.at.localeCompare(b.at));
}
