import { sql } from 'kysely';
import type { Db } from '@ops/db';
import { errorAnswer, type Saved } from './standin-wire.js';

/**
 * Stripe's idempotency keys, kept in `stripe_standin_idempotency` as Stripe keeps them across our restarts: a key
 * is taken by its first request (a row with no response yet), then holds that request's answer for 24 hours.
 */
const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export type Claim = { claimed: true } | { claimed: false; answer: Saved; replayOf: string | null };

const expiry = (): string => new Date(Date.now() - IDEMPOTENCY_TTL_MS).toISOString();

/** A key that refuses this request: 409 while its first request runs (`code`), else 400. */
const refusal = (message: string, code?: string): Claim => ({
  claimed: false,
  replayOf: null,
  answer: errorAnswer(code ? 409 : 400, { type: 'idempotency_error', code, message }),
});

/** Stripe compares the whole request: same endpoint and the same parameters, in any order. */
export function requestDigest(method: string, path: string, body: string): string {
  const params = [...new URLSearchParams(body)].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `${method} ${path} ${JSON.stringify(params)}`;
}

/**
 * Takes `key` for this request, unless a live row holds it: then that row is the answer (replayed, refused for
 * other parameters, or 409 while its first request still runs). A row older than 24 hours is expired, as Stripe's
 * keys are, and taken over.
 */
export async function claimKey(db: Db, key: string, digest: string, requestId: string): Promise<Claim> {
  const taken = await db
    .insertInto('stripe_standin_idempotency')
    .values({ key, digest, status: null, body: null, request_id: requestId })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ digest, status: null, body: null, request_id: requestId, saved_at: sql`now()` })
        .where('stripe_standin_idempotency.saved_at', '<', expiry()),
    )
    .returning('key')
    .executeTakeFirst();
  if (taken) return { claimed: true };
  const entry = await db
    .selectFrom('stripe_standin_idempotency')
    .select(['digest', 'status', 'body', 'request_id'])
    .where('key', '=', key)
    .executeTakeFirst();
  // The holder let go in between (its request failed validation): take the key again.
  if (!entry) return claimKey(db, key, digest, requestId);
  if (entry.digest !== digest) {
    return refusal(
      `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    );
  }
  if (entry.status === null) {
    return refusal(
      `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
      'idempotency_key_in_use',
    );
  }
  return { claimed: false, replayOf: entry.request_id, answer: { status: entry.status, body: entry.body } };
}

/** Saves the answer of the request holding `key`, to be replayed to every retry with it. */
export async function saveAnswer(db: Db, key: string, requestId: string, answer: Saved): Promise<void> {
  await db
    .updateTable('stripe_standin_idempotency')
    .set({ status: answer.status, body: JSON.stringify(answer.body) })
    .where('key', '=', key)
    .where('request_id', '=', requestId)
    .execute();
}

/** Lets go of `key` with nothing saved, so that a retry with it runs. */
export async function releaseKey(db: Db, key: string, requestId: string): Promise<void> {
  await db.deleteFrom('stripe_standin_idempotency').where('key', '=', key).where('request_id', '=', requestId).execute();
}

/** Keys older than Stripe's 24 hours are gone for good. */
export async function forgetExpiredKeys(db: Db): Promise<void> {
  await db.deleteFrom('stripe_standin_idempotency').where('saved_at', '<', expiry()).execute();
}
