import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import { stripeEventEnvelope } from '@ops/db/seed/factories';
import { readBody, sendJson, sleep } from '../http-kit.js';
import { refundObject, refundObjectFor, type StripeRefundObject } from './standin-objects.js';
import type { StandinRefund, StandinState } from './standin-state.js';

/**
 * The stand-in's test hooks: refunds that settle later, as Stripe's do, and the signed webhook events their
 * settling delivers. Reached through the stand-in's methods and, in sample mode, over HTTP under `/_standin/`.
 */

/** Where the stand-in delivers the events of its test hooks, as Stripe delivers to a webhook endpoint. */
export interface StandinWebhookTarget {
  url: string;
  secret: string;
}

/** What delivering one event to the webhook target came to (the last attempt's HTTP status, or why none). */
export interface DeliveryResult {
  eventId: string;
  type: string;
  status: number | null;
  error: string | null;
}

export type RefundSettlement = 'succeeded' | 'failed' | 'canceled';

/** The event a refund transition delivers (its object is the stand-in's refund). */
type RefundEvent = Omit<Stripe.RefundUpdatedEvent, 'type' | 'data'> & {
  type: 'refund.updated' | 'refund.failed';
  data: { object: StripeRefundObject };
};

class HookError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Moves a refund made here on (`pending` → `succeeded` | `failed` | `canceled`, or a succeeded one to `failed`) and,
 * with a `webhook` target, delivers the matching event (`refund.failed`, else `refund.updated`) to it, signed.
 */
export function transitionRefund(
  state: StandinState,
  webhook: StandinWebhookTarget | undefined,
  id: string,
  status: RefundSettlement,
  failureReason?: string,
): Promise<{ refund: StripeRefundObject; delivery: DeliveryResult | null }> {
  return state.serialized(async () => {
    const r = state.refund(id);
    if (!r) throw new HookError(404, `no refund ${id} was made through the stand-in`);
    if (r.status !== 'pending' && r.status !== 'requires_action' && !(r.status === 'succeeded' && status === 'failed'))
      throw new HookError(409, `refund ${id} is ${r.status}; it cannot become ${status}`);
    const moved: StandinRefund = {
      ...r,
      status,
      failureReason: status === 'succeeded' ? null : (failureReason ?? 'expired_or_canceled_card'),
    };
    await state.moveRefund(moved);
    const refund = (await refundObjectFor(state, r.intentId))(moved);
    const delivery = webhook ? await deliver(webhook, status === 'failed' ? 'refund.failed' : 'refund.updated', refund) : null;
    return { refund, delivery };
  });
}

/**
 * Delivers one event as Stripe does: POST of the JSON event, `Stripe-Signature: t=…,v1=HMAC-SHA256(secret,
 * "t.body")`, retried on any non-2xx answer (here a few times within seconds, where Stripe keeps trying for days).
 */
async function deliver(
  target: StandinWebhookTarget,
  type: RefundEvent['type'],
  object: StripeRefundObject,
): Promise<DeliveryResult> {
  const event: RefundEvent = stripeEventEnvelope(`evt_${randomBytes(12).toString('hex')}`, type, object);
  const payload = JSON.stringify(event);
  let last: DeliveryResult = { eventId: event.id, type, status: null, error: 'not sent' };
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const t = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', target.secret).update(`${t}.${payload}`).digest('hex');
    try {
      const res = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': `t=${t},v1=${signature}` },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      await res.text();
      last = { eventId: event.id, type, status: res.status, error: null };
      if (res.ok) return last;
    } catch (error) {
      last = { eventId: event.id, type, status: null, error: error instanceof Error ? error.message : String(error) };
    }
    await sleep(250 * attempt);
  }
  return last;
}

async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(req)).toString('utf8');
  const parsed: unknown = text.length > 0 ? JSON.parse(text) : {};
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new HookError(400, 'body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/**
 * The HTTP test hooks: JSON in, JSON out, on the stand-in's own loopback server. `POST /_standin/refunds/next`
 * `{status, failureReason?, count?}`, `GET /_standin/refunds` (newest first) and `POST /_standin/refunds/:id/transition`
 * `{status, failureReason?}`.
 */
export async function handleTestHook(
  state: StandinState,
  webhook: StandinWebhookTarget | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  path: string,
): Promise<void> {
  try {
    const input = method === 'POST' ? await readJsonObject(req) : {};
    const failure = typeof input.failureReason === 'string' ? input.failureReason : undefined;
    if (method === 'GET' && path === '/_standin/refunds') {
      return sendJson(res, 200, { data: state.newestRefunds(100).map((r) => refundObject(r, 'usd', null)) });
    }
    if (method === 'POST' && path === '/_standin/refunds/next') {
      const status = input.status;
      if (status !== 'pending' && status !== 'requires_action' && status !== 'failed')
        throw new HookError(400, 'status: must be pending, requires_action or failed');
      const count = typeof input.count === 'number' && Number.isInteger(input.count) && input.count > 0 ? input.count : 1;
      state.queueRefundOutcome(status, failure ?? null, count);
      return sendJson(res, 200, { next: { status, count } });
    }
    const m = path.match(/^\/_standin\/refunds\/([^/]+)\/transition$/);
    if (method === 'POST' && m) {
      const status = input.status;
      if (status !== 'succeeded' && status !== 'failed' && status !== 'canceled')
        throw new HookError(400, 'status: must be succeeded, failed or canceled');
      return sendJson(res, 200, await transitionRefund(state, webhook, decodeURIComponent(m[1] ?? ''), status, failure));
    }
    throw new HookError(404, `no test hook ${method} ${path}`);
  } catch (error) {
    if (error instanceof HookError) return sendJson(res, error.status, { error: error.message });
    if (error instanceof SyntaxError) return sendJson(res, 400, { error: `body is not JSON: ${error.message}` });
    throw error;
  }
}
