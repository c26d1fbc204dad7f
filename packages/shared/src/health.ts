import { z } from 'zod';
import type { SourceStatus } from './common.js';
import { plural } from './labels.js';
import type { OverduePaymentRow } from './payments.js';

/**
 * The command center (feature word `health`): snapshot, metrics explorer and errors. Inputs are zod schemas the
 * web reuses; outputs are plain types (the server builds them from vendor clients and Postgres).
 */

/** Periods the metrics explorer offers; each maps to a range and a step that keeps charts near 200 points. */
export const METRIC_PERIODS = ['1h', '6h', '24h', '7d'] as const;
export type MetricPeriod = (typeof METRIC_PERIODS)[number];
export const METRIC_PERIOD_LABELS: Record<MetricPeriod, string> = {
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
};
export const METRIC_PERIOD_SECONDS: Record<MetricPeriod, number> = { '1h': 3_600, '6h': 21_600, '24h': 86_400, '7d': 604_800 };

export const metricsRangeInputSchema = z
  .object({
    metricId: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe("A named metric's id from the metric catalog, e.g. error_rate or latency_p99; give this or promql."),
    promql: z
      .string()
      .trim()
      .min(1, { message: 'PromQL is empty' })
      .max(4_000, { message: 'PromQL must be at most 4,000 characters' })
      .optional()
      .describe('A PromQL expression to chart instead of a named metric; give this or metricId.'),
    period: z
      .enum(METRIC_PERIODS, { message: `period must be one of ${METRIC_PERIODS.join(', ')}` })
      .default('24h')
      .describe(`How far back from now: ${METRIC_PERIODS.join(', ')} (24h when omitted).`),
  })
  .refine((v) => (v.metricId === undefined) !== (v.promql === undefined), {
    message: 'give either a catalog metric or a PromQL query (exactly one)',
    path: ['metricId'],
  });
export type MetricsRangeInput = z.input<typeof metricsRangeInputSchema>;

/**
 * Where the command center draws its error-rate lines (share of requests answered 5xx). The warning is the alerting
 * rule's threshold (the sample's HighErrorRate fires above it), so the page and the alert call the same rate a problem;
 * a firing rule over the error rate with another threshold is read from the rule itself.
 */
export const ERROR_RATE_THRESHOLDS = { warning: 0.02, critical: 0.05 } as const;

export const ERROR_SORTS = ['freq', 'user', 'new'] as const;
export type ErrorSort = (typeof ERROR_SORTS)[number];
export const ERROR_SORT_LABELS: Record<ErrorSort, string> = { freq: 'Most frequent', user: 'Most users', new: 'Newest' };
export const errorsTopInputSchema = z.object({
  sort: z
    .enum(ERROR_SORTS, { message: 'sort must be freq, user or new' })
    .default('freq')
    .describe('Which come first: freq (most events), user (most users affected) or new (newest); freq when omitted.'),
});
export const errorsIssueInputSchema = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[\w-]{1,64}$/, { message: 'id must be a Sentry issue id' })
    .describe("The Sentry issue's id, as the top errors list gives it."),
});

/** Overall verdict at the top of the command center. */
export const HEALTH_LEVELS = ['healthy', 'warning', 'critical'] as const;
export type HealthLevel = (typeof HEALTH_LEVELS)[number];

export interface HealthProblem {
  level: Exclude<HealthLevel, 'healthy'>;
  /** Short sentence a person reads first: "Error rate 6.2 % (over 5 %)". */
  message: string;
  /** Where to look next (a route in the console). */
  href: string | null;
}

export interface MetricReading {
  metricId: string;
  /** null when Prometheus returned no sample (nothing measured yet). */
  value: number | null;
}

export interface ErrorIssueSummary {
  id: string;
  shortId: string;
  title: string;
  culprit: string;
  level: string;
  count: number;
  userCount: number;
  /** Null when Sentry has not recorded it (it sends null). */
  firstSeen: string | null;
  lastSeen: string | null;
  project: string;
}

export interface FiringAlert {
  fingerprint: string;
  name: string;
  severity: string | null;
  summary: string | null;
  /** The rule's longer description, when it says more than the summary. */
  description: string | null;
  /** The rule's runbook (its `runbook_url` annotation), only when it is an http(s) address. */
  runbookUrl: string | null;
  /** The rule's PromQL, read from the alert's generatorURL, to chart in the metrics explorer. */
  expr: string | null;
  labels: Record<string, string>;
  startsAt: string;
  state: string;
  silencedBy: string[];
}

export interface DeployTargetState {
  name: string;
  up: boolean;
  /** True when the target gave no answer within the check's time: neither up nor known to be down. */
  unknown: boolean;
  sha: string | null;
  version: string | null;
  responseMs: number | null;
  error: string | null;
  /** True when this target runs another version than the majority. */
  drift: boolean;
}

export interface JobsHealth {
  queued: number;
  due: number;
  running: number;
  /** Failed jobs at any time (none runs again on its own: shared `jobNextRun`). */
  failed: number;
  /** Of those, the ones that finished at or after `failedSince` (now − 24 h, when read): the figure's link carries it. */
  failed24h: number;
  failedSince: string;
  dead: number;
  oldestDueSeconds: number | null;
  queues: Array<{ queue: string; queued: number; failed: number; dead: number }>;
}

export interface PaymentsHealth {
  authorizationsOverdue: number;
  capturesOverdue: number;
  overdueAmountCents: number;
  failures24h: number;
  pendingRefunds: number;
  pendingRefundsCents: number;
  /**
   * The longest-overdue payments, in the payments pipeline's row shape; the tile shows these and links to the
   * pipeline page, which lists them all.
   */
  overdue: OverduePaymentRow[];
  /** Refunds that need a person: stuck pending at Stripe, or failed and not redone since. */
  refundsNeedingAttention: { stuck: number; failed: number; items: RefundAttention[] };
}

/**
 * A refund on-call must look at: `stuck` is still pending at Stripe after several settle attempts or an hour (the
 * reconciler keeps asking, but money the student was promised is late); `failed` was refused (the bank returned it)
 * and nobody refunded the booking again since.
 */
export interface RefundAttention {
  kind: 'stuck' | 'failed';
  refundId: string;
  bookingId: string;
  shortId: string;
  amountCents: number;
  attempts: number;
  createdAt: string;
  /** Why it failed, in words (the refund's recorded error); null for a stuck one. */
  error: string | null;
}

/**
 * What is wrong with a refund needing a person, in words (lower case, to follow its subject): the command center's
 * line and the payments page's column say the same thing. A stuck refund no attempt has reached Stripe with yet is
 * not "pending at Stripe".
 */
export function refundProblem(r: Pick<RefundAttention, 'kind' | 'attempts' | 'error'>): string {
  if (r.kind === 'failed') return `failed: ${r.error ?? 'Stripe could not complete it'}`;
  return r.attempts === 0 ? 'not sent to Stripe yet' : `still pending at Stripe after ${plural(r.attempts, 'attempt')}`;
}

/**
 * Failed webhook events (not replayed since), split as the ledger's Retryable column splits them (shared
 * `failedMayRetry`): retryable ones a replay may fix, permanent ones a person reconciles by hand.
 */
export interface WebhooksHealth {
  /** Every failed event received at or after `since` (now − 24 h, when read): the figure's link carries it. */
  failed24h: number;
  /** Of those, the ones a replay may fix, and the permanent ones (failed24h = retryable24h + permanent24h). */
  retryable24h: number;
  permanent24h: number;
  since: string;
  /** Every failed event at any time. */
  failedTotal: number;
  bySource: Array<{ source: string; failed: number }>;
}

export interface PoolHealth {
  /** The window the sampler looks back over, and how many samples it holds (the snapshot's own run excluded). */
  windowSeconds: number;
  samples: number;
  pools: Array<{
    pool: string;
    size: number;
    inUse: number;
    waiting: number;
    max: number;
    peakWaiting: number;
    /** Share of the window's samples in which requests waited for a connection. */
    waitingShare: number;
    /** Requests waited through most of the window (not one busy moment). */
    saturated: boolean;
  }>;
}

export interface GrowthHealth {
  bookingsToday: number;
  bookingsYesterday: number;
  signupsToday: number;
  signupsYesterday: number;
  /** Yesterday's figures are counted up to the same time of day, so the comparison is fair before midnight. */
  comparedAt: string;
}

/** Axiom, read over the last hour: how much we log, and how many requests met the latency SLO. */
export interface LogsHealth {
  ingestPerSecond: number;
  ingestedLastHour: number;
  slo: { thresholdMs: number; target: number; share: number | null; total: number };
  slowest: Array<{ operation: string; p95Ms: number; calls: number }>;
}

/** The marketplace's Redis (broker and cache). */
export interface RedisHealth {
  version: string | null;
  usedMemoryBytes: number;
  /** 0 = no limit configured. */
  maxMemoryBytes: number;
  evictionPolicy: string | null;
  connectedClients: number;
  blockedClients: number;
  opsPerSecond: number;
  /** Keyspace hits / (hits + misses) since Redis started; null before any read. */
  hitRate: number | null;
  evictedKeys: number;
  queues: Array<{ name: string; length: number }>;
}

export interface StabilityHealth {
  /** Axiom: ingest, latency SLO, slowest operations. */
  logs: LogsHealth | null;
  errorRate: MetricReading | null;
  p99LatencySeconds: MetricReading | null;
  requestRate: MetricReading | null;
  topErrors: ErrorIssueSummary[] | null;
  alerts: FiringAlert[] | null;
  deploys: DeployTargetState[] | null;
}

export interface HealthSnapshot {
  generatedAt: string;
  /** Wall time of the whole fan-out, in milliseconds. */
  tookMs: number;
  overall: { level: HealthLevel; problems: HealthProblem[]; unavailable: string[] };
  sources: SourceStatus[];
  stability: StabilityHealth;
  money: { payments: PaymentsHealth | null; webhooks: WebhooksHealth | null };
  growth: GrowthHealth | null;
  operations: { jobs: JobsHealth | null; pool: PoolHealth | null; redis: RedisHealth | null };
}

/** A snapshot's readings when no source told anything: what a test starts from before adding the readings it judges. */
export const QUIET_HEALTH_READINGS: Omit<HealthSnapshot, 'overall' | 'tookMs' | 'generatedAt'> = {
  sources: [],
  stability: {
    logs: null,
    errorRate: null,
    p99LatencySeconds: null,
    requestRate: null,
    topErrors: null,
    alerts: null,
    deploys: null,
  },
  money: { payments: null, webhooks: null },
  growth: null,
  operations: { jobs: null, pool: null, redis: null },
};

export interface MetricCatalogEntry {
  id: string;
  name: string;
  description: string;
  promql: string;
  unit: string;
}

export interface MetricSeries {
  /** Label set rendered as `{job="api", route="/x"}` (or the metric name). */
  label: string;
  points: Array<{ t: number; v: number | null }>;
}

interface ChartMarkerBase {
  at: string;
  label: string;
  /** Where the marker links to: `/deploys?deploy=<id>` or `/audit/<id>`. */
  href: string;
}

/** A chart marker: a deploy (by its id) or an admin action (by its audit entry's id). */
export type ChartAnnotation =
  (ChartMarkerBase & { kind: 'deploy'; deployId: string }) | (ChartMarkerBase & { kind: 'audit'; auditId: number });

export type MetricsRangeResult =
  | {
      ok: true;
      promql: string;
      unit: string;
      startSeconds: number;
      endSeconds: number;
      stepSeconds: number;
      series: MetricSeries[];
      warnings: string[];
      annotations: ChartAnnotation[];
      source: SourceStatus;
    }
  | { ok: false; promql: string; error: string; errorType: string | null; source: SourceStatus; annotations: ChartAnnotation[] };

export interface StackFrame {
  filename: string;
  function: string | null;
  lineNo: number | null;
  colNo: number | null;
  inApp: boolean;
  /** Source lines around the frame: [lineNo, text]. */
  context: Array<[number, string]>;
}

export interface ErrorIssueDetail extends ErrorIssueSummary {
  permalink: string | null;
  latestEvent: {
    eventId: string;
    dateCreated: string | null;
    message: string;
    tags: Array<{ key: string; value: string }>;
    exceptions: Array<{ type: string; value: string; frames: StackFrame[] }>;
  } | null;
}
