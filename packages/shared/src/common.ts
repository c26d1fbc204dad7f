import { z } from 'zod';

export const uuid = z.uuid({ message: 'must be an id (uuid)' });

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Text shaped as an id (8-4-4-4-12 hex digits, either case): what a search or a filter reads as an id, not a name. */
export function isUuid(text: string): boolean {
  return UUID_SHAPE.test(text);
}

/** A booking's short id as people quote it ("SCS00N3H", "#scs00n3h"): eight of the booking alphabet's characters. */
export const BOOKING_SHORT_ID_RE = /^#?[0-9A-HJKMNP-TV-Z]{8}$/i;

/** An id (uuid), or a booking's short id, naming what a filter is about. */
export const recordRefSchema = z
  .string()
  .trim()
  .refine((v) => isUuid(v) || BOOKING_SHORT_ID_RE.test(v), {
    message: "must be an id (uuid) or a booking's short id",
  });
export const reasonSchema = z
  .string({ message: 'Reason is required' })
  .trim()
  .min(3, { message: 'Reason is required (at least 3 characters)' })
  .max(1000, { message: 'Reason must be at most 1,000 characters' })
  .describe('Why, in a sentence a reviewer would accept (3 to 1,000 characters): kept in the audit log under your name.');
export const centsSchema = z
  .number({ message: 'Amount must be a number of cents' })
  .int({ message: 'Amount must be a whole number of cents' });

/*
 * Fields many inputs share, each described once. A description is what an assistant reads about the field in a tool's
 * input schema (the MCP tools/list); it changes neither what the field accepts nor its messages.
 */
export const userIdSchema = uuid.describe(
  "The person's user id (a uuid), student or instructor, as a search by email, phone or name returns it.",
);
export const bookingIdSchema = uuid.describe(
  "The booking's id (a uuid), not its 8-character short id; a search by short id returns it.",
);
export const CURSOR_DESCRIPTION = "The previous page's nextCursor, as given, for the page after it; omit it for the first page.";
export const limitDescription = (max: number, fallback: number) =>
  `How many rows one answer holds at most (1 to ${max}; ${fallback} when omitted).`;
/** An instant with its offset, as a filter's from / to takes it. */
export const isoInstantSchema = z.iso.datetime({ offset: true, message: 'must be an ISO date-time' });
/** A range's ends over `what` ("actions taken"): from inclusive, to exclusive. */
export const fromInstantDescription = (what: string) =>
  `Only ${what} at or after this instant: an ISO 8601 date-time with its offset, e.g. 2026-03-01T00:00:00Z.`;
export const toInstantDescription = (what: string) =>
  `Only ${what} before this instant (exclusive): an ISO 8601 date-time with its offset, e.g. 2026-03-02T00:00:00-05:00.`;

/** Keyset pagination: the cursor is opaque to the client. */
export const cursorSchema = z.string().max(200).nullish().describe(CURSOR_DESCRIPTION);
export const limitSchema = z.number().int().min(1).max(200).default(50).describe(limitDescription(200, 50));
export const pageInputSchema = z.object({ cursor: cursorSchema, limit: limitSchema });
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The state of one external source, the same words everywhere a source is shown. */
export const SOURCE_STATES = ['ok', 'degraded', 'down', 'not_configured'] as const;
export type SourceState = (typeof SOURCE_STATES)[number];
export interface SourceStatus {
  source: string;
  state: SourceState;
  latencyMs: number | null;
  error: string | null;
  /** True when the source is served by a local stand-in (sample data). */
  sample: boolean;
}
