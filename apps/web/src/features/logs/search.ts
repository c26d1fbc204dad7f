import { z } from 'zod';
import {
  LOG_LEVELS,
  LOG_PERIODS,
  LOGGED_ID_PATTERN,
  MIN_DURATION_MS_MAX,
  OPERATION_PATTERN,
  REQUEST_ID_PATTERN,
  SENTRY_EVENT_ID_PATTERN,
  type LogsSearchInput,
} from '@ops/shared';

/** The logs page's URL: every search, request trace and event lookup is a link someone can paste into a ticket. */
export const logsSearchSchema = z.object({
  period: z.enum(LOG_PERIODS).optional().catch(undefined),
  level: z.enum(LOG_LEVELS).optional().catch(undefined),
  route: z
    .string()
    .regex(/^\/[\w./:@-]{0,199}$/)
    .optional()
    .catch(undefined),
  operation: z.string().regex(OPERATION_PATTERN).optional().catch(undefined),
  status: z.coerce.number().int().min(100).max(599).optional().catch(undefined),
  userId: z.string().regex(LOGGED_ID_PATTERN).optional().catch(undefined),
  bookingId: z.string().regex(LOGGED_ID_PATTERN).optional().catch(undefined),
  minDurationMs: z.coerce.number().int().min(1).max(MIN_DURATION_MS_MAX).optional().catch(undefined),
  requestId: z.string().regex(REQUEST_ID_PATTERN).optional().catch(undefined),
  eventId: z.string().regex(SENTRY_EVENT_ID_PATTERN).optional().catch(undefined),
});
export type LogsSearch = z.infer<typeof logsSearchSchema>;

/** The search request of the page's filters: the last hour unless a range is set. */
export function logsSearchInput(s: LogsSearch): LogsSearchInput {
  return { ...logsSearchOnly(s), period: s.period ?? '1h' };
}

/**
 * The search's filters (range, level, status, user, booking, duration), for a drill-down that sets its own route or
 * operation.
 */
export function logsFilters(s: LogsSearch): LogsSearch {
  return {
    ...(s.period ? { period: s.period } : {}),
    ...(s.level ? { level: s.level } : {}),
    ...(s.status !== undefined ? { status: s.status } : {}),
    ...(s.userId ? { userId: s.userId } : {}),
    ...(s.bookingId ? { bookingId: s.bookingId } : {}),
    ...(s.minDurationMs !== undefined ? { minDurationMs: s.minDurationMs } : {}),
  };
}

/**
 * The log search a page of the logs route stands on, without the request or event it opened: a trace or an event
 * opened from a search carries it along, so going back (or drilling further) keeps the range and filters.
 */
export function logsSearchOnly(s: LogsSearch): LogsSearch {
  return {
    ...logsFilters(s),
    ...(s.route ? { route: s.route } : {}),
    ...(s.operation ? { operation: s.operation } : {}),
  };
}

/** What a pasted id is: our request id, a Sentry event id, or neither. */
function classifyId(raw: string): { requestId: string } | { eventId: string } | null {
  const value = raw.trim();
  if (SENTRY_EVENT_ID_PATTERN.test(value)) return { eventId: value.toLowerCase() };
  if (value !== '' && REQUEST_ID_PATTERN.test(value)) return { requestId: value };
  return null;
}

/**
 * The page a pasted id opens: its trace or its event, on the search it was pasted over (so "Back to log search"
 * returns to the same range and filters); null when the text is neither kind of id.
 */
export function lookupSearch(current: LogsSearch, raw: string): LogsSearch | null {
  const id = classifyId(raw);
  return id ? { ...logsSearchOnly(current), ...id } : null;
}
