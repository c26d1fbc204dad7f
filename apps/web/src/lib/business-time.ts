import { addDays, DEFAULT_TIME_ZONE, formatInZone, startOfDayInstant } from '@ops/shared';
import type { RouterContext } from './guard';

/**
 * The one time convention of the console (DESIGN.md): times are shown, and calendar days are cut, in the business
 * time zone the server is configured with — never the browser's, so two agents in different places read the same
 * "Nov 17, 10:04 AM EST" and a filter "from Nov 17" means the same rows for both.
 *
 * The zone is read once, before any signed-in page loads (the `_authed` layout), and kept here so plain formatting
 * functions and search-param mappers can use it without threading it through every call.
 */
let zone = DEFAULT_TIME_ZONE;

export function businessTimeZone(): string {
  return zone;
}

/** Sets the zone (the layout does it from the server's answer; tests do it to pin one). */
export function setBusinessTimeZone(timeZone: string): void {
  zone = timeZone;
}

/** Asks the server for its business zone (cached for the session) and adopts it. */
export async function loadBusinessTimeZone(ctx: RouterContext): Promise<string> {
  const info = await ctx.queryClient.ensureQueryData({ ...ctx.trpc.auth.environment.queryOptions(), staleTime: Infinity });
  setBusinessTimeZone(info.timeZone);
  return info.timeZone;
}

/**
 * A calendar day ('YYYY-MM-DD') in the business zone → the instant it starts, as ISO; `plusDays` moves the day first
 * (an inclusive `to` day ends where the next day starts).
 */
export function businessDayStart(day: string, plusDays = 0, timeZone: string = zone): string {
  return startOfDayInstant(addDays(day, plusDays), timeZone).toISOString();
}

// The formatters below take an instant as ISO text or epoch milliseconds (a chart's axis value).

/** "Nov 17, 2026, 10:04 AM EST": date, time and the zone's abbreviation, in the business zone. */
export function formatBusinessDateTime(at: string | number | null, timeZone: string = zone): string {
  if (at === null) return '—';
  return formatInZone(at, timeZone, 'minute');
}

/** "Nov 17, 2026": the calendar date in the business zone. */
export function formatBusinessDate(at: string | number | null, timeZone: string = zone): string {
  if (at === null) return '—';
  return formatInZone(at, timeZone, 'date');
}

/** "Nov 17, 2026, 10:04:07.215 AM EST": to the millisecond, for log lines and events read in order of a few seconds. */
export function formatBusinessTimestamp(at: string | number | null, timeZone: string = zone): string {
  if (at === null) return '—';
  return formatInZone(at, timeZone, 'millisecond');
}
