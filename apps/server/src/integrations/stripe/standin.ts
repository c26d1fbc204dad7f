import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '@ops/db';
import { bearerToken, listen, readBody, sendJson, type ListeningServer } from '../http-kit.js';
import { routeConnect } from './standin-connect.js';
import { Faults, type InjectedFault } from './standin-faults.js';
import { handleTestHook, transitionRefund, type RefundSettlement, type StandinWebhookTarget } from './standin-hooks.js';
import { claimKey, forgetExpiredKeys, releaseKey, requestDigest, saveAnswer } from './standin-idempotency.js';
import { refundObjectFor, type StripeRefundObject } from './standin-objects.js';
import { route } from './standin-routes.js';
import { StandinState } from './standin-state.js';
import { ApiError, errorAnswer, parseForm, type Saved } from './standin-wire.js';

export { parseForm } from './standin-wire.js';
export type { StripeRefundObject } from './standin-objects.js';
export type { DeliveryResult, StandinWebhookTarget } from './standin-hooks.js';

/**
 * A Stripe stand-in for the subset the console uses, speaking Stripe's wire format: form-encoded bracket bodies,
 * list envelopes, the error envelope, request ids and idempotency keys. Payment intents, charges, customers and
 * disputes are built on demand from the database rows, so every payment the sample data holds exists here. Refunds
 * made through the stand-in and its idempotency memory live in the database (`stripe_standin_refunds`,
 * `stripe_standin_idempotency`), as Stripe keeps both across our restarts; captures and cancellations are kept in
 * memory.
 */
export interface StripeStandin extends ListeningServer {
  secretKey: string;
  /**
   * The next `count` requests fail with `status`. `where: 'edge'` (default) fails before Stripe's API sees the
   * request (a load balancer 5xx: nothing executes, nothing is saved under the idempotency key, a retry goes
   * through); `where: 'api'` is Stripe's own failure, saved under the key and replayed like any first response.
   */
  failNext(fault: InjectedFault): void;
  /** The next `count` requests are held `ms` before being executed (after their idempotency key is taken). */
  delayNext(ms: number, count?: number): void;
  /** Drops faults and delays not yet used up. */
  clearFaults(): void;
  /** Refunds created through this stand-in since it started (replays do not count). */
  refundsCreated(): number;
  /**
   * Test hook: the next `count` refunds are answered with `status` (`pending` or `requires_action`: settled later
   * with `transitionRefund`; `failed`: refused by the bank) instead of `succeeded`.
   */
  nextRefund(next: { status: 'pending' | 'requires_action' | 'failed'; failureReason?: string; count?: number }): void;
  /**
   * Test hook: a refund made here moves on, as Stripe's do later (`pending` → `succeeded` | `failed` | `canceled`).
   * With a `webhook` target the matching event (`refund.failed`, else `refund.updated`) is delivered to it, signed.
   */
  transitionRefund(id: string, status: RefundSettlement, failureReason?: string): Promise<StripeRefundObject>;
  /** The refunds made here for one payment intent, as Stripe lists them. */
  refundsOf(intentId: string): Promise<StripeRefundObject[]>;
  /** Requests received, optionally only those whose method and path match. */
  requestCount(filter?: { method?: string; path?: string | RegExp }): number;
}

export interface StripeStandinOptions {
  db: Db;
  secretKey?: string;
  port?: number;
  /**
   * Serves the test hooks over HTTP on the stand-in's own server (sample mode only, never with a real Stripe):
   * `POST /_standin/refunds/next` `{status, failureReason?, count?}`, `GET /_standin/refunds` (newest first) and
   * `POST /_standin/refunds/:id/transition` `{status, failureReason?}`.
   */
  testHooks?: boolean;
  /** Signed delivery of the events a transition causes (the console's `/webhooks/stripe`). */
  webhook?: StandinWebhookTarget;
}

/** What one running stand-in holds, handed to each request. */
interface Running {
  options: StripeStandinOptions;
  secretKey: string;
  state: StandinState;
  faults: Faults;
  seen: Array<{ method: string; path: string }>;
}

/** Stripe's request ids: `req_` and 14 characters, unique across restarts. */
const newRequestId = (): string => `req_${randomBytes(7).toString('hex')}`;

const unauthorized = (key: string | null): Saved => {
  const shown = key ? `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : '';
  return errorAnswer(401, {
    type: 'invalid_request_error',
    message: key ? `Invalid API Key provided: ${shown}` : 'You did not provide an API key.',
  });
};

/**
 * One request, in Stripe's order: authentication, a fault at the edge, the idempotency key, a delay, then Stripe's
 * own fault or the endpoint's answer, saved under the key unless the request failed validation.
 */
async function handle(s: Running, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { db } = s.options;
  const method = req.method ?? 'GET';
  const path = url.pathname;
  if (s.options.testHooks && path.startsWith('/_standin/')) {
    return handleTestHook(s.state, s.options.webhook, req, res, method, path);
  }
  s.seen.push({ method, path });
  const requestId = newRequestId();
  const reply = (answer: Saved, extra: Record<string, string> = {}) =>
    sendJson(res, answer.status, answer.body, { 'request-id': requestId, ...extra });

  const key = bearerToken(req);
  if (key !== s.secretKey) return reply(unauthorized(key));
  const body = method === 'POST' ? (await readBody(req)).toString('utf8') : url.search.slice(1);
  const edgeFault = s.faults.take('edge');
  if (edgeFault) return reply(edgeFault);
  const params = parseForm(body);

  const idemKey = method === 'POST' ? req.headers['idempotency-key'] : undefined;
  const keyName = typeof idemKey === 'string' && idemKey.length > 0 ? idemKey : null;
  if (keyName) {
    const claim = await claimKey(db, keyName, requestDigest(method, path, body), requestId);
    if (!claim.claimed) {
      return reply(claim.answer, claim.replayOf ? { 'idempotent-replayed': 'true', 'original-request': claim.replayOf } : {});
    }
  }

  await s.faults.wait();

  let result = s.faults.take('api');
  let saved = true;
  if (!result) {
    try {
      result = (await routeConnect(db, req, method, path, params)) ?? (await route(s.state, method, path, params));
    } catch (error) {
      if (!(error instanceof ApiError)) {
        // An unexpected failure (e.g. the database) is not Stripe's answer: free the key so a retry can run.
        if (keyName) await releaseKey(db, keyName, requestId);
        throw error;
      }
      result = error.answer();
      saved = !error.validation;
    }
  }
  if (keyName) {
    if (saved) await saveAnswer(db, keyName, requestId, result);
    else await releaseKey(db, keyName, requestId);
  }
  reply(result);
}

export async function startStripeStandin(options: StripeStandinOptions): Promise<StripeStandin> {
  const { db } = options;
  const running: Running = {
    options,
    secretKey: options.secretKey ?? 'sk_test_sample',
    state: await StandinState.load(db),
    faults: new Faults(),
    seen: [],
  };
  const { state, faults, seen } = running;
  // A start is a fine moment to let expired keys go.
  await forgetExpiredKeys(db);
  const server = await listen((req, res, url) => handle(running, req, res, url), options.port);
  return {
    ...server,
    secretKey: running.secretKey,
    failNext: (f) => faults.failNext(f),
    delayNext: (ms, count) => faults.delayNext(ms, count),
    clearFaults: () => faults.clear(),
    refundsCreated: () => state.refundsCreated,
    nextRefund: (n) => state.queueRefundOutcome(n.status, n.failureReason ?? null, n.count ?? 1),
    transitionRefund: async (id, status, failureReason) =>
      (await transitionRefund(state, options.webhook, id, status, failureReason)).refund,
    refundsOf: async (intentId) => {
      const toObject = await refundObjectFor(state, intentId);
      return state.refundsOf(intentId).map(toObject);
    },
    requestCount: (filter) =>
      seen.filter(
        (r) =>
          (!filter?.method || r.method === filter.method) &&
          (!filter?.path || (typeof filter.path === 'string' ? r.path === filter.path : filter.path.test(r.path))),
      ).length,
  };
}
