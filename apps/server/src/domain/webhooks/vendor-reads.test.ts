import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { createStripeGateway, type StripeGateway } from '../../integrations/stripe/gateway.js';
import { startStripeStandin, type StripeStandin } from '../../integrations/stripe/standin.js';
import { sleep } from '../../integrations/http-kit.js';
import { buildTestServer, createHarness, postStripeWebhook, stripeEvent, testConfig, type TestHarness } from '../../testing.js';
import { sweepWebhookEvents } from './ledger.js';

/**
 * A webhook's vendor reads happen before its transaction opens. On the embedded database (one connection) a Stripe
 * read inside the transaction waits forever on the stand-in, which answers from that same database; on PostgreSQL it
 * holds row locks across the network. The gateway below notes, at each call, whether a transaction is open.
 */
const SECRET = 'whsec_vendor_reads';
let h: TestHarness;
let standin: StripeStandin;
let app: FastifyInstance;
let real: StripeGateway;
const calls: Array<{ method: string; inTransaction: boolean }> = [];
/** The console's clock: the wall clock unless a test pins it. */
let clock: Date | null = null;

/** Is a transaction open on this database right now? PGlite's one connection is then busy: the probe waits. */
async function transactionOpen(): Promise<boolean> {
  const probe = sql<{ open: number }>`
    select count(*)::int as open from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'`
    .execute(h.dbs.api)
    .then((r) => (r.rows[0]?.open ?? 0) > 0);
  return Promise.race([probe, sleep(1_500).then(() => true)]);
}

function watched(gateway: StripeGateway): StripeGateway {
  const watch =
    <A extends unknown[], R>(method: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      calls.push({ method, inTransaction: await transactionOpen() });
      return fn(...args);
    };
  return {
    ...gateway,
    listRefunds: watch('listRefunds', gateway.listRefunds),
    getRefund: watch('getRefund', gateway.getRefund),
    getPaymentIntent: watch('getPaymentIntent', gateway.getPaymentIntent),
  };
}

beforeAll(async () => {
  h = await createHarness({ config: testConfig({ STRIPE_WEBHOOK_SECRET: SECRET }), now: () => clock ?? new Date() });
  standin = await startStripeStandin({ db: h.dbs.api });
  real = createStripeGateway({ secretKey: standin.secretKey, apiBase: standin.url, timeoutMs: 3_000, maxNetworkRetries: 0 });
  h.services.integrations.stripe = watched(real);
  app = await buildTestServer(h, { webhooks: true });
}, 600_000);

afterAll(async () => {
  if (app !== undefined) await app.close();
  if (standin !== undefined) await standin.close();
  if (h !== undefined) await h.close();
});

/** A captured payment refunded at Stripe (outside the console), and the charge.refunded event's object. */
async function refundedCharge() {
  const student = await seedStudent(h.dbs.api);
  const teacher = await seedInstructor(h.dbs.api);
  const { booking, payment } = await seedBooking(h.dbs.api, {
    studentId: student.id,
    instructorId: teacher.user.id,
    priceCents: 6_000,
    paymentStatus: 'captured',
  });
  await real.createRefund(
    { paymentIntent: payment.stripe_payment_intent_id, amountCents: 2_500 },
    { idempotencyKey: `vr-${booking.id}` },
  );
  const object = {
    id: payment.stripe_charge_id ?? `ch_${payment.stripe_payment_intent_id.slice(3)}`,
    object: 'charge',
    amount: 6_000,
    amount_refunded: 2_500,
    payment_intent: payment.stripe_payment_intent_id,
  };
  return { booking, payment, object };
}

let seq = 0;
const eventBody = (object: Record<string, unknown>) => stripeEvent(`evt_vendor_reads_${++seq}`, 'charge.refunded', object);

const refundRows = (bookingId: string) =>
  h.dbs.api.selectFrom('refunds').select(['origin', 'amount_cents', 'status']).where('booking_id', '=', bookingId).execute();

/** A charge.refunded delivery that failed (a timeout listing its refunds), for the console to replay. */
const failedDelivery = (eventId: string, object: Record<string, unknown>) =>
  h.dbs.api
    .insertInto('webhook_events')
    .values({
      source: 'stripe',
      event_id: eventId,
      type: 'charge.refunded',
      status: 'failed',
      retryable: false,
      error: 'timeout listing refunds',
      headers: JSON.stringify({}),
      payload: JSON.stringify({ id: eventId, object: 'event', type: 'charge.refunded', data: { object } }),
      received_at: new Date(),
      processed_at: new Date(),
      attempts: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

describe('vendor reads happen before the transaction', () => {
  it('replaying a failed charge.refunded from the console lists the refunds before its transaction, and processes', async () => {
    const { booking, object } = await refundedCharge();
    const failed = await failedDelivery(`evt_vendor_reads_failed_${booking.id}`, object);
    calls.length = 0;
    const oncall = h.caller('oncall');
    const preview = await oncall.webhooks.replay.preview({ id: failed.id });
    expect(preview.effects.map((e) => e.label).join(' ')).toContain('made outside the console recorded');
    const done = await oncall.webhooks.replay.execute({ confirmToken: preview.confirmToken, reason: 'Stripe reachable again' });
    expect(done.message).toMatch(/^Replay processed/);
    expect(await refundRows(booking.id)).toEqual([{ origin: 'stripe', amount_cents: 2_500, status: 'succeeded' }]);
    expect(calls.filter((c) => c.method === 'listRefunds').length).toBeGreaterThanOrEqual(2);
    expect(calls.filter((c) => c.inTransaction)).toEqual([]);
  }, 60_000);

  it("a replay stamps its ledger row and the refunds it records with the action's time, not the wall clock", async () => {
    const { booking, object } = await refundedCharge();
    const failed = await failedDelivery(`evt_vendor_reads_clock_${booking.id}`, object);
    const oncall = h.caller('oncall');
    // An hour back: far enough from the wall clock that a write reading it instead cannot pass.
    const pinned = new Date(Date.now() - 3_600_000);
    clock = pinned;
    try {
      const preview = await oncall.webhooks.replay.preview({ id: failed.id });
      await oncall.webhooks.replay.execute({ confirmToken: preview.confirmToken, reason: 'Stripe reachable again' });
    } finally {
      clock = null;
    }
    const at = (stored: string | null) => (stored === null ? null : new Date(stored).toISOString());
    const replay = await h.dbs.api
      .selectFrom('webhook_events')
      .select(['status', 'received_at', 'processed_at'])
      .where('replay_of', '=', failed.id)
      .executeTakeFirstOrThrow();
    expect({ status: replay.status, received: at(replay.received_at), processed: at(replay.processed_at) }).toEqual({
      status: 'processed',
      received: pinned.toISOString(),
      processed: pinned.toISOString(),
    });
    const refunds = await h.dbs.api.selectFrom('refunds').select(['settled_at']).where('booking_id', '=', booking.id).execute();
    expect(refunds.map((r) => at(r.settled_at))).toEqual([pinned.toISOString()]);
  }, 60_000);

  it('a replay whose event claims a refund Stripe does not list warns of it instead of saying the records reflect it', async () => {
    const { booking, object } = await refundedCharge();
    // The event says the whole $60.00 came back; Stripe lists the one $25.00 refund.
    const failed = await failedDelivery(`evt_vendor_reads_claims_${booking.id}`, { ...object, amount_refunded: 6_000 });
    const oncall = h.caller('oncall');
    const first = await oncall.webhooks.replay.preview({ id: failed.id });
    const warning = `evt_vendor_reads_claims_${booking.id} (charge.refunded): The event says $60.00 was refunded; Stripe now lists $25.00 in refunds on this charge, and the records follow Stripe`;
    expect(first.warnings).toEqual([warning]);
    await oncall.webhooks.replay.execute({ confirmToken: first.confirmToken, reason: 'Stripe reachable again' });
    expect(await refundRows(booking.id)).toEqual([{ origin: 'stripe', amount_cents: 2_500, status: 'succeeded' }]);
    // Once recorded, a second replay changes nothing, and says the records agree with Stripe, not with the event.
    const again = await oncall.webhooks.replay.preview({ id: failed.id });
    expect(again.effects.map((e) => e.label)).toContain('No change: the records already agree with Stripe');
    expect(again.warnings).toEqual([warning]);
  }, 60_000);

  it('a delivery whose refunds cannot be read fails retryably without calling Stripe inside its transaction', async () => {
    const { booking, object } = await refundedCharge();
    calls.length = 0;
    standin.failNext({ status: 500, count: 1 });
    const payload = eventBody(object);
    const res = await postStripeWebhook(app, payload, SECRET);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ status: 'failed', retryable: true });
    expect(await refundRows(booking.id)).toEqual([]);
    expect(calls).toEqual([{ method: 'listRefunds', inTransaction: false }]);

    // The sweeper's retry reads again, before its own transaction, and processes the event.
    calls.length = 0;
    expect(await sweepWebhookEvents(h.dbs.api, new Date(), h.services.integrations.stripe, { retryFailedAfterMs: 0 })).toBe(1);
    expect(await refundRows(booking.id)).toEqual([{ origin: 'stripe', amount_cents: 2_500, status: 'succeeded' }]);
    expect(calls).toEqual([{ method: 'listRefunds', inTransaction: false }]);
  }, 60_000);
});
