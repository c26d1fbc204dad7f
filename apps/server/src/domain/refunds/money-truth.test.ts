import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fraudSignals } from '@ops/shared';
import type { StripeStandin } from '../../integrations/stripe/standin.js';
import {
  buildTestServer,
  createHarness,
  plugStripeStandin,
  postStripeWebhook,
  rejection,
  seedLesson,
  stripeEvent,
  testConfig,
  type TestHarness,
} from '../../testing.js';
import { webhooksHealth } from '../health/postgres-sources.js';
import { sweepWebhookEvents } from '../webhooks/ledger.js';
import { reconcilePendingRefunds } from './settle.js';

const SECRET = 'whsec_money_truth';
let h: TestHarness;
let stripe: StripeStandin;
let app: FastifyInstance;

beforeAll(async () => {
  h = await createHarness({ config: testConfig({ STRIPE_WEBHOOK_SECRET: SECRET }) });
  stripe = await plugStripeStandin(h, { timeoutMs: 400 });
  app = await buildTestServer(h, { webhooks: true });
}, 600_000);

afterAll(async () => {
  if (app !== undefined) await app.close();
  if (stripe !== undefined) await stripe.close();
  if (h !== undefined) await h.close();
});

const booking = (opts: Parameters<typeof seedLesson>[1]) => seedLesson(h.dbs.api, opts);

let eventSeq = 0;
const event = (type: string, object: Record<string, unknown>, id = `evt_truth_${++eventSeq}`): string =>
  stripeEvent(id, type, object);
const post = (payload: string) => postStripeWebhook(app, payload, SECRET);
const paymentOf = (bookingId: string) =>
  h.dbs.api
    .selectFrom('payments')
    .select(['id', 'status', 'amount_refunded_cents', 'stripe_payment_intent_id', 'stripe_charge_id'])
    .where('booking_id', '=', bookingId)
    .executeTakeFirstOrThrow();
const refundsOf = (bookingId: string) =>
  h.dbs.api
    .selectFrom('refunds')
    .select(['id', 'status', 'amount_cents', 'kind', 'origin', 'instructor_payout_cents', 'stripe_refund_id', 'error'])
    .where('booking_id', '=', bookingId)
    .orderBy('created_at')
    .execute();

describe('1. a refund is counted once, whatever order Stripe and our settling arrive in', () => {
  it("charge.refunded landing while our refund is still pending leaves the payment at Stripe's total", async () => {
    const { booking: b } = await booking({ hoursAhead: 72, priceCents: 8_000, paymentStatus: 'captured' });
    const admin = h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id, amountCents: 4_000 });
    // Stripe makes the refund but our call times out: the row stays pending (the crash / 5xx window).
    stripe.delayNext(1_000);
    await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Half back' });
    const payment = await paymentOf(b.id);
    const [pending] = await refundsOf(b.id);
    expect(pending?.status).toBe('pending');
    await new Promise((r) => setTimeout(r, 800));

    // Stripe's webhook lands first (no refunds list since 2022-11-15: the handler lists them through the API).
    const res = await post(
      event('charge.refunded', {
        id: payment.stripe_charge_id ?? 'ch_x',
        object: 'charge',
        payment_intent: payment.stripe_payment_intent_id,
        amount: 8_000,
        amount_refunded: 4_000,
      }),
    );
    expect(res.json()).toMatchObject({ status: 'processed', error: null });
    // Then our reconciliation settles the same refund.
    await reconcilePendingRefunds(h.services, { olderThanMs: 0 });
    await reconcilePendingRefunds(h.services, { olderThanMs: 0 });
    expect(await paymentOf(b.id)).toMatchObject({ status: 'partially_refunded', amount_refunded_cents: 4_000 });
    const rows = await refundsOf(b.id);
    expect(rows.map((r) => [r.status, r.amount_cents])).toEqual([['succeeded', 4_000]]);
    // The other $40 can still be refunded.
    const rest = await admin.refunds.create.preview({ bookingId: b.id });
    expect(rest.effects.map((e) => e.label)).toContain('Refund $40.00 to the card ending 4242');
  });
});

describe('2. a webhook whose process died before handling it is not lost', () => {
  it('the next delivery of the event processes a received row whose lease is over, and so does the sweeper', async () => {
    const { booking: b, payment } = await booking({ hoursAhead: 20, priceCents: 6_000, paymentStatus: 'pending' });
    const payload = event('payment_intent.amount_capturable_updated', {
      id: payment.stripe_payment_intent_id,
      object: 'payment_intent',
      amount_capturable: 6_000,
    });
    const parsed = JSON.parse(payload) as { id: string; type: string };
    // What a process killed between writing the row and running the handler leaves behind.
    const insertCrashed = (eventId: string) =>
      h.dbs.api
        .insertInto('webhook_events')
        .values({
          source: 'stripe',
          event_id: eventId,
          type: parsed.type,
          status: 'received',
          headers: '{}',
          payload,
          received_at: new Date(Date.now() - 5 * 60_000),
        })
        .execute();
    await insertCrashed(parsed.id);
    const res = await post(payload);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'processed' });
    expect((await paymentOf(b.id)).status).toBe('authorized');

    const other = await booking({ hoursAhead: 20, priceCents: 6_000, paymentStatus: 'pending' });
    const payload2 = event('payment_intent.amount_capturable_updated', {
      id: other.payment.stripe_payment_intent_id,
      object: 'payment_intent',
    });
    const id2 = (JSON.parse(payload2) as { id: string }).id;
    await h.dbs.api
      .insertInto('webhook_events')
      .values({
        source: 'stripe',
        event_id: id2,
        type: 'payment_intent.amount_capturable_updated',
        status: 'received',
        headers: '{}',
        payload: payload2,
        received_at: new Date(Date.now() - 5 * 60_000),
      })
      .execute();
    expect(await sweepWebhookEvents(h.dbs.api, new Date(), h.services.integrations.stripe)).toBeGreaterThanOrEqual(1);
    expect((await paymentOf(other.booking.id)).status).toBe('authorized');
    const row = await h.dbs.api
      .selectFrom('webhook_events')
      .select(['status', 'attempts'])
      .where('event_id', '=', id2)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'processed', attempts: 1 });
  });
});

describe('3. events about things we do not have are not retried forever', () => {
  it('unknown payment intents and payloads without data.object are permanent failures, answered 2xx, counted as permanent and not as retryable', async () => {
    const before = await webhooksHealth(h.dbs.api, new Date());
    const unknown = await post(event('payment_intent.succeeded', { id: 'pi_not_ours', object: 'payment_intent' }));
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json()).toMatchObject({ status: 'failed', retryable: false });
    const body = JSON.stringify({ id: 'evt_truth_no_object', object: 'event', type: 'charge.refunded', data: {} });
    const malformed = await post(body);
    expect(malformed.statusCode).toBe(200);
    expect(malformed.json()).toMatchObject({ status: 'failed', retryable: false });
    const list = await h.caller('oncall').webhooks.list({ status: 'failed' });
    expect(list.items.find((i) => i.eventId === 'evt_truth_no_object')?.retryable).toBe(false);
    const after = await webhooksHealth(h.dbs.api, new Date());
    // The command center counts them among the failures a replay cannot fix, the ones to reconcile by hand.
    expect(after.permanent24h).toBe(before.permanent24h + 2);
    expect(after.retryable24h).toBe(before.retryable24h);
  });
});

describe('4. limits apply to totals, not to each piece', () => {
  it('support cannot refund $200 of one booking as 2 × $100', async () => {
    const { booking: b } = await booking({ hoursAhead: 72, priceCents: 30_000, paymentStatus: 'captured' });
    const support = h.caller('support');
    const first = await support.refunds.create.preview({ bookingId: b.id, amountCents: 10_000 });
    await support.refunds.create.execute({ confirmToken: first.confirmToken, reason: 'Part one' });
    const second = await support.refunds.create.preview({ bookingId: b.id, amountCents: 10_000 });
    expect(second.warnings).toContain(
      "Your role may give a student up to $100.00 back per booking, card or credit (an instructor's late-cancellation share does not count); on this booking the student would have $200.00 back ($100.00 already + $100.00 now), which needs an admin (refunds.execute).",
    );
    // Over the cap, support's confirm becomes a request for an admin; no money moves on its own.
    const result = await support.refunds.create.execute({ confirmToken: second.confirmToken, reason: 'Part two' });
    expect(result.approvalId).toBeTruthy();
    expect((await refundsOf(b.id)).map((r) => r.amount_cents)).toEqual([10_000]);
  });

  it('one admin refunding $900 as 2 × $450 needs a second admin for the second, saying which total tripped', async () => {
    const { booking: b } = await booking({ hoursAhead: 72, priceCents: 100_000, paymentStatus: 'captured' });
    const admin = h.caller('admin');
    const first = await admin.refunds.create.preview({ bookingId: b.id, amountCents: 45_000 });
    expect(first.requiresApproval).toBe(false);
    await admin.refunds.create.execute({ confirmToken: first.confirmToken, reason: 'Part one' });
    const second = await admin.refunds.create.preview({ bookingId: b.id, amountCents: 45_000 });
    expect(second.requiresApproval).toBe(true);
    expect(second.warnings.join(' ')).toContain('the student would have $900.00 back on this booking');
    expect(second.warnings.join(' ')).toMatch(
      /\$450\.00 already given back to .+ by you in the last 24 hours \(\$450\.00 refunded\) \+ \$450\.00 now = \$900\.00/,
    );
    await admin.refunds.create.execute({ confirmToken: second.confirmToken, reason: 'Part two' });
    expect((await refundsOf(b.id)).map((r) => r.amount_cents)).toEqual([45_000]);
  });
});

describe('5. the Stripe refund lifecycle', () => {
  it('a refund pending at Stripe that then fails makes the money refundable again, with the failure explained', async () => {
    const { booking: b } = await booking({ hoursAhead: 72, priceCents: 5_000, paymentStatus: 'captured' });
    const admin = h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id });
    stripe.nextRefund({ status: 'pending' });
    await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Pending at the bank' });
    const [row] = await refundsOf(b.id);
    expect(row).toMatchObject({ status: 'pending', stripe_refund_id: expect.stringMatching(/^re_/) as unknown });
    expect(await paymentOf(b.id)).toMatchObject({ amount_refunded_cents: 0 });
    const failed = await stripe.transitionRefund(row?.stripe_refund_id ?? '', 'failed', 'expired_or_canceled_card');
    const res = await post(
      event('refund.failed', { ...failed, payment_intent: (await paymentOf(b.id)).stripe_payment_intent_id }),
    );
    expect(res.json()).toMatchObject({ status: 'processed' });
    const [after] = await refundsOf(b.id);
    expect(after?.status).toBe('failed');
    expect(after?.error).toContain('expired_or_canceled_card');
    expect(await paymentOf(b.id)).toMatchObject({ status: 'captured', amount_refunded_cents: 0 });
    const again = await admin.refunds.create.preview({ bookingId: b.id });
    expect(again.effects.map((e) => e.label)).toContain('Refund $50.00 to the card ending 4242');
  });

  it('a disputed charge is refused by the stand-in as Stripe does (charge_disputed)', async () => {
    const { booking: b, payment } = await booking({ hoursAhead: 72, priceCents: 5_000, paymentStatus: 'captured' });
    await h.dbs.api
      .updateTable('payments')
      .set({ disputed_at: new Date(), dispute_status: 'needs_response' })
      .where('id', '=', payment.id)
      .execute();
    const err = await rejection(
      h.services.integrations.stripe?.createRefund(
        { paymentIntent: payment.stripe_payment_intent_id },
        { idempotencyKey: `k-${b.id}` },
      ) ?? Promise.resolve(),
    );
    expect(err.message).toContain('disputed');
  });
});

describe('6. the preview is what execute does', () => {
  it('a $50 refund of an authorized $120 payment captures exactly the $70 kept', async () => {
    const { booking: b, payment } = await booking({ hoursAhead: 30, priceCents: 12_000, paymentStatus: 'authorized' });
    const admin = h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id, amountCents: 5_000 });
    const labels = preview.effects.map((e) => e.label);
    expect(labels.some((l) => l.startsWith('Capture $70.00'))).toBe(true);
    expect(labels.some((l) => l.startsWith('Release $50.00'))).toBe(true);
    await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Shorter lesson' });
    const intent = await h.services.integrations.stripe?.getPaymentIntent(payment.stripe_payment_intent_id);
    expect(intent?.amountReceivedCents).toBe(7_000);
    const rows = await refundsOf(b.id);
    expect(rows.map((r) => [r.kind, r.status, r.amount_cents])).toEqual([['release', 'succeeded', 5_000]]);
    expect(await paymentOf(b.id)).toMatchObject({ status: 'captured', amount_refunded_cents: 0 });
  });

  it('a disputed charge cannot be refunded; the preview says why, and the booking says so before anyone fills a form', async () => {
    const { booking: b, payment } = await booking({
      hoursAhead: -200,
      priceCents: 5_000,
      paymentStatus: 'captured',
      status: 'completed',
    });
    expect((await h.caller('admin').bookings.byId({ bookingId: b.id })).refundRefusal).toBeNull();
    await h.dbs.api
      .updateTable('payments')
      .set({ disputed_at: new Date(), dispute_status: 'needs_response' })
      .where('id', '=', payment.id)
      .execute();
    const err = await rejection(h.caller('admin').refunds.create.preview({ bookingId: b.id, overrideCode: 'PLATFORM_ERROR' }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('charge_disputed');
    expect(err.message).toContain('is disputed (dispute needs response)');
    const info = await h.caller('admin').bookings.byId({ bookingId: b.id });
    expect(info.refundableCents).toBe(5_000);
    expect(`bookingId: ${info.refundRefusal}`).toBe(err.message);
  });

  it('a delivered lesson needs an override code and never pays the instructor a second share', async () => {
    const { booking: b } = await booking({ hoursAhead: -960, priceCents: 6_000, paymentStatus: 'captured', status: 'completed' });
    const admin = h.caller('admin');
    const err = await rejection(admin.refunds.create.preview({ bookingId: b.id }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('overrideCode');
    // More than was paid is wrong whatever the code: that is said first, not the code the timing needs.
    const tooMuch = await rejection(admin.refunds.create.preview({ bookingId: b.id, amountCents: 20_000 }));
    expect(tooMuch.message).toBe(`amountCents: at most $60.00 is left to refund on booking ${b.short_id}`);
    const preview = await admin.refunds.create.preview({ bookingId: b.id, overrideCode: 'PLATFORM_ERROR' });
    expect(preview.effects.map((e) => e.label).join(' ')).not.toContain('late-cancellation share');
    await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Platform error' });
    const rows = await refundsOf(b.id);
    expect(rows.map((r) => r.instructor_payout_cents)).toEqual([0]);
    const payouts = await h.dbs.api.selectFrom('payouts').select('id').where('booking_id', '=', b.id).execute();
    expect(payouts).toHaveLength(0);
  });

  it("the booking's page is told why force complete would refuse, in the preview's own words", async () => {
    const { booking: unpaid } = await booking({ hoursAhead: -2, priceCents: 6_000, paymentStatus: 'pending' });
    const admin = h.caller('admin');
    const err = await rejection(admin.bookings.complete.preview({ bookingId: unpaid.id }));
    const info = await admin.bookings.byId({ bookingId: unpaid.id });
    expect(info.completeRefusal).toBe(`booking ${unpaid.short_id} has no authorized payment to capture`);
    expect(`bookingId: ${info.completeRefusal}`).toBe(err.message);
    const { booking: paid } = await booking({ hoursAhead: -2, priceCents: 6_000, paymentStatus: 'authorized' });
    expect((await admin.bookings.byId({ bookingId: paid.id })).completeRefusal).toBeNull();
  });

  it('an override refund is staff correcting a mistake, not the student asking: it raises no fraud signal', async () => {
    const { booking: b } = await booking({ hoursAhead: 72, priceCents: 20_000, paymentStatus: 'captured' });
    const admin = h.caller('admin');
    const asked = await admin.refunds.create.preview({ bookingId: b.id, amountCents: 5_000 });
    await admin.refunds.create.execute({ confirmToken: asked.confirmToken, reason: 'Student asked for part back' });
    const platform = await admin.refunds.create.preview({ bookingId: b.id, overrideCode: 'PLATFORM_ERROR' });
    await admin.refunds.create.execute({ confirmToken: platform.confirmToken, reason: 'Our video room failed' });
    const origins = await h.dbs.api
      .selectFrom('refunds')
      .select(['origin', 'override_code'])
      .where('booking_id', '=', b.id)
      .orderBy('created_at')
      .execute();
    expect(origins).toEqual([
      { origin: 'student_request', override_code: null },
      { origin: 'staff', override_code: 'PLATFORM_ERROR' },
    ]);
  });
});

describe('7. releases are not refunds; cascades are not the student asking', () => {
  it('a released authorization is its own kind and no fraud signal counts it or a cascade refund', async () => {
    const { booking: b } = await booking({ hoursAhead: 30, priceCents: 40_000, paymentStatus: 'authorized' });
    const admin = h.caller('admin');
    const preview = await admin.refunds.create.preview({ bookingId: b.id });
    await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Never charged' });
    const [row] = await refundsOf(b.id);
    expect(row).toMatchObject({ kind: 'release', status: 'succeeded', amount_cents: 40_000 });
    expect(await paymentOf(b.id)).toMatchObject({ status: 'cancelled', amount_refunded_cents: 0 });
    const now = new Date().toISOString();
    expect(
      fraudSignals({
        bookingCount: 2,
        refunds: [
          { bookingId: 'a', amountCents: 64_000, createdAt: now, kind: 'release', origin: 'student_request' },
          { bookingId: 'b', amountCents: 64_000, createdAt: now, kind: 'refund', origin: 'cascade' },
        ],
      }),
    ).toEqual([]);
  });
});
