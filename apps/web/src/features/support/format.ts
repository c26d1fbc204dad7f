import { formatCount, plural } from '@ops/shared';
import { formatBusinessDate, formatBusinessDateTime } from '../../lib/business-time';

/**
 * Times on the support pages: the date, the time and the zone's abbreviation, in the business time zone (never
 * the browser's), so rows from different days read unambiguously and two agents quote the same time.
 */
export function when(iso: string | null, timeZone?: string): string {
  return formatBusinessDateTime(iso, timeZone);
}

/** The date alone ("Nov 17, 2026") in the business zone, for narrow columns; the full time goes in a title. */
export function day(iso: string | null, timeZone?: string): string {
  return formatBusinessDate(iso, timeZone);
}

export function statusColor(status: string): string {
  if (['active', 'completed', 'captured', 'sent', 'succeeded', 'paid', 'processed', 'ok', 'passed'].includes(status))
    return 'green';
  if (['suspended', 'failed', 'refunded', 'dead', 'down', 'no_show', 'overdue'].includes(status)) return 'red';
  if (['cancelled', 'deactivated', 'skipped', 'not_configured'].includes(status)) return 'gray';
  return 'yellow';
}

/** "25 matches", or "1,000+ matches" when the server stopped counting at its cap (it never claims an exact figure). */
export function matchCount(total: number, capped: boolean): string {
  return capped ? `${formatCount(total)}+ matches` : plural(total, 'match', 'matches');
}
