import { z } from 'zod';

/** Ctrl-K: one box that finds any record a staff member can open, by the identifiers people paste. */
export const spotlightFindInputSchema = z.object({
  q: z
    .string({ message: 'q: type a name, email, phone or id' })
    .trim()
    .min(2, { message: 'Type at least 2 characters' })
    .max(200, { message: 'Search text must be at most 200 characters' })
    .describe(
      'What to find (at least 2 characters): a name, email, phone, any id, a short booking id, a Stripe id, a webhook evt_ id, a request id (req_…), a Sentry event id, an audit entry number (#1234) or the start of a campaign name.',
    ),
});
export type SpotlightFindInput = z.infer<typeof spotlightFindInputSchema>;

/** What a hit is; the web groups and labels hits by it. */
export type SpotlightKind = 'person' | 'booking' | 'webhook' | 'audit' | 'campaign' | 'request' | 'error-event';

/**
 * A found record's own id, named as the procedure behind its page takes it, to pass on as it is: `{ userId }` for a
 * person, `{ bookingId }` for a booking, `{ id }` for a webhook event (uuid) or an audit entry (number), `{ campaignId }`,
 * `{ requestId }`, `{ eventId }` (a Sentry event).
 */
export type SpotlightRef =
  | { userId: string }
  | { bookingId: string }
  | { id: string }
  | { id: number }
  | { campaignId: string }
  | { requestId: string }
  | { eventId: string };

export interface SpotlightHit {
  kind: SpotlightKind;
  /** Unique within the answer ("person:<uuid>"): it tells hits apart; `ref` is what to pass on. */
  id: string;
  ref: SpotlightRef;
  label: string;
  description: string;
  /** The console page that shows it, e.g. "/bookings/<uuid>". */
  path: string;
  /** The text named this record exactly (an id, an email): Enter opens the first exact hit. */
  exact: boolean;
}

export interface SpotlightResponse {
  q: string;
  hits: SpotlightHit[];
}
