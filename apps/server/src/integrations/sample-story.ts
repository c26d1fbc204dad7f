import type { Db } from '@ops/db';
import { hash32, hexId } from './http-kit.js';

/**
 * One failed request the stand-ins tell the same story about, so the logs page can show a request id's log lines,
 * its Sentry event and our own audit row side by side: the latest audited action on a booking, whose Stripe
 * follow-up failed. The stand-ins read it from the sample database; without one there is no story.
 */
export interface PlantedRequest {
  requestId: string;
  at: string;
  action: string;
  bookingId: string | null;
}

export async function findPlantedRequest(db: Db): Promise<PlantedRequest | null> {
  const latest = (refundsOnly: boolean) => {
    let q = db
      .selectFrom('audit_log')
      .select(['request_id', 'occurred_at', 'action', 'resource_type', 'resource_id'])
      .where('request_id', 'is not', null)
      .where('resource_type', '=', 'booking');
    // A refund is the action whose Stripe follow-up can fail; any booking action tells the story without one.
    if (refundsOnly) q = q.where('action', 'like', 'refunds.%');
    return q.orderBy('occurred_at', 'desc').limit(1).executeTakeFirst();
  };
  const row = (await latest(true)) ?? (await latest(false));
  if (!row?.request_id) return null;
  return {
    requestId: row.request_id,
    at: new Date(row.occurred_at).toISOString(),
    action: row.action,
    bookingId: row.resource_id,
  };
}

/**
 * The incident the stand-ins tell together, so following the HighErrorRate alert leads somewhere: since shortly
 * before they started, Stripe's deliveries to `/webhooks/stripe` time out updating the payment and are answered 500
 * (so Stripe retries). Prometheus puts the 5xx spike on that route, Axiom's lines for it fail with that status and
 * message, and Sentry holds the issue, first seen when the incident began.
 */
export const SAMPLE_INCIDENT = {
  route: '/webhooks/stripe',
  operation: 'webhooks.stripe',
  /** How long before the stand-ins started it began (it is still on). */
  startedMsAgo: 25 * 60_000,
  /** The route's extra 5xx per second while it lasts (Prometheus); Sentry's issue counts as many events. */
  errorsPerSecond: 0.9,
  status: 500,
  message: 'webhook handler failed: timeout updating payment after 5000ms',
} as const;

/** The operations the sample logs' requests run: api procedures, the Stripe webhook and a worker job. */
export const SAMPLE_OPERATIONS = [
  'support.search',
  'bookings.byId',
  'refunds.create.execute',
  'revenue.summary',
  'funnel.report',
  SAMPLE_INCIDENT.operation,
  'jobs.capturePayments',
] as const;

/** One request of the sample day: what the Axiom stand-in logs and a Sentry stand-in event can be about. */
export interface SampleRequest {
  /** Stable per request, whatever the start time: the generator's choices (and the logs' people) derive from it. */
  hash: number;
  requestId: string;
  startMs: number;
  durationMs: number;
  service: 'api' | 'worker';
  operation: string;
  /** The HTTP path (webhooks arrive at /webhooks/<source>, procedures at /trpc/<name>); null for a job. */
  route: string | null;
  failed: boolean;
  /** 200, or the failure's 5xx. */
  status: number;
  /** What the request's last line says. */
  message: string;
}

const routeOf = (operation: string): string | null =>
  operation.startsWith('jobs.') ? null : operation === SAMPLE_INCIDENT.operation ? SAMPLE_INCIDENT.route : `/trpc/${operation}`;

/**
 * The sample day's requests, newest first: one every ~90 seconds before `startedAt`, the same ids in every stand-in
 * (a request's id depends on its place only). During the incident a quarter of them are Stripe deliveries, which
 * fail as SAMPLE_INCIDENT says; outside it about one request in 23 fails.
 */
export function sampleRequests(startedAt: number): SampleRequest[] {
  const out: SampleRequest[] = [];
  for (let i = 0; i < 960; i++) {
    const h = hash32(`log:${i}`);
    const startMs = startedAt - (i * 90_000 + (h % 60_000));
    const inIncident = startMs >= startedAt - SAMPLE_INCIDENT.startedMsAgo;
    const operation =
      inIncident && h % 4 === 0
        ? SAMPLE_INCIDENT.operation
        : (SAMPLE_OPERATIONS[h % SAMPLE_OPERATIONS.length] ?? 'support.search');
    const service = operation.startsWith('jobs.') ? 'worker' : 'api';
    const requestId = `req_${hexId(`req:${i}`, 12)}`;
    if (inIncident && operation === SAMPLE_INCIDENT.operation) {
      out.push({
        hash: h,
        requestId,
        startMs,
        durationMs: 5_000 + (h % 200),
        service,
        operation,
        route: SAMPLE_INCIDENT.route,
        failed: true,
        status: SAMPLE_INCIDENT.status,
        message: SAMPLE_INCIDENT.message,
      });
      continue;
    }
    const slow = operation === 'revenue.summary' || operation === 'funnel.report' ? 6 : 1;
    const failed = h % 23 === 0;
    out.push({
      hash: h,
      requestId,
      startMs,
      durationMs: Math.round((20 + (h % 180)) * slow),
      service,
      operation,
      route: routeOf(operation),
      failed,
      status: failed ? 500 : 200,
      message: failed
        ? operation === 'jobs.capturePayments'
          ? 'stripe capture timed out'
          : 'request failed'
        : 'request finished',
    });
  }
  return out;
}
