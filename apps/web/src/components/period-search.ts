import { z } from 'zod';
import { COMPARISONS, isoDaySchema, PERIOD_PRESETS } from '@ops/shared';

/** The period of an analytics view, as URL search params (validated; a bad value falls back to the default). */
export const periodSearchSchema = z.object({
  preset: z.enum(PERIOD_PRESETS).catch('last_30_days').default('last_30_days'),
  compare: z.enum(COMPARISONS).catch('previous_period').default('previous_period'),
  from: isoDaySchema.optional().catch(undefined),
  to: isoDaySchema.optional().catch(undefined),
});
export type PeriodSearch = z.infer<typeof periodSearchSchema>;

/** The report input of a search: a custom range without both dates falls back to the last 30 days. */
export function periodInputOf(s: PeriodSearch): PeriodSearch {
  if (s.preset === 'custom' && (!s.from || !s.to || s.from > s.to)) return { preset: 'last_30_days', compare: s.compare };
  return s.preset === 'custom' ? s : { preset: s.preset, compare: s.compare };
}
