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
 * - Take rate: platform revenue / GMV, in basis points rounded half up; null when there is no GMV.
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
export const FUNNEL_STAGE_LABELS: Record<FunnelStageName, string> = {
  signup: 'Signed up',
  email_verified: 'Email verified',
  search: 'Searched',
  booking_started: 'Started a booking',
  booking_confirmed: 'Booking confirmed',
  lesson_completed: 'Lesson completed',
};

export const analyticsPeriodInputSchema = periodInputSchema;
export type AnalyticsPeriodInput = z.input<typeof analyticsPeriodInputSchema>;

export const cohortsInputSchema = z.object({
  /** How many monthly signup cohorts, ending with the current month. */
  months: z
    .number({ message: 'months must be a number' })
    .int()
    .min(1, { message: 'months must be at least 1' })
    .max(24, { message: 'months must be at most 24' })
    .default(12),
});
export type CohortsInput = z.input<typeof cohortsInputSchema>;

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
  netRevenueCents: number;
  takeRateBps: number | null;
}
export type RevenueFigure = Exclude<keyof RevenueTotals, 'refunds'>;

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

export interface Insight {
  tone: 'highlight' | 'concern' | 'info';
  text: string;
  /** The funnel stage the insight is about, when it is about one. */
  stage?: FunnelStageName;
}

export interface RevenueReport {
  timeZone: string;
  period: ResolvedPeriod;
  comparison: ResolvedPeriod | null;
  totals: RevenueTotals;
  previous: RevenueTotals | null;
  changes: Record<RevenueFigure, number | null>;
  daily: RevenueDay[];
  byCategory: CategoryRevenue[];
  topServices: ServiceRevenue[];
  insights: Insight[];
  annotations: Annotation[];
  /** When the rollups this report reads were last refreshed (ISO); null when they have not been built yet. */
  dataAsOf: string | null;
}

export interface FunnelStageRow {
  stage: FunnelStageName;
  label: string;
  /** Distinct users reaching this stage for the first time in the period; 0 means no events ("no data"). */
  users: number;
  previousUsers: number | null;
  /** From the stage before; null for the first stage or when either stage has no events. */
  stepConversionBps: number | null;
  previousStepConversionBps: number | null;
  /** From signup; null when either has no events. */
  overallConversionBps: number | null;
  previousOverallConversionBps: number | null;
  /** Two-proportion z-test of the step conversion against the comparison period; null when it cannot be run. */
  zScore: number | null;
  significant: boolean;
}

export interface FunnelDay {
  day: string;
  users: Record<FunnelStageName, number>;
}

export interface FunnelReport {
  timeZone: string;
  period: ResolvedPeriod;
  comparison: ResolvedPeriod | null;
  stages: FunnelStageRow[];
  daily: FunnelDay[];
  insights: Insight[];
  annotations: Annotation[];
  /** When the rollups this report reads were last refreshed (ISO); null when they have not been built yet. */
  dataAsOf: string | null;
}

export interface CohortCell {
  /** Months since the signup month (0 = the signup month itself). */
  offset: number;
  users: number;
  /** users / cohort size; null when the month has not happened yet or the cohort is empty. */
  rateBps: number | null;
}
export interface CohortRow {
  /** 'YYYY-MM' in the business zone. */
  month: string;
  size: number;
  cells: CohortCell[];
}
export interface CohortsReport {
  timeZone: string;
  months: string[];
  /** Students who booked a lesson in that month. */
  students: CohortRow[];
  /** Instructors who taught (completed) a lesson in that month. */
  instructors: CohortRow[];
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
  /** Instructors who taught at least one completed lesson in the period. */
  activeInstructors: number;
  previousActiveInstructors: number | null;
  /** Active accounts, background check passed (or overridden), with at least one active service: can be booked now. */
  bookableInstructors: number;
  /** Active instructors / bookable instructors. */
  utilisationBps: number | null;
  previousUtilisationBps: number | null;
  /** Hours of completed lessons per active instructor, ×100. */
  hoursPerActiveInstructorX100: number | null;
  byCategory: SupplyCategory[];
  topZeroResultSearches: Array<{ query: string; categoryName: string | null; searches: number }>;
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
  /** The start of the comparison period (or of the period when there is none). */
  comparedTo: string;
  items: Liability[];
  /** Pending + held payouts: the split is known now only, their sum also at the comparison instant. */
  payoutsOwedNowCents: number;
  payoutsOwedThenCents: number;
  totalNowCents: number;
  totalThenCents: number;
}
