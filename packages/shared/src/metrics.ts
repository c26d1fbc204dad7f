import { ratioBps } from './money.js';
import { localDate, sameTimeOfDay, startOfDayInstant } from './periods.js';

/** Days after a search in which a booking by the same person counts as its conversion. */
export const SEARCH_CONVERSION_DAYS = 7;

/**
 * Every figure an exec reads, defined once: the server computes it with the functions below, and each tile shows the
 * definition as its tooltip. Money is integer cents; ratios are basis points (1 bp = 0.01 %).
 */
export const METRICS = {
  bookings: { label: 'Completed lessons', definition: 'Bookings completed, counted on the business day of the lesson.' },
  gmv: {
    label: 'GMV',
    definition:
      'The price of every lesson that took place (status completed), on the day of the lesson. Cancelled, no-show and not-yet-held lessons are not GMV.',
  },
  platformRevenue: {
    label: 'Platform revenue',
    definition: 'The platform fee of the lessons in GMV (the commission, rounded up to the cent at booking).',
  },
  payouts: {
    label: 'Instructor payouts',
    definition: 'What the lessons in GMV earn instructors; GMV = platform revenue + payouts.',
  },
  refunds: {
    label: 'Refunds',
    definition:
      'All money given back to students (card or credit), every refund that did not fail, on the day it was issued — including refunds of cancelled lessons that were never in GMV. Releasing a card authorization before it is charged is not a refund: no money moved.',
  },
  charges: {
    label: 'No-show and late-cancellation charges',
    definition:
      'Bookings cancelled or marked no-show whose payment was captured: what the student paid and was not refunded, on the day of the lesson.',
  },
  netRevenue: {
    label: 'Net revenue',
    definition:
      'Platform revenue − refunds of lessons that were in GMV (and the part of their card authorization released, which the student never paid) + the platform share (fee ÷ price, rounded up) of kept no-show and late-cancellation charges. Refunds of lessons never in GMV do not reduce it.',
  },
  takeRate: {
    label: 'Take rate',
    definition: 'Platform revenue ÷ GMV, shown rounded half up to two decimals; none without GMV.',
  },
  activeInstructors: {
    label: 'Active instructors',
    definition:
      'Instructors who taught at least one completed lesson in the period, bookable now or not (one since suspended still counts).',
  },
  bookableInstructors: {
    label: 'Bookable instructors',
    definition: 'Active accounts, background check passed (or overridden), with at least one active service: can be booked now.',
  },
  utilisation: {
    label: 'Utilisation',
    definition:
      'Of the instructors bookable now who had joined by the end of the period, the share who taught a completed lesson in it: the same people above and below the line, so it never exceeds 100 %. The comparison period counts only those who had joined by its end, so an instructor who joined since is not read as idle then.',
  },
  hoursPerInstructor: {
    label: 'Hours per active instructor',
    definition: 'Hours of completed lessons in the period, divided by the instructors who taught them.',
  },
  signups: {
    label: 'Signups',
    definition:
      'People whose first funnel signup event falls in the period — the one count of signups, used by the funnel and the command center alike.',
  },
  stepConversion: {
    label: 'Step conversion',
    definition:
      'Of the people who first reached the stage before on a day of the period, the share who reached this stage within the step’s stated window. Days whose window has not passed are marked too young and left out.',
  },
  searches: { label: 'Searches', definition: 'Every search made, by day and normalised query (trimmed, lower case).' },
  zeroResultSearches: { label: 'Zero-result searches', definition: 'Searches that returned no instructor.' },
  searchConversion: {
    label: 'Searches that led to a started booking',
    definition: `Share of searches followed by the same person starting a booking (confirmed or not) within ${SEARCH_CONVERSION_DAYS} days, counted per search: the funnel's "Searched → Started a booking" counts people instead. Searches of today and the ${SEARCH_CONVERSION_DAYS} days before are too young to judge and left out.`,
  },
  todayVsYesterday: {
    label: 'Today against yesterday by now',
    definition: '“Today” is compared with yesterday up to the same time of day (business time zone), never with a whole day.',
  },
} as const satisfies Record<string, { label: string; definition: string }>;
export type MetricKey = keyof typeof METRICS;

/** The platform's share of a kept charge: kept × fee ÷ price, rounded up as the marketplace rounds fees. */
export function chargeFeeCents(keptCents: number, platformFeeCents: number, priceCents: number): number {
  if (keptCents <= 0 || priceCents <= 0 || platformFeeCents <= 0) return 0;
  const kept = Math.min(keptCents, priceCents);
  return Math.ceil((kept * platformFeeCents) / priceCents);
}

/** Net revenue (see METRICS.netRevenue). */
export function netRevenueCents(x: { platformFeeCents: number; gmvRefundsCents: number; chargeFeeCents: number }): number {
  return x.platformFeeCents - x.gmvRefundsCents + x.chargeFeeCents;
}

/** Utilisation (see METRICS.utilisation): only instructors in the denominator count in the numerator. */
export function utilisationBps(activeBookable: number, bookable: number): number | null {
  if (activeBookable > bookable) throw new RangeError('active instructors must be a subset of the bookable ones');
  return ratioBps(activeBookable, bookable);
}

/**
 * Today so far and yesterday up to the same time of day, in the business zone: [todayStart, now] against
 * [yesterdayStart, yesterdaySameTime]. A DST day is 23 or 25 hours; the elapsed time is what is matched.
 */
export function yesterdayByNow(
  now: Date,
  timeZone: string,
): { todayStart: Date; now: Date; yesterdayStart: Date; yesterdaySameTime: Date } {
  const todayStart = startOfDayInstant(localDate(now, timeZone), timeZone);
  const yesterday = localDate(todayStart.getTime() - 12 * 3_600_000, timeZone);
  const yesterdayStart = startOfDayInstant(yesterday, timeZone);
  // The one rule every comparison of a day under way follows (comparisonUntil in periods.ts).
  const yesterdaySameTime = sameTimeOfDay(yesterday, now, timeZone);
  return { todayStart, now, yesterdayStart, yesterdaySameTime };
}
