import type { FiringAlert } from '@ops/shared';

/** A console page that shows what an alert is about, one click from the alert. */
export type AlertPage =
  | { kind: 'payments' }
  | { kind: 'webhooks' }
  | { kind: 'jobs'; queue: string | undefined; dead: boolean }
  | { kind: 'errors' }
  | { kind: 'errorsByEndpoint' };

/** Reads a label matcher's value out of PromQL: `queue="payments"` → payments. */
function matcherValue(expr: string, label: string): string | undefined {
  return new RegExp(`\\b${label}\\s*=\\s*"([^"]+)"`).exec(expr)?.[1];
}

/**
 * The pages behind an alert, told by the series its rule reads (the console exports them itself) and, where the rule
 * says nothing, by its labels: webhook failures → failed webhooks; payment failures or the payments queue → the
 * payments pipeline; background jobs → the jobs of that queue (dead ones when the rule counts them); 5xx requests →
 * the errors, most frequent first, and the chart of 5xx by endpoint (which route the spike is on). One page of a kind
 * at most, in that order.
 */
export function alertPages(alert: Pick<FiringAlert, 'expr' | 'labels'>): AlertPage[] {
  const expr = alert.expr ?? '';
  const queue = matcherValue(expr, 'queue') ?? alert.labels.queue;
  const pages: AlertPage[] = [];
  if (expr.includes('webhook_events_total')) pages.push({ kind: 'webhooks' });
  if (expr.includes('payment_failures_total') || queue === 'payments') pages.push({ kind: 'payments' });
  if (expr.includes('background_jobs')) pages.push({ kind: 'jobs', queue, dead: matcherValue(expr, 'status') === 'dead' });
  if (expr.includes('http_request_duration_seconds') && /status\s*=~\s*"5/.test(expr))
    pages.push({ kind: 'errors' }, { kind: 'errorsByEndpoint' });
  return pages;
}
