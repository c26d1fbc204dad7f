import { sql } from 'kysely';
import type { Db } from '@ops/db';
import {
  parseTargetName,
  type DeployHistoryRow,
  type DeployTargetRow,
  type DeployTargetState,
  type DeploysOverview,
  type SourceStatus,
} from '@ops/shared';
import type { Services } from '../../context.js';
import { readDeploys } from '../health/vendor-reads.js';

const DAY_MS = 86_400_000;

/** Each service's last recorded deploy (one DISTINCT ON read over the deploys time index). */
export async function latestDeploys(db: Db): Promise<Map<string, { version: string; sha: string; deployedAt: string }>> {
  const rows = await db
    .selectFrom('deploys')
    .select(['service', 'version', 'sha', 'deployed_at'])
    .distinctOn('service')
    .orderBy('service')
    .orderBy('deployed_at', 'desc')
    .execute();
  return new Map(
    rows.map((r) => [r.service, { version: r.version, sha: r.sha, deployedAt: new Date(r.deployed_at).toISOString() }]),
  );
}

/**
 * Drift against the deploy history: a production target that runs something other than its service's last
 * recorded deploy is drifting. Without a recorded deploy, a target drifts when it differs from most targets of its
 * own environment (a preview build is not drift from production).
 */
export function withRecordedDrift(
  targets: DeployTargetState[],
  latest: Map<string, { version: string; sha: string; deployedAt: string }>,
): DeployTargetRow[] {
  const key = (t: { version: string | null; sha: string | null }) => `${t.version ?? ''}@${t.sha ?? ''}`;
  const named = targets.map((t) => ({ ...t, ...parseTargetName(t.name) }));
  const majority = new Map<string, string>();
  for (const env of new Set(named.map((t) => t.environment))) {
    const tally = new Map<string, number>();
    for (const t of named)
      if (t.environment === env && (t.version !== null || t.sha !== null)) tally.set(key(t), (tally.get(key(t)) ?? 0) + 1);
    let best: [string, number] | null = null;
    for (const entry of tally) if (!best || entry[1] > best[1]) best = entry;
    if (best) majority.set(env, best[0]);
  }
  return named.map((t) => {
    const expected = t.environment === 'production' ? (latest.get(t.service) ?? null) : null;
    const answered = t.version !== null || t.sha !== null;
    const drift =
      !t.up || !answered
        ? false
        : expected
          ? !(t.version === expected.version || (t.sha !== null && t.sha === expected.sha))
          : majority.get(t.environment) !== undefined && majority.get(t.environment) !== key(t);
    return { ...t, drift, expected };
  });
}

export async function deploysOverview(services: Services): Promise<{ source: SourceStatus; overview: DeploysOverview }> {
  const since = new Date(services.now().getTime() - 30 * DAY_MS).toISOString();
  const [check, latest, history] = await Promise.all([
    readDeploys(services.integrations, services.config.SOURCE_TIMEOUT_MS),
    latestDeploys(services.dbs.api),
    services.dbs.api
      .selectFrom('deploys')
      .select(['id', 'service', 'version', 'sha', 'deployed_at', 'deployed_by'])
      .where('deployed_at', '>=', since)
      .orderBy('deployed_at', 'desc')
      .orderBy(sql`id`)
      .limit(200)
      .execute(),
  ]);
  const rows = withRecordedDrift(check.data ?? [], latest);
  const environments = [...new Set(rows.map((r) => r.environment))]
    .sort((a, b) => (a === 'production' ? -1 : b === 'production' ? 1 : a.localeCompare(b)))
    .map((environment) => ({ environment, targets: rows.filter((r) => r.environment === environment) }));
  return {
    source: check.status,
    overview: {
      environments,
      history: history.map((d): DeployHistoryRow => ({
        id: d.id,
        service: d.service,
        version: d.version,
        sha: d.sha,
        deployedAt: new Date(d.deployed_at).toISOString(),
        deployedBy: d.deployed_by,
      })),
    },
  };
}
