/** Dates on the support pages: local time with the date, so rows from different days read unambiguously. */
export function when(iso: string | null): string {
  if (iso === null) return '—';
  return new Date(iso).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

/** The date alone ("Nov 17, 2026"), for narrow columns; the full time goes in a title. */
export function day(iso: string | null): string {
  if (iso === null) return '—';
  return new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function statusColor(status: string): string {
  if (['active', 'completed', 'captured', 'sent', 'succeeded', 'paid', 'processed', 'ok', 'passed'].includes(status))
    return 'green';
  if (['suspended', 'failed', 'refunded', 'dead', 'down', 'no_show'].includes(status)) return 'red';
  if (['cancelled', 'deactivated', 'skipped', 'not_configured'].includes(status)) return 'gray';
  return 'yellow';
}
