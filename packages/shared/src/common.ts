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
  .max(1000, { message: 'Reason must be at most 1,000 characters' });
export const centsSchema = z
  .number({ message: 'Amount must be a number of cents' })
  .int({ message: 'Amount must be a whole number of cents' });

/** Keyset pagination: the cursor is opaque to the client. */
export const pageInputSchema = z.object({
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
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
