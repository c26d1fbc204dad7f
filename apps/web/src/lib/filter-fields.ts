import { DAY_RANGE_ORDER } from '@ops/shared';
import { businessDayStart } from './business-time';
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

/** A day range's one rule across its fields (the period picker's too): the first day may not come after the last. */
export function dayRangeErrors(days: { from: string; to: string }): Record<string, string> {
  return days.from !== '' && days.to !== '' && days.from > days.to ? { to: DAY_RANGE_ORDER } : {};
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
