import { DAY_RANGE_ORDER, dayFieldIssue, isoDaySchema, localDate } from '@ops/shared';
import { businessDayStart, businessTimeZone } from './business-time';

/** A filter form's text fields as the URL search gives them: a filter that is not set is an empty field. */
export function fieldsFromSearch<K extends string, S extends { [P in K]?: string }>(
  search: S,
  keys: readonly K[],
): { [P in K]: NonNullable<S[P]> | '' } {
  const fields: Partial<{ [P in K]: NonNullable<S[P]> | '' }> = {};
  for (const key of keys) fields[key] = search[key] ?? '';
  // Every key was set just above.
  return fields as { [P in K]: NonNullable<S[P]> | '' };
}

/** The URL search a filter form's text fields make: each trimmed, an empty one left out (it filters nothing). */
export function searchFromFields<K extends string>(fields: { [P in K]: string }, keys: readonly K[]): Partial<Record<K, string>> {
  const search: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = fields[key].trim();
    if (value !== '') search[key] = value;
  }
  return search;
}

/**
 * What is wrong with a typed day range (the period picker's too), each under its field: a From or To that is not a
 * day, a From after today in the business zone, else a From after the To. A form refuses to apply while any stands,
 * so a bad day is never dropped in silence and the search run without it.
 */
export function dayRangeErrors(days: { from: string; to: string }): Record<string, string> {
  const today = localDate(Date.now(), businessTimeZone());
  const errors: Record<string, string> = {};
  const from = dayFieldIssue('From', days.from, today);
  const to = dayFieldIssue('To', days.to, today);
  if (from) errors.from = from;
  if (to) errors.to = to;
  if (!from && !to && days.from !== '' && days.to !== '' && days.from > days.to) errors.to = DAY_RANGE_ORDER;
  return errors;
}

/**
 * The instant a typed day bound starts (`offset` days on: 1 for a last day, read inclusive); text that is no day is
 * handed on as typed, for the request's schema to refuse rather than for the bound to vanish.
 */
export function dayBound(day: string, offset = 0): string | null {
  if (day === '') return null;
  return isoDaySchema.safeParse(day).success ? businessDayStart(day, offset) : day;
}

/** Whether a link's day range breaks that rule: a list reads it as no range, and its form says why (under To). */
export function isReversedDayRange(days: { from?: string; to?: string }): boolean {
  return days.from !== undefined && days.to !== undefined && days.from > days.to;
}

/** The instants a list reads for a link's day range (business-zone days, `to` inclusive); none for a reversed one. */
export function dayRangeBounds(days: { from?: string; to?: string }): { from: string | null; to: string | null } {
  if (isReversedDayRange(days)) return { from: null, to: null };
  return { from: days.from ? businessDayStart(days.from) : null, to: days.to ? businessDayStart(days.to, 1) : null };
}
