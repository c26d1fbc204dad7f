import type { Db } from '@ops/db';
import {
  localDate,
  type AnalyticsPeriodInput,
  type Annotation,
  type CohortsReport,
  type FunnelReport,
  type RevenueReport,
} from '@ops/shared';
import {
  byAnnotationDay,
  cohortsReport,
  deployAnnotations,
  funnelReport,
  periods,
  revenueComparisonUntil,
  revenueReport,
  type ReportDeps,
} from './reports.js';
import { rollupVersion, type RollupVersion } from './rollups.js';

/**
 * The exec reports computed from the rollups are kept in process memory, per report, input and business day, with
 * the rollup version they were computed from. A request first reads the version (one small statement, see
 * rollupVersion): the entry's version serves the entry; any other computes the report again, once, however many
 * requests ask at the same time. Every rollup write moves the version in its own transaction, so each replica serves
 * the new rollups as soon as it can read them; and since the version is read before the rollups, a report is never
 * older than the freshness it states — on this replica or any other.
 *
 * What is not a rollup is not cached: deploy annotations are read on every request, and revenue for today against
 * yesterday by now (which reads part of the comparison day live) is computed every time. Category and service names
 * come with the entry; a rename shows with the refresher's next pass (a minute at most).
 */

/** Entries per report kind and database handle; the one used longest ago goes first. */
export const REPORT_CACHE_ENTRIES = 200;

interface Entry<T> {
  version: string;
  value: Promise<T>;
}

interface Caches {
  revenue: Map<string, Entry<RevenueReport>>;
  funnel: Map<string, Entry<FunnelReport>>;
  cohorts: Map<string, Entry<CohortsReport>>;
}

const cachesByDb = new WeakMap<Db, Caches>();

function cachesOf(db: Db): Caches {
  let caches = cachesByDb.get(db);
  if (!caches) {
    caches = { revenue: new Map(), funnel: new Map(), cohorts: new Map() };
    cachesByDb.set(db, caches);
  }
  return caches;
}

function lookUp<T>(cache: Map<string, Entry<T>>, key: string, version: RollupVersion, compute: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  // Re-inserted on every use: a Map keeps insertion order, so its first key is the one used longest ago.
  cache.delete(key);
  if (hit && hit.version === version.key) {
    cache.set(key, hit);
    return hit.value;
  }
  const entry: Entry<T> = { version: version.key, value: compute() };
  cache.set(key, entry);
  if (cache.size > REPORT_CACHE_ENTRIES) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  // A failed computation is not remembered.
  entry.value.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return entry.value;
}

const keyOf = (deps: ReportDeps, input: unknown): string =>
  `${deps.timeZone}|${localDate(deps.now, deps.timeZone)}|${JSON.stringify(input)}`;

/** The stored report with the deploys of its period as read now, in place of those it was computed with. */
function withDeploys<T extends { annotations: Annotation[] }>(report: T, deploys: Annotation[]): T {
  return { ...report, annotations: byAnnotationDay([...report.annotations.filter((a) => a.kind !== 'deploy'), ...deploys]) };
}

/** revenueReport, from memory while the rollups are unchanged. */
export async function cachedRevenueReport(deps: ReportDeps, input: AnalyticsPeriodInput): Promise<RevenueReport> {
  const { period, comparison } = periods(deps, input);
  const [version, deploys] = await Promise.all([rollupVersion(deps.analytics, deps.timeZone), deployAnnotations(deps, period)]);
  const compute = () => revenueReport({ ...deps, asOf: version }, input);
  if (revenueComparisonUntil(deps, period, comparison) !== null) return compute();
  return withDeploys(await lookUp(cachesOf(deps.analytics).revenue, keyOf(deps, input), version, compute), deploys);
}

/** funnelReport, from memory while the rollups are unchanged. */
export async function cachedFunnelReport(deps: ReportDeps, input: AnalyticsPeriodInput): Promise<FunnelReport> {
  const { period } = periods(deps, input);
  const [version, deploys] = await Promise.all([rollupVersion(deps.analytics, deps.timeZone), deployAnnotations(deps, period)]);
  const report = await lookUp(cachesOf(deps.analytics).funnel, keyOf(deps, input), version, () =>
    funnelReport({ ...deps, asOf: version }, input),
  );
  return withDeploys(report, deploys);
}

/** cohortsReport, from memory while the rollups are unchanged. */
export async function cachedCohortsReport(deps: ReportDeps, months: number): Promise<CohortsReport> {
  const version = await rollupVersion(deps.analytics, deps.timeZone);
  return lookUp(cachesOf(deps.analytics).cohorts, keyOf(deps, months), version, () =>
    cohortsReport({ ...deps, asOf: version }, months),
  );
}
