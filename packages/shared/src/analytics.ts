import { z } from 'zod';
import { periodInputSchema, type ResolvedPeriod } from './periods.js';

/**
 * Exec analytics: inputs and the shapes the reports return. Money is integer cents, ratios are basis points
 * (1 bp = 0.01 %), days are 'YYYY-MM-DD' in the business time zone.
 *
 * Definitions (the same words on every screen and in every export):
 * - GMV: the price of every lesson that took place (bookings with status `completed`), counted on the business day
 *   of the lesson's start. Cancelled, pending, confirmed-but-not-yet-held and no-show lessons are not GMV.
 * - Platform revenue: the platform fee of those same lessons (the commission, rounded up to the cent at booking).
 * - Payouts: what those lessons earn instructors (`instructor_payout_cents`); GMV = platform revenue + payouts.
 * - Refunds: money given back to students (to card or as credit), every refund that did not fail, counted on the
 *   business day it was issued, whatever day its lesson was.
 * - Net revenue: platform revenue − refunds (what the marketplace keeps once refunds are paid back).
 * - Take rate: platform revenue / GMV, in basis points kept to a hundredth of one (ratioBps) and rounded once, half
 *   up, where shown; null when there is no GMV.
 */
export const FUNNEL_STAGES = [
  'signup',
  'email_verified',
  'search',
  'booking_started',
  'booking_confirmed',
  'lesson_completed',
] as const;
export type FunnelStageName = (typeof FUNNEL_STAGES)[number];
/** A step of the funnel is named by the stage it leads to. */
export type FunnelStep = Exclude<FunnelStageName, 'signup'>;
export const FUNNEL_STEPS = FUNNEL_STAGES.slice(1) as FunnelStep[];
export const previousStage = (step: FunnelStep): FunnelStageName =>
  FUNNEL_STAGES[FUNNEL_STAGES.indexOf(step) - 1] as FunnelStageName;
/**
 * The stated window of each step: of the people who first reached the stage before, the share who reach this one
 * within this many days. A cohort (a day of people) is judged only once its whole window has passed.
 */
export const FUNNEL_WINDOW_DAYS: Record<FunnelStep, number> = {
  email_verified: 2,
  search: 7,
  booking_started: 7,
  booking_confirmed: 2,
  lesson_completed: 14,
};
/** The longest step window: a refresh of day d also rebuilds the cohorts of the days this far before d. */
export const FUNNEL_MAX_WINDOW_DAYS = Math.max(...Object.values(FUNNEL_WINDOW_DAYS));
/** Days of history a 7-day window of an insight covers. */
export const INSIGHT_WINDOW_DAYS = 7;

export const FUNNEL_STAGE_LABELS: Record<FunnelStageName, string> = {
  signup: 'Signed up',
  email_verified: 'Email verified',
  search: 'Searched',
  booking_started: 'Started a booking',
  booking_confirmed: 'Booking confirmed',
  lesson_completed: 'Lesson completed',
};

/** A step as people read it, by its stages' labels: "Started a booking → Booking confirmed". */
export const funnelStepLabel = (step: FunnelStep): string =>
  `${FUNNEL_STAGE_LABELS[previousStage(step)]} → ${FUNNEL_STAGE_LABELS[step]}`;

export const analyticsPeriodInputSchema = periodInputSchema;
export type AnalyticsPeriodInput = z.input<typeof analyticsPeriodInputSchema>;

export const cohortsInputSchema = z.object({
  /** How many monthly signup cohorts, ending with the current month. */
  months: z
    .number({ message: 'months must be a number' })
    .int()
    .min(1, { message: 'months must be at least 1' })
    .max(24, { message: 'months must be at most 24' })
    .default(12)
    .describe('How many monthly signup cohorts, ending with the current month (1 to 24; 12 when omitted).'),
});
export type CohortsInput = z.input<typeof cohortsInputSchema>;

/**
 * The one rule for a change against a comparison: the days before a source's first day of data (`firstDataDay`, null
 * while it has none) are not observed zeros, so a comparison that starts before that day is not a comparison at all.
 * A marketplace's launch would otherwise read as growth ("+943 % vs $44,441"). Reports then claim no change: a tile
 * shows its figure and `noDataBefore` instead of a delta, and no insight tests or states a change.
 */
export function comparisonBeforeData(comparisonFrom: string | null | undefined, firstDataDay: string | null): boolean {
  return comparisonFrom !== null && comparisonFrom !== undefined && (firstDataDay === null || comparisonFrom < firstDataDay);
}

/** A period that ends before its source's first day of data: nothing in it was observed, its zeros are not figures. */
export function periodBeforeData(periodTo: string, firstDataDay: string | null): boolean {
  return firstDataDay === null || periodTo < firstDataDay;
}

/** What a tile says instead of a change its comparison cannot support (comparisonBeforeData). */
export function noDataBefore(firstDataDay: string | null): string {
  return firstDataDay === null ? 'no data yet' : `no data before ${firstDataDay}`;
}

/** A change of a figure against the comparison period; `changeBps` null when there is nothing to compare. */
export interface Change {
  previous: number | null;
  changeBps: number | null;
}

export interface RevenueTotals {
  bookings: number;
  gmvCents: number;
  platformFeeCents: number;
  payoutsCents: number;
  refundsCents: number;
  refunds: number;
  /** Refunds of lessons that were in GMV (the only refunds net revenue subtracts). */
  gmvRefundsCents: number;
  /** No-show and late-cancellation charges: bookings, what was kept of them, and the platform's share. */
  charges: number;
  chargesKeptCents: number;
  chargeFeeCents: number;
  netRevenueCents: number;
  takeRateBps: number | null;
}
export type RevenueFigure = Exclude<keyof RevenueTotals, 'refunds' | 'gmvRefundsCents' | 'charges' | 'chargeFeeCents'>;

export interface RevenueDay {
  day: string;
  bookings: number;
  gmvCents: number;
  platformFeeCents: number;
  payoutsCents: number;
  refundsCents: number;
  netRevenueCents: number;
  /** The aligned day of the comparison period (same index), and its GMV / platform revenue. */
  previousDay: string | null;
  previousGmvCents: number | null;
  previousPlatformFeeCents: number | null;
  /** The day is today, still under way: its figures (and its comparison day's) are so far. */
  partial: boolean;
}

export interface CategoryRevenue {
  categoryId: string;
  name: string;
  bookings: number;
  gmvCents: number;
  platformFeeCents: number;
  takeRateBps: number | null;
  previousGmvCents: number | null;
}

export interface ServiceRevenue {
  serviceId: string;
  name: string;
  categoryName: string;
  bookings: number;
  gmvCents: number;
}

export type AnnotationKind = 'refund' | 'suspension' | 'communication' | 'deploy';
/** A day on which something that moves the numbers happened: staff actions (audit_log) and deploys. */
export interface Annotation {
  day: string;
  kind: AnnotationKind;
  label: string;
  count: number;
  /** The first audit entry of that kind on that day; null for deploys. */
  auditId: number | null;
  deployId: string | null;
}

/** An effect with its confidence interval, in the unit named (percentage points as basis points, or cents). */
export interface InsightEffect {
  unit: 'bps_points' | 'cents' | 'count';
  estimate: number;
  low: number;
  high: number;
  /** Confidence level of [low, high], e.g. 0.95. */
  level: number;
}

export interface Insight {
  tone: 'highlight' | 'concern' | 'info';
  text: string;
  /** The funnel stage the insight is about, when it is about one. */
  stage?: FunnelStageName;
  /** True only when the claim passed the report's multiple-comparison correction (INSIGHT_ERROR_RATE). */
  significant?: boolean;
  /** Two-sided p-value of the test behind the claim, before correction. */
  pValue?: number;
  effect?: InsightEffect;
  /** Where the chart behind the claim is: an app path with its search string. */
  href?: string;
}

export interface RevenueReport {
  timeZone: string;
  period: ResolvedPeriod;
  comparison: ResolvedPeriod | null;
  /**
   * Set when the period ends today: the comparison's last day is read up to the same time of day as today's figures
   * (comparisonUntil in periods.ts), and this is the instant it stops (ISO). Null: whole days against whole days.
   */
  comparisonUntil: string | null;
  totals: RevenueTotals;
  previous: RevenueTotals | null;
  /** Change against the comparison in basis points: relative for amounts and counts, the difference of rates for take rate. */
  changes: Record<RevenueFigure, number | null>;
  daily: RevenueDay[];
  byCategory: CategoryRevenue[];
  topServices: ServiceRevenue[];
  insights: Insight[];
  annotations: Annotation[];
  /** When the rollups this report reads were last refreshed (ISO); null when they have not been built yet. */
  dataAsOf: string | null;
  /** The first day with revenue (see comparisonBeforeData); null before any. */
  firstDataDay: string | null;
}

export interface FunnelStageRow {
  stage: FunnelStageName;
  label: string;
  /** Distinct users reaching this stage for the first time in the period; 0 means no events ("no data"). */
  users: number;
  previousUsers: number | null;
  /** The step's window in days (null for signup, the first stage). */
  windowDays: number | null;
  /** Judged cohort: people who first reached the stage before on a day of the period whose window has passed. */
  cohort: number;
  /** Of them, those who reached this stage within the window. */
  converted: number;
  previousCohort: number | null;
  previousConverted: number | null;
  /** converted / cohort in basis points (never above 100 %); null for signup or an empty cohort ("no data"). */
  stepConversionBps: number | null;
  previousStepConversionBps: number | null;
  /** Days of the period whose cohorts are too young to judge for this step (excluded from the rate). */
  immatureDays: number;
  /** The same in the comparison period; null without one. */
  previousImmatureDays: number | null;
  /** Change against the comparison, in basis points of rate, with its 95 % interval; null without both rates. */
  changeBps: number | null;
  changeLowBps: number | null;
  changeHighBps: number | null;
  /** Two-sided p-value of the change, before correction; null when it cannot be tested. */
  pValue: number | null;
  /** Whether the change survived the report's correction across all stages × windows. */
  significant: boolean;
}

export interface FunnelDay {
  day: string;
  users: Record<FunnelStageName, number>;
}

/** One day's cohort of one step: who reached the stage before that day, and who went on within the window. */
export interface FunnelCohortCell {
  reached: number;
  converted: number;
  /** False while the cohort's window has not fully passed: shown, marked, never compared. */
  mature: boolean;
}
export interface FunnelCohortDay {
  day: string;
  steps: Record<FunnelStep, FunnelCohortCell>;
}

export interface FunnelReport {
  timeZone: string;
  period: ResolvedPeriod;
  comparison: ResolvedPeriod | null;
  /** As RevenueReport's: stage counts are compared up to this instant of the comparison's last day. */
  comparisonUntil: string | null;
  stages: FunnelStageRow[];
  daily: FunnelDay[];
  cohorts: FunnelCohortDay[];
  insights: Insight[];
  /** How the insights were tested: number of tests and the family-wise error rate they are held to. */
  testing: { tests: number; errorRate: number };
  annotations: Annotation[];
  /** When the rollups this report reads were last refreshed (ISO); null when they have not been built yet. */
  dataAsOf: string | null;
  /** The first day with a funnel event (see comparisonBeforeData); null before any. */
  firstDataDay: string | null;
}

export interface CohortCell {
  /** Months since the signup month (0 = the signup month itself). */
  offset: number;
  /** Members active in the month; null for a month before the data (beforeData). */
  users: number | null;
  /** users / cohort size; null when the month has not happened yet, the cohort is empty, or before the data. */
  rateBps: number | null;
  /** The month is still under way (the current month): the rate so far, not the month's. */
  partial: boolean;
  /**
   * The month ended before the source's first day of data (CohortsReport.firstDataDay; periodBeforeData): nobody
   * was observed then, so it shows no rate rather than a zero.
   */
  beforeData: boolean;
}
export interface CohortRow {
  /** 'YYYY-MM' in the business zone. */
  month: string;
  size: number;
  cells: CohortCell[];
}
export interface CohortsReport {
  timeZone: string;
  /**
   * The months asked for. The rows start at the first cohort observed: leading months that ended before the side's
   * first data with no one in them are left out (not empty cohorts, months nobody watched).
   */
  months: string[];
  /** Students who booked a lesson in that month. */
  students: CohortRow[];
  /** Instructors who taught (completed) a lesson in that month. */
  instructors: CohortRow[];
  /** The first business day of each side's data: students' first booking made, instructors' first lesson completed. */
  firstDataDay: { students: string | null; instructors: string | null };
  /** When the rollups this report reads were last refreshed (ISO); null when they have not been built yet. */
  dataAsOf: string | null;
}

export interface SupplyCategory {
  categoryId: string;
  name: string;
  searches: number;
  zeroResultSearches: number;
  bookableInstructors: number;
  /** Searches per bookable instructor, ×100 (integer); null when there is no bookable instructor. */
  searchesPerInstructorX100: number | null;
}
export interface SupplyReport {
  timeZone: string;
  period: ResolvedPeriod;
  comparison: ResolvedPeriod | null;
  /** Where a period ending today stops its comparison's last day (as RevenueReport's); null: whole days. */
  comparisonUntil: string | null;
  /** Instructors who taught at least one completed lesson in the period. */
  activeInstructors: number;
  previousActiveInstructors: number | null;
  /** Active accounts, background check passed (or overridden), with at least one active service: can be booked now. */
  bookableInstructors: number;
  /**
   * Utilisation's set: the instructors bookable now who had joined (account created) by the period's end; all of
   * `bookableInstructors` for a period that ends today.
   */
  utilisationInstructors: number;
  /** Of them, those who taught a completed lesson in the period: the numerator of utilisation. */
  activeBookableInstructors: number;
  /** activeBookableInstructors / utilisationInstructors (the same set above and below the line). */
  utilisationBps: number | null;
  /**
   * The same for the comparison, over the instructors bookable now who had joined by its end: one who joined since
   * is not counted as idle then. Null without a comparison (or before the first lesson).
   */
  previousUtilisationInstructors: number | null;
  previousActiveBookableInstructors: number | null;
  previousUtilisationBps: number | null;
  /** Hours of completed lessons per active instructor, ×100. */
  hoursPerActiveInstructorX100: number | null;
  previousHoursPerActiveInstructorX100: number | null;
  byCategory: SupplyCategory[];
  topZeroResultSearches: Array<{ query: string; categoryName: string | null; searches: number }>;
  /** The first day a lesson was completed (see comparisonBeforeData, periodBeforeData); null before any. */
  firstDataDay: string | null;
  /** The first day a search was logged: the searches by category are not figures for a period before it. */
  firstSearchDay: string | null;
}

export type LiabilityKey = 'student_credit' | 'pending_payouts' | 'held_payouts' | 'pending_refunds';
export interface Liability {
  key: LiabilityKey;
  label: string;
  nowCents: number;
  count: number;
  /** The same figure at the comparison instant; null when it cannot be reconstructed. */
  thenCents: number | null;
}
export interface LiabilitiesReport {
  asOf: string;
  /**
   * What "then" is: for a period ending today, the same moment in its comparison (a year ago today, 30 days ago…); for
   * a past period, the end of its comparison; with no comparison, the start of the period.
   */
  comparedTo: string;
  items: Liability[];
  /** Pending + held payouts: the split is known now only, their sum also at the comparison instant. */
  payoutsOwedNowCents: number;
  /** Null when `thenBeforeData`: nothing was recorded yet to owe. */
  payoutsOwedThenCents: number | null;
  totalNowCents: number;
  /** Null when `thenBeforeData`: nothing was recorded yet to owe. */
  totalThenCents: number | null;
  /** The first business day the marketplace's money was recorded (a booking made, or credit given); null before any. */
  firstDataDay: string | null;
  /**
   * `comparedTo` is no later than the start of firstDataDay: nothing was recorded yet then, so the "then" figures are
   * not observations (every item's thenCents and both then totals are null) and no change is claimed.
   */
  thenBeforeData: boolean;
}

export interface SearchQueryRow {
  query: string;
  searches: number;
  zeroResultSearches: number;
  /** Searches old enough to judge (SEARCH_CONVERSION_DAYS passed) and how many were followed by a booking. */
  judgedSearches: number;
  convertedSearches: number;
  conversionBps: number | null;
  /** The same query's searches and zero-result searches in the comparison window; null when there is none. */
  previousSearches: number | null;
  previousZeroResultSearches: number | null;
}
export interface SearchDemandDay {
  day: string;
  searches: number;
  zeroResultSearches: number;
  convertedSearches: number;
  /** False while the day's searches are too young for their conversion to be judged. */
  judged: boolean;
  /** The day is today, still under way: its searches are so far. */
  partial: boolean;
}
export interface SearchDemandTotals {
  searches: number;
  zeroResultSearches: number;
  zeroResultBps: number | null;
  judgedSearches: number;
  convertedSearches: number;
  conversionBps: number | null;
}
export interface SearchDemandReport {
  timeZone: string;
  days: number;
  from: string;
  to: string;
  totals: SearchDemandTotals;
  /**
   * The comparison window and its totals; `until` as RevenueReport's comparisonUntil (its last day is read up to the
   * same time of day when the period ends today).
   */
  previous: { from: string; to: string; until: string | null; totals: SearchDemandTotals } | null;
  daily: SearchDemandDay[];
  topQueries: SearchQueryRow[];
  topZeroResultQueries: SearchQueryRow[];
  /** The first day with a search (see comparisonBeforeData); null before any. */
  firstDataDay: string | null;
}

/**
 * Why a figure is missing: its cohorts or searches are all too young to judge, there is nothing to count, or its
 * period starts before the figure's source had any data (comparisonBeforeData).
 */
export type MissingReason = 'too_young' | 'no_data' | 'before_data';

/** How a missing figure reads, one wording on every page (a figure before its data reads noDataBefore). */
export const MISSING_WORDS: Record<Exclude<MissingReason, 'before_data'>, string> = {
  too_young: 'too young to judge',
  no_data: 'no data',
};

/**
 * What a tile says in place of "change vs then" when a side is missing, the same on every page: "too young to judge
 * in both periods", "too young to judge · no data in the comparison period", "no data · 71.4% in the comparison
 * period", "no data in the comparison period"; with no comparison (`previous` undefined), the reason alone. Null when
 * both sides are there.
 */
export function missingComparison(
  value: Exclude<MissingReason, 'before_data'> | null,
  previous: Exclude<MissingReason, 'before_data'> | null | undefined,
  previousText: string,
): string | null {
  if (previous === undefined) return value === null ? null : MISSING_WORDS[value];
  if (value !== null && previous !== null)
    return value === previous
      ? `${MISSING_WORDS[value]} in both periods`
      : `${MISSING_WORDS[value]} · ${MISSING_WORDS[previous]} in the comparison period`;
  if (value !== null) return `${MISSING_WORDS[value]} · ${previousText} in the comparison period`;
  if (previous !== null) return `${MISSING_WORDS[previous]} in the comparison period`;
  return null;
}

/** A headline figure of the growth brief against the comparison period. */
export interface BriefHeadline {
  metric: 'gmv' | 'netRevenue' | 'bookings' | 'signups' | 'stepConversion' | 'searchConversion' | 'zeroResultSearches';
  label: string;
  unit: 'cents' | 'count' | 'bps';
  value: number | null;
  previous: number | null;
  /** Why `value` / `previous` is missing (null when it is there, or there is no comparison). */
  missing: { value: MissingReason | null; previous: MissingReason | null };
  /** Relative change (see changeBps): null for a rate, or where a percent means nothing. */
  changeBps: number | null;
  /**
   * Whether the change against the comparison passed the test its page uses (the funnel's for a step conversion,
   * corrected with the brief's other tests): false for a change within the ordinary swing; null for a figure the brief
   * does not test, or no change to test.
   */
  significant: boolean | null;
  /** The page whose chart shows it, for this period. */
  href: string;
  /** The first day of the figure's source (revenue, funnel events, searches); null before any. */
  firstDataDay: string | null;
}
export interface BriefReport {
  timeZone: string;
  period: ResolvedPeriod;
  comparison: ResolvedPeriod | null;
  /** As RevenueReport's: every headline's comparison stops here on its last day. */
  comparisonUntil: string | null;
  headlines: BriefHeadline[];
  /** Only claims that passed their correction; the brief splits its error rate between revenue and funnel tests. */
  highlights: Insight[];
  concerns: Insight[];
  errorRate: number;
  topZeroResultQueries: SearchQueryRow[];
}
