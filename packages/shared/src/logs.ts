import { z } from 'zod';
import type { SourceStatus } from './common.js';
import type { StackFrame } from './health.js';

/**
 * Logs & traces (feature word `logs`): an APL-backed log search, one request id stitched across our logs, the Sentry
 * events tagged with it and our own audit rows, and a Sentry event-id lookup.
 */
export const LOG_PERIODS = ['15m', '1h', '6h', '24h', '7d'] as const;
export type LogPeriod = (typeof LOG_PERIODS)[number];
export const LOG_PERIOD_MS: Record<LogPeriod, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
};
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * A request id as our server keeps it: the `x-request-id` a proxy passed on when it has this shape, else a UUID it
 * makes; the sample data's and Stripe's `req_…` ids have it too. 8 to 64 letters, digits, `_` and `-`: a word such as
 * "hello" is no request id, and a lookup says so instead of showing an empty trace.
 */
export const REQUEST_ID_PATTERN = /^[\w-]{8,64}$/;
/** A person's or a booking's id as a log line carries it: letters, digits and `._:-`. */
export const LOGGED_ID_PATTERN = /^[\w.:-]{1,200}$/;
/** An operation as our server and worker log it (`support.search`, `jobs.capturePayments`). */
export const OPERATION_PATTERN = /^[\w.:-]{1,200}$/;
/** A Sentry event id: 32 hex digits. */
export const SENTRY_EVENT_ID_PATTERN = /^[0-9a-f]{32}$/i;

/** How many lines one log search returns at most (the newest first) unless it asks for another limit. */
export const LOG_SEARCH_LIMIT = 200;

/**
 * The bounds of a "slower than" filter in milliseconds: above an hour no request is still one, and a job that long is
 * found by its operation.
 */
export const MIN_DURATION_MS_MAX = 3_600_000;
const MIN_DURATION_MESSAGE = `minDurationMs must be a whole number of milliseconds from 1 to ${MIN_DURATION_MS_MAX}`;

/** The window the command center reads the latency SLO over; its links open the logs page over the same range. */
export const LATENCY_SLO_PERIOD = '1h' satisfies LogPeriod;
/** The same window in words ("1 h"), for the sentences that say what the SLO was measured over. */
export const LATENCY_SLO_PERIOD_WORDS = LATENCY_SLO_PERIOD.replace(/^(\d+)(\w+)$/, '$1 $2');
/**
 * Below this many logged requests in the window the share within the threshold says little (one slow request of 38
 * moves it by 2.6 points against a 99 % target): the command center says there are too few to judge, not a miss.
 */
export const LATENCY_SLO_MIN_REQUESTS = 100;

const id = (field: string) =>
  z
    .string()
    .trim()
    .regex(LOGGED_ID_PATTERN, { message: `${field} may hold letters, digits and . _ : - only` });
const requestId = z.string().trim().regex(REQUEST_ID_PATTERN, {
  message: 'requestId must be a request id: 8 to 64 letters, digits, _ or - (req_… or a UUID)',
});

export const logsSearchInputSchema = z
  .object({
    period: z
      .enum(LOG_PERIODS, { message: `period must be one of ${LOG_PERIODS.join(', ')}` })
      .default('1h')
      .describe(`How far back from to (or now) to search when from is not given: ${LOG_PERIODS.join(', ')} (1h when omitted).`),
    /** An explicit range wins over `period`. */
    from: z.iso
      .datetime({ message: 'from must be an ISO date-time', offset: true })
      .optional()
      .describe('Start of the range, which wins over period: an ISO 8601 date-time with its offset, e.g. 2026-03-01T14:00:00Z.'),
    to: z.iso
      .datetime({ message: 'to must be an ISO date-time', offset: true })
      .optional()
      .describe('End of the range (now when omitted): an ISO 8601 date-time with its offset, e.g. 2026-03-01T15:00:00Z.'),
    level: z
      .enum(LOG_LEVELS, { message: `level must be one of ${LOG_LEVELS.join(', ')}` })
      .optional()
      .describe(`Only lines at exactly this level: ${LOG_LEVELS.join(', ')}.`),
    route: z
      .string()
      .trim()
      .regex(/^\/[\w./:@-]{0,199}$/, { message: 'route must be a path such as /trpc/support.search' })
      .optional()
      .describe("Only lines of requests to this path, e.g. /trpc/support.search (a worker's lines have none: use operation)."),
    /** What a line logs for, API procedure or worker job alike: a worker's lines have no route, only this. */
    operation: z
      .string()
      .trim()
      .regex(OPERATION_PATTERN, { message: 'operation must be a name such as jobs.capturePayments' })
      .optional()
      .describe('Only lines logged for this API procedure or worker job, e.g. support.search or jobs.capturePayments.'),
    status: z.coerce
      .number({ message: 'status must be an HTTP status code' })
      .int({ message: 'status must be an HTTP status code' })
      .min(100, { message: 'status must be an HTTP status code' })
      .max(599, { message: 'status must be an HTTP status code' })
      .optional()
      .describe('Only lines of responses with this HTTP status code, e.g. 500.'),
    userId: id('userId').optional().describe('Only lines about this person: their user id (a uuid).'),
    bookingId: id('bookingId').optional().describe('Only lines about this booking: its id (a uuid).'),
    requestId: requestId.optional().describe('Only lines of this request: its id, e.g. req_8f3k2j9d or a uuid.'),
    /** As the latency SLO counts: a request's finishing line (the one with its status), by its duration_ms. */
    minDurationMs: z.coerce
      .number({ message: MIN_DURATION_MESSAGE })
      .int({ message: MIN_DURATION_MESSAGE })
      .min(1, { message: MIN_DURATION_MESSAGE })
      .max(MIN_DURATION_MS_MAX, { message: MIN_DURATION_MESSAGE })
      .optional()
      .describe(
        `Only requests and jobs that took longer than this many milliseconds (1 to ${MIN_DURATION_MS_MAX}), each by the line that ends it (the one with its status): with the latency SLO's threshold, e.g. 500, exactly the requests that missed it.`,
      ),
    limit: z
      .number()
      .int()
      .min(1)
      .max(500)
      .default(LOG_SEARCH_LIMIT)
      .describe(`How many lines at most, newest first (1 to 500; ${LOG_SEARCH_LIMIT} when omitted).`),
  })
  .refine((v) => !(v.from && v.to) || Date.parse(v.from) < Date.parse(v.to), {
    message: 'from must be before to',
    path: ['from'],
  });
export type LogsSearchInput = z.input<typeof logsSearchInputSchema>;

/** The log search listing the requests that missed a latency SLO of `thresholdMs`: those slower than it, over its window. */
export function sloMissedSearch(thresholdMs: number): { period: LogPeriod; minDurationMs: number } {
  return { period: LATENCY_SLO_PERIOD, minDurationMs: thresholdMs };
}

/** That search as a link to the logs page. */
export function sloMissedHref(thresholdMs: number): string {
  const { period, minDurationMs } = sloMissedSearch(thresholdMs);
  return `/logs?${new URLSearchParams({ period, minDurationMs: String(minDurationMs) }).toString()}`;
}

export const logsRequestInputSchema = z.object({
  requestId: requestId.describe("The request's id (req_… or a uuid), from a log line, an audit entry or an error's tags."),
});
export const logsEventInputSchema = z.object({
  eventId: z
    .string()
    .trim()
    .regex(SENTRY_EVENT_ID_PATTERN, { message: 'eventId must be a Sentry event id (32 hex digits)' })
    .describe('The Sentry event id: 32 hex digits.'),
});

export interface LogLineView {
  time: string;
  level: string;
  message: string;
  service: string | null;
  operation: string | null;
  route: string | null;
  requestId: string | null;
  userId: string | null;
  bookingId: string | null;
  durationMs: number | null;
  status: number | null;
}

export interface LogsSearchResult {
  source: SourceStatus;
  range: { from: string; to: string };
  lines: LogLineView[] | null;
}

export interface SentryEventRefView {
  eventId: string;
  issueId: string | null;
  title: string;
  timestamp: string | null;
  project: string | null;
}

export interface AuditRefView {
  id: number;
  occurredAt: string;
  action: string;
  actorEmail: string;
  resourceType: string;
  resourceId: string;
  reason: string;
}

/** One request seen from every side: our logs, Sentry, our audit log. */
export interface RequestTrace {
  requestId: string;
  logs: { source: SourceStatus; lines: LogLineView[] | null };
  errors: { source: SourceStatus; events: SentryEventRefView[] | null };
  /** Null when the reader's role may not read the audit log. */
  audit: AuditRefView[] | null;
}

export interface SentryEventView {
  source: SourceStatus;
  event: {
    eventId: string;
    issueId: string;
    projectSlug: string;
    title: string;
    message: string;
    dateCreated: string | null;
    requestId: string | null;
    tags: Array<{ key: string; value: string }>;
    exceptions: Array<{ type: string; value: string; frames: StackFrame[] }>;
  } | null;
}
