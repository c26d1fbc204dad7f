import type { Db } from '@ops/db';

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
