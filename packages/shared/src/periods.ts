import { TZDateMini } from '@date-fns/tz/date/mini';
import { z } from 'zod';
import { ratioBps, shownUnits } from './money.js';

/**
 * Reporting periods, computed in one business time zone so "today" means the same thing on every chart.
 * Days are calendar dates ('YYYY-MM-DD') in that zone; a period's instants run from the start of its first
 * day to the start of the day after its last (end exclusive), which is DST-safe: a day is 23, 24 or 25 hours.
 */
export const DEFAULT_TIME_ZONE = 'America/New_York';

export const PERIOD_PRESETS = [
  'today',
  'yesterday',
  'last_7_days',
  'last_30_days',
  'last_90_days',
  'this_month',
  'custom',
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
export const COMPARISONS = ['previous_period', 'week', 'month', 'year', 'none'] as const;
export type Comparison = (typeof COMPARISONS)[number];

export const PERIOD_LABELS: Record<PeriodPreset, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  last_7_days: 'Last 7 days',
  last_30_days: 'Last 30 days',
  last_90_days: 'Last 90 days',
  this_month: 'This month',
  custom: 'Custom range',
};
export const COMPARISON_LABELS: Record<Comparison, string> = {
  previous_period: 'Previous period',
  week: 'Same period last week',
  month: 'Same period last month',
  year: 'Same period last year',
  none: 'No comparison',
};

/**
 * A day as YYYY-MM-DD that is on the calendar: 2026-02-30 and 2026-13-45 are refused, not rolled over into March or
 * the next year. Every day field and every day in an address uses it.
 */
export const isoDaySchema = z.iso.date({ message: 'expected a date as YYYY-MM-DD' });

/** A day range's one rule across its two fields, said the same way by every form that has one (under To). */
export const DAY_RANGE_ORDER = 'From must not be after To';

/**
 * What is wrong with a day typed into a field of a filter over what has happened, said with the field's name (the
 * words stand under the field and are read out with it): text that is not a day on the calendar, or a first day after
 * today (nothing has happened yet). A last day after today is no issue: the range is read up to today. Null when the
 * day is fine or the field is empty (no bound).
 */
export function dayFieldIssue(field: 'From' | 'To', text: string, today: string): string | null {
  if (text === '') return null;
  if (!isoDaySchema.safeParse(text).success) return `${field}: not a date (YYYY-MM-DD)`;
  if (field === 'From' && text > today) return `${field}: after today (${today})`;
  return null;
}

export const periodInputSchema = z
  .object({
    preset: z
      .enum(PERIOD_PRESETS)
      .default('last_30_days')
      .describe(
        'Which days: today, yesterday, last_7_days, last_30_days or last_90_days (each ending today), this_month, or custom with from and to; last_30_days when omitted.',
      ),
    from: isoDaySchema
      .optional()
      .describe(
        `First day of a custom range, inclusive: YYYY-MM-DD, a day in the business time zone (${DEFAULT_TIME_ZONE} unless configured otherwise).`,
      ),
    to: isoDaySchema
      .optional()
      .describe('Last day of a custom range, inclusive: YYYY-MM-DD in the same time zone; a day after today counts as today.'),
    compare: z
      .enum(COMPARISONS)
      .default('previous_period')
      .describe(
        'What the period is set against: previous_period (as many days just before), week, month or year (as many days from the same date a week, month or year earlier; for periods of at most 7, 31 or 366 days), or none; previous_period when omitted.',
      ),
  })
  .refine((p) => p.preset !== 'custom' || (p.from !== undefined && p.to !== undefined), {
    message: 'A custom range needs both From and To',
    path: ['from'],
  })
  .refine((p) => p.preset !== 'custom' || (p.from ?? '') <= (p.to ?? ''), {
    message: DAY_RANGE_ORDER,
    path: ['to'],
  });
export type PeriodInput = z.input<typeof periodInputSchema>;

export interface ResolvedPeriod {
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
  days: number;
  /** Start of `from` in the business zone, as an ISO instant. */
  start: string;
  /** Start of the day after `to`, as an ISO instant (exclusive). */
  end: string;
}

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' → year, month (1-12) and day; anything else (or 2026-02-30) is a RangeError. */
function parseDay(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`not a date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * The first instant of `date` in the zone. Usually its 00:00; where the clocks jump over midnight
 * (America/Santiago on 2026-09-06) the day starts at 01:00, and where midnight happens twice it is the first one.
 * The zone's rules come from @date-fns/tz, which reads the time-zone database every browser and Node carry (Intl).
 */
export function startOfDayInstant(date: string, timeZone: string): Date {
  const key = `${timeZone}|${date}`;
  let ms = dayStarts.get(key);
  if (ms === undefined) {
    const [year, month, day] = parseDay(date);
    ms = new TZDateMini(year, month - 1, day, timeZone).getTime();
    if (Number.isNaN(ms)) throw new RangeError(`not a time zone: ${timeZone}`);
    // Reports ask for the same few days on every request; the bound only keeps an odd caller from growing it forever.
    if (dayStarts.size >= DAY_STARTS_KEPT) dayStarts.clear();
    dayStarts.set(key, ms);
  }
  return new Date(ms);
}

/** Day starts already worked out, by zone and date (each costs a handful of Intl look-ups). */
const dayStarts = new Map<string, number>();
const DAY_STARTS_KEPT = 10_000;

/** The calendar date of an instant in the zone. */
export function localDate(instant: Date | string | number, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  // Every zone is within a day of UTC, so the instant falls on the UTC date or a neighbour: the one whose (remembered)
  // start it has passed and whose next day's start it has not.
  const utcDate = new Date(ms).toISOString().slice(0, 10);
  if (ms < startOfDayInstant(utcDate, timeZone).getTime()) return addDays(utcDate, -1);
  const next = addDays(utcDate, 1);
  return ms < startOfDayInstant(next, timeZone).getTime() ? utcDate : next;
}

/** Calendar arithmetic on 'YYYY-MM-DD'. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Adds calendar months, clamping to the month's last day (Mar 31 - 1 month = Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function periodFromDates(from: string, to: string, timeZone: string): ResolvedPeriod {
  return {
    from,
    to,
    days: daysBetween(from, to) + 1,
    start: startOfDayInstant(from, timeZone).toISOString(),
    end: startOfDayInstant(addDays(to, 1), timeZone).toISOString(),
  };
}

/** A period input that cannot be read, naming its field ("from: …"), as a form would show it under that field. */
export class PeriodInputError extends Error {
  constructor(
    readonly field: 'from' | 'compare',
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'PeriodInputError';
  }
}

/**
 * The period an input names. A custom range stops at today: days that have not happened are not zero days (they
 * would read as a collapse against any comparison), and one that starts after today is refused.
 */
export function resolvePeriod(input: PeriodInput, now: Date, timeZone: string = DEFAULT_TIME_ZONE): ResolvedPeriod {
  const p = periodInputSchema.parse(input);
  const today = localDate(now, timeZone);
  switch (p.preset) {
    case 'today':
      return periodFromDates(today, today, timeZone);
    case 'yesterday': {
      const y = addDays(today, -1);
      return periodFromDates(y, y, timeZone);
    }
    case 'last_7_days':
      return periodFromDates(addDays(today, -6), today, timeZone);
    case 'last_30_days':
      return periodFromDates(addDays(today, -29), today, timeZone);
    case 'last_90_days':
      return periodFromDates(addDays(today, -89), today, timeZone);
    case 'this_month':
      return periodFromDates(`${today.slice(0, 8)}01`, today, timeZone);
    case 'custom': {
      const from = p.from ?? today;
      if (from > today) throw new PeriodInputError('from', `the period starts after today (${today})`);
      const to = p.to ?? today;
      return periodFromDates(from, to > today ? today : to, timeZone);
    }
  }
}

/**
 * The longest period each shifted comparison stays clear of: a longer one would be compared largely with itself
 * (the last 30 days against the same days a week earlier share 23 of them).
 */
export const COMPARISON_MAX_DAYS: Partial<Record<Comparison, number>> = { week: 7, month: 31, year: 366 };

/** Why a comparison does not fit a period of so many days (null when it fits), in the words the picker and errors use. */
export function comparisonMisfit(comparison: Comparison, days: number): string | null {
  const max = COMPARISON_MAX_DAYS[comparison];
  if (max === undefined || days <= max) return null;
  return `"${COMPARISON_LABELS[comparison]}" needs a period of ${max} days or fewer (this one has ${days}): it would overlap the period itself`;
}

/**
 * The period a report is compared with, as many days as the period so a change against it is like for like:
 * "previous period" is the days just before, "week" the same days a week earlier, and "month" / "year" start on the
 * same date a month / a year earlier and run as many days (Nov 2–Dec 1 against Oct 2–Oct 31, not against Oct 2–Nov 1,
 * which has a day more) — but never into the period itself: This month on Mar 31 (Mar 1–31) is compared with Feb 1–28,
 * the month before, not with Feb 1–Mar 3. A shifted comparison of a period longer than its shift is refused
 * (comparisonMisfit).
 */
export function comparisonPeriod(
  period: ResolvedPeriod,
  comparison: Comparison,
  timeZone: string = DEFAULT_TIME_ZONE,
): ResolvedPeriod | null {
  const misfit = comparisonMisfit(comparison, period.days);
  if (misfit) throw new PeriodInputError('compare', misfit);
  const sameLength = (from: string): ResolvedPeriod => periodFromDates(from, addDays(from, period.days - 1), timeZone);
  const lastDayBefore = addDays(period.from, -1);
  const beforePeriod = (p: ResolvedPeriod): ResolvedPeriod =>
    p.to > lastDayBefore ? periodFromDates(p.from, lastDayBefore, timeZone) : p;
  switch (comparison) {
    case 'none':
      return null;
    case 'previous_period':
      return sameLength(addDays(period.from, -period.days));
    case 'week':
      return sameLength(addDays(period.from, -7));
    case 'month':
      return beforePeriod(sameLength(addMonths(period.from, -1)));
    case 'year':
      return beforePeriod(sameLength(addMonths(period.from, -12)));
  }
}

/**
 * The instant as far into `day` as `at` is into its own day: the elapsed time is matched, so on a 23- or 25-hour day
 * it is not the same wall-clock time, and it never passes the end of `day`.
 */
export function sameTimeOfDay(day: string, at: Date, timeZone: string): Date {
  const elapsed = at.getTime() - startOfDayInstant(localDate(at, timeZone), timeZone).getTime();
  const start = startOfDayInstant(day, timeZone).getTime();
  return new Date(Math.min(start + elapsed, startOfDayInstant(addDays(day, 1), timeZone).getTime()));
}

/** Whether the clocks changed on `day` in the zone (a 23- or 25-hour day, where sameTimeOfDay is not the clock's time). */
export function clocksChangeOn(day: string, timeZone: string): boolean {
  return startOfDayInstant(addDays(day, 1), timeZone).getTime() - startOfDayInstant(day, timeZone).getTime() !== DAY_MS;
}

/**
 * A period that ends today has only part of its last day; its comparison is read up to the same time of day on its own
 * last day (sameTimeOfDay), never to that day's end: today by 10:00 against yesterday by 10:00, the last 30 days by
 * 10:00 against the 30 days before by 10:00 of their last day. `asOf` is the instant the period's figures were read
 * (in today). The instant the comparison stops, or null when the period ends before today (whole days on both sides).
 */
export function comparisonUntil(
  period: Pick<ResolvedPeriod, 'to'>,
  comparison: Pick<ResolvedPeriod, 'to'> | null,
  asOf: Date,
  timeZone: string,
): string | null {
  if (comparison === null || period.to !== localDate(asOf, timeZone) || comparison.to >= period.to) return null;
  return sameTimeOfDay(comparison.to, asOf, timeZone).toISOString();
}

/** Every day of the period, in order. */
export function daysOf(period: Pick<ResolvedPeriod, 'from' | 'to'>): string[] {
  const out: string[] = [];
  for (let d = period.from; d <= period.to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * Relative change in basis points, exact to a hundredth of one (ratioBps: shown, it is rounded once), or null when a
 * percent change means nothing: no comparison, nothing before (nothing is a percent of zero), or a change of sign
 * (from $38.40 to −$4.82 is not "−112.5%"). Then say the difference (figureChange). A fall to exactly zero is −100 %.
 */
export function changeBps(current: number, previous: number | null): number | null {
  if (previous === null || previous <= 0 || current < 0) return null;
  return ratioBps(current - previous, previous);
}

/**
 * How a figure's change against the comparison reads: in percent (basis points) when changeBps gives one,
 * otherwise as the difference in the figure's own unit ("−$43.22 vs $38.40", "+5 vs 0"). Null without both sides.
 */
export type FigureChange = { unit: 'percent'; bps: number } | { unit: 'difference'; amount: number };
export function figureChange(current: number | null, previous: number | null): FigureChange | null {
  if (current === null || previous === null) return null;
  const bps = changeBps(current, previous);
  return bps === null ? { unit: 'difference', amount: current - previous } : { unit: 'percent', bps };
}

/**
 * The difference of two rates as a reader gets it from the rates shown: each rounded to `digits` decimals of a
 * percent first, as formatBps shows it, so 78.46 % against 78.44 % reads "+0.1 pts vs 78.4%", not "0.0 pts".
 */
export function shownPointsBetween(now: number | null, then: number | null, digits = 1): number | null {
  if (now === null || then === null) return null;
  // Whole units of the shown decimal, so the difference is exact; back in basis points for formatPoints.
  return (shownUnits(now, digits) - shownUnits(then, digits)) * 10 ** (2 - digits);
}
