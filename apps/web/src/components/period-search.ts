import { z } from 'zod';
import { COMPARISONS, comparisonMisfit, isoDaySchema, localDate, PERIOD_PRESETS, resolvePeriod } from '@ops/shared';
import { businessTimeZone } from '../lib/business-time';

/** The period of an analytics view, as URL search params (validated; a bad value falls back to the default). */
export const periodSearchSchema = z.object({
  preset: z.enum(PERIOD_PRESETS).catch('last_30_days').default('last_30_days'),
  compare: z.enum(COMPARISONS).catch('previous_period').default('previous_period'),
  from: isoDaySchema.optional().catch(undefined),
  to: isoDaySchema.optional().catch(undefined),
});
export type PeriodSearch = z.infer<typeof periodSearchSchema>;

/**
 * The report input of a search, as the server will read it: a custom range without both dates in order, or starting
 * after today, falls back to the last 30 days; a comparison that does not fit the period's length (comparisonMisfit:
 * the last 90 days against "the same period last week") to the previous period. The picker says which happened.
 */
export function periodInputOf(s: PeriodSearch, now: Date = new Date()): PeriodSearch {
  const today = localDate(now, businessTimeZone());
  const input: PeriodSearch =
    s.preset !== 'custom'
      ? { preset: s.preset, compare: s.compare }
      : !s.from || !s.to || s.from > s.to || s.from > today
        ? { preset: 'last_30_days', compare: s.compare }
        : s;
  const { days } = resolvePeriod(input, now, businessTimeZone());
  return comparisonMisfit(input.compare, days) ? { ...input, compare: 'previous_period' } : input;
}
