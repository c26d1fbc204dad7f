import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Stripe from 'stripe';
import type { Services } from '../context.js';
import { receiveEvent, type IntakeResult } from '../domain/webhooks/ledger.js';
import { redactHeaders } from '../domain/webhooks/redact.js';
import { recordRejectedSample } from '../domain/webhooks/rejected-sample.js';
import type { Metrics } from './metrics.js';

/** Stripe's own default: a signed timestamp older than five minutes is a replay attempt. */
const STRIPE_TOLERANCE_SECONDS = 300;

class SignatureError extends Error {}

interface VerifiedEvent {
  eventId: string;
  type: string;
  payload: unknown;
}

function verifyStripe(raw: Buffer, header: string | undefined, secret: string): VerifiedEvent {
  if (!header) throw new SignatureError('missing Stripe-Signature header');
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(raw, header, secret, STRIPE_TOLERANCE_SECONDS);
  } catch (error) {
    throw new SignatureError(error instanceof Error ? error.message : 'signature verification failed');
  }
  return { eventId: event.id, type: event.type, payload: event };
}

/** Checkr: X-Checkr-Signature is the hex HMAC-SHA256 of the raw body, keyed with the webhook secret. */
export function checkrSignature(raw: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(raw).digest('hex');
}

function verifyCheckr(raw: Buffer, header: string | undefined, secret: string): VerifiedEvent {
  if (!header) throw new SignatureError('missing X-Checkr-Signature header');
  const expected = Buffer.from(checkrSignature(raw, secret), 'hex');
  const given = /^[0-9a-f]+$/i.test(header.trim()) ? Buffer.from(header.trim(), 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new SignatureError('X-Checkr-Signature does not match the body');
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new SignatureError('body is not JSON');
  }
  const id = typeof body === 'object' && body !== null ? (body as { id?: unknown }).id : undefined;
  const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
  if (typeof id !== 'string' || typeof type !== 'string') throw new SignatureError('event has no id or type');
  return { eventId: id, type, payload: body };
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function reply(res: FastifyReply, result: IntakeResult) {
  if (result.kind === 'duplicate')
    return res.code(200).send({ received: true, duplicate: true, id: result.id, status: result.status });
  // Only a transient failure answers 500 so the sender retries (the retry re-runs the row, see receiveEvent); a
  // permanent one (unknown entity, malformed payload) is acknowledged, or Stripe would retry it for three days.
  const code = result.kind === 'failed' && result.outcome.retryable ? 500 : 200;
  return res.code(code).send({
    received: true,
    id: result.id,
    status: result.kind,
    error: result.outcome.error,
    retryable: result.kind === 'failed' ? result.outcome.retryable : undefined,
  });
}

/**
 * POST /webhooks/stripe and /webhooks/checkr. They need the exact bytes that were signed, so the routes live in
 * their own plugin scope whose content-type parser keeps the body as a Buffer; /trpc keeps its JSON parsing.
 */
export function registerWebhookRoutes(app: FastifyInstance, services: Services, metrics?: Metrics): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    const intake =
      (
        source: 'stripe' | 'checkr',
        secret: string | undefined,
        verify: (raw: Buffer, req: FastifyRequest, secret: string) => VerifiedEvent,
      ) =>
      async (req: FastifyRequest, res: FastifyReply) => {
        if (!secret) return res.code(503).send({ error: `${source} webhooks are not configured` });
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const headers = redactHeaders(req.headers);
        const now = services.now();
        let event: VerifiedEvent;
        try {
          event = verify(raw, req, secret);
        } catch (error) {
          if (!(error instanceof SignatureError)) throw error;
          // Anyone can post here: count it, keep a capped sample without the body, never store it in full.
          metrics?.webhookRejected(source);
          const sampled = await recordRejectedSample(services.dbs.api, source, req.headers, error.message, now);
          req.log.warn({ source, reason: error.message, sampled }, 'webhook signature rejected');
          return res.code(400).send({ error: `signature verification failed: ${error.message}` });
        }
        const result = await receiveEvent(
          services.dbs.api,
          { source, eventId: event.eventId, type: event.type, headers, payload: event.payload },
          now,
          services.integrations.stripe,
        );
        return reply(res, result);
      };

    scope.post(
      '/webhooks/stripe',
      intake('stripe', services.config.STRIPE_WEBHOOK_SECRET, (raw, req, secret) =>
        verifyStripe(raw, header(req, 'stripe-signature'), secret),
      ),
    );
    scope.post(
      '/webhooks/checkr',
      intake('checkr', services.config.CHECKR_WEBHOOK_SECRET, (raw, req, secret) =>
        verifyCheckr(raw, header(req, 'x-checkr-signature'), secret),
      ),
    );
  });
}
