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

/** Request ids as our server writes them (`req_…`) or any id a proxy passes on: letters, digits and `._:-`. */
export const REQUEST_ID_PATTERN = /^[\w.:-]{1,200}$/;
/** An operation as our server and worker log it (`support.search`, `jobs.capturePayments`). */
export const OPERATION_PATTERN = /^[\w.:-]{1,200}$/;
/** A Sentry event id: 32 hex digits. */
export const SENTRY_EVENT_ID_PATTERN = /^[0-9a-f]{32}$/i;

/** How many lines one log search returns at most (the newest first) unless it asks for another limit. */
export const LOG_SEARCH_LIMIT = 200;

const id = (field: string) =>
  z
    .string()
    .trim()
    .regex(REQUEST_ID_PATTERN, { message: `${field} may hold letters, digits and . _ : - only` });

export const logsSearchInputSchema = z
  .object({
    period: z.enum(LOG_PERIODS, { message: `period must be one of ${LOG_PERIODS.join(', ')}` }).default('1h'),
    /** An explicit range wins over `period`. */
    from: z.iso.datetime({ message: 'from must be an ISO date-time', offset: true }).optional(),
    to: z.iso.datetime({ message: 'to must be an ISO date-time', offset: true }).optional(),
    level: z.enum(LOG_LEVELS, { message: `level must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
    route: z
      .string()
      .trim()
      .regex(/^\/[\w./:@-]{0,199}$/, { message: 'route must be a path such as /trpc/support.search' })
      .optional(),
    /** What a line logs for, API procedure or worker job alike: a worker's lines have no route, only this. */
    operation: z
      .string()
      .trim()
      .regex(OPERATION_PATTERN, { message: 'operation must be a name such as jobs.capturePayments' })
      .optional(),
    status: z.coerce
      .number({ message: 'status must be an HTTP status code' })
      .int({ message: 'status must be an HTTP status code' })
      .min(100, { message: 'status must be an HTTP status code' })
      .max(599, { message: 'status must be an HTTP status code' })
      .optional(),
    userId: id('userId').optional(),
    bookingId: id('bookingId').optional(),
    requestId: id('requestId').optional(),
    limit: z.number().int().min(1).max(500).default(LOG_SEARCH_LIMIT),
  })
  .refine((v) => !(v.from && v.to) || Date.parse(v.from) < Date.parse(v.to), {
    message: 'from must be before to',
    path: ['from'],
  });
export type LogsSearchInput = z.input<typeof logsSearchInputSchema>;

export const logsRequestInputSchema = z.object({ requestId: id('requestId') });
export const logsEventInputSchema = z.object({
  eventId: z.string().trim().regex(SENTRY_EVENT_ID_PATTERN, { message: 'eventId must be a Sentry event id (32 hex digits)' }),
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
