import { sql } from 'kysely';
import type { Db } from '@ops/db';
import { REDACTED } from './redact.js';

/** Rejected requests kept per source per hour: enough to diagnose a misconfigured secret, not a storage sink. */
export const REJECTED_SAMPLE_PER_HOUR = 20;
/** The only headers kept from an unverified request, each cut to 200 characters. */
const KEPT_HEADERS = ['content-type', 'content-length', 'user-agent', 'stripe-signature', 'x-checkr-signature'];
const SECRET = new Set(['stripe-signature', 'x-checkr-signature']);

/**
 * Records an unsigned or badly signed webhook as a `rejected` ledger row — its reason and a few headers, never
 * the body — unless this source already has REJECTED_SAMPLE_PER_HOUR of them in the last hour. A per-source
 * transaction lock makes the count and the insert one step, so concurrent senders cannot overshoot the cap.
 * Returns whether a row was written.
 */
export async function recordRejectedSample(
  db: Db,
  source: string,
  headers: Record<string, string | string[] | undefined>,
  error: string,
  now: Date,
): Promise<boolean> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (value === undefined) continue;
    kept[name] = SECRET.has(name) ? REDACTED : (Array.isArray(value) ? value.join(', ') : value).slice(0, 200);
  }
  const since = new Date(now.getTime() - 3_600_000);
  const result = await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`webhooks.rejected:${source}`}))`.execute(tx);
    return sql`
    insert into webhook_events (source, event_id, type, status, headers, payload, error, received_at, processed_at, duration_ms)
    select ${source}, null, 'unverified', 'rejected', ${JSON.stringify(kept)}::jsonb, null, ${error.slice(0, 300)}, ${now}, ${now}, 0
    where (
      select count(*) from webhook_events
      where status = 'rejected' and source = ${source} and received_at > ${since}
    ) < ${REJECTED_SAMPLE_PER_HOUR}`.execute(tx);
  });
  return Number(result.numAffectedRows ?? 0) > 0;
}
