import type { Db } from '@ops/db';
import {
  localDate,
  type AnalyticsPeriodInput,
  type Annotation,
  type CohortsReport,
  type FunnelReport,
  type ResolvedPeriod,
  type RevenueReport,
} from '@ops/shared';
import {
  byAnnotationDay,
  cohortsReport,
  deployAnnotations,
  funnelReport,
  periods,
  revenueReport,
  type ReportDeps,
} from './reports.js';
import { deepFreeze } from '../frozen.js';
import { shortLived, type ShortLived } from '../short-lived.js';
import { rollupVersion, type RollupVersion } from './rollups.js';

/**
 * The exec reports computed from the rollups are kept in process memory, per report, input and business day, with
 * the rollup version they were computed from. A request first reads the version (one small statement, see
 * rollupVersion, shared by the requests of the next ROLLUP_VERSION_TTL_MS): the entry's version serves the entry; any
 * other computes the report again, once, however many requests ask at the same time. Every rollup write moves the
 * version in its own transaction, so each replica serves the new rollups within that window; and since the version is
 * read before the rollups, a report is never older than the freshness it states — on this replica or any other.
 *
 * What is not a rollup is not cached with the report: deploy annotations are read apart (shared for the same short
 * window). A period ending today is compared up to the time of day its rollups were refreshed (figuresAsOf), which
 * moves with the version, so that part of a comparison day read live is as cacheable as the rest. Category and
 * service names come with the entry; a rename shows with the refresher's next pass (a minute at most).
 */

/** How long a replica answers from the rollup version and the deploys it last read: a new pass or deploy shows within this. */
export const ROLLUP_VERSION_TTL_MS = 500;

/** Entries per report kind and database handle; the one used longest ago goes first. */
export const REPORT_CACHE_ENTRIES = 200;

interface Entry<T> {
  version: string;
  value: Promise<T>;
}

/** A stored report with the deploys last put on it: the same object while neither changes. */
type WithDeploys<T> = WeakMap<T & object, { deploys: Annotation[]; report: T }>;

interface Caches {
  revenue: Map<string, Entry<RevenueReport>>;
  funnel: Map<string, Entry<FunnelReport>>;
  revenueWithDeploys: WithDeploys<RevenueReport>;
  funnelWithDeploys: WithDeploys<FunnelReport>;
  cohorts: Map<string, Entry<CohortsReport>>;
  version: ShortLived<RollupVersion>;
  deploys: ShortLived<Annotation[]>;
}

const cachesByDb = new WeakMap<Db, Caches>();

function cachesOf(db: Db): Caches {
  let caches = cachesByDb.get(db);
  if (!caches) {
    caches = {
      revenue: new Map(),
      funnel: new Map(),
      revenueWithDeploys: new WeakMap(),
      funnelWithDeploys: new WeakMap(),
      cohorts: new Map(),
      version: shortLived(ROLLUP_VERSION_TTL_MS),
      deploys: shortLived(ROLLUP_VERSION_TTL_MS),
    };
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
  const entry: Entry<T> = { version: version.key, value: compute().then(deepFreeze) };
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

/** The rollup version and the period's deploys, as read at most ROLLUP_VERSION_TTL_MS before this request. */
function versionOf(deps: ReportDeps): Promise<RollupVersion> {
  return cachesOf(deps.analytics).version(deps.timeZone, deps.now.getTime(), () => rollupVersion(deps.analytics, deps.timeZone));
}
function deploysOf(deps: ReportDeps, period: ResolvedPeriod): Promise<Annotation[]> {
  return cachesOf(deps.analytics).deploys(`${deps.timeZone}|${period.start}|${period.end}`, deps.now.getTime(), () =>
    deployAnnotations(deps, period),
  );
}

const keyOf = (deps: ReportDeps, input: unknown): string =>
  `${deps.timeZone}|${localDate(deps.now, deps.timeZone)}|${JSON.stringify(input)}`;

/**
 * The stored report with the deploys of its period as read now, in place of those it was computed with; frozen, and
 * the same object for as long as the report and the deploys read are the same (so it is serialised once).
 */
function withDeploys<T extends { annotations: Annotation[] }>(memo: WithDeploys<T>, report: T, deploys: Annotation[]): T {
  const known = memo.get(report);
  if (known?.deploys === deploys) return known.report;
  const fresh = deepFreeze({
    ...report,
    annotations: byAnnotationDay([...report.annotations.filter((a) => a.kind !== 'deploy'), ...deploys]),
  });
  memo.set(report, { deploys, report: fresh });
  return fresh;
}

/** revenueReport, from memory while the rollups are unchanged. */
export async function cachedRevenueReport(deps: ReportDeps, input: AnalyticsPeriodInput): Promise<RevenueReport> {
  const { period } = periods(deps, input);
  const [version, deploys] = await Promise.all([versionOf(deps), deploysOf(deps, period)]);
  const caches = cachesOf(deps.analytics);
  const report = await lookUp(caches.revenue, keyOf(deps, input), version, () =>
    revenueReport({ ...deps, asOf: version }, input),
  );
  return withDeploys(caches.revenueWithDeploys, report, deploys);
}

/** funnelReport, from memory while the rollups are unchanged. */
export async function cachedFunnelReport(deps: ReportDeps, input: AnalyticsPeriodInput): Promise<FunnelReport> {
  const { period } = periods(deps, input);
  const [version, deploys] = await Promise.all([versionOf(deps), deploysOf(deps, period)]);
  const caches = cachesOf(deps.analytics);
  const report = await lookUp(caches.funnel, keyOf(deps, input), version, () => funnelReport({ ...deps, asOf: version }, input));
  return withDeploys(caches.funnelWithDeploys, report, deploys);
}

/** cohortsReport, from memory while the rollups are unchanged. */
export async function cachedCohortsReport(deps: ReportDeps, months: number): Promise<CohortsReport> {
  const version = await versionOf(deps);
  return lookUp(cachesOf(deps.analytics).cohorts, keyOf(deps, months), version, () =>
    cohortsReport({ ...deps, asOf: version }, months),
  );
}
