import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStoryRows } from '@ops/db/seed/plant-stories';
import { insertRowSet } from '@ops/db/seed/row-set';
import { seedBooking, seedCategoriesAndServices, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { FAILED_WEBHOOKS, STUCK_PAYMENTS } from '@ops/db/seed/stories';
import { checkrSignature } from '../http/webhooks.js';
import { buildTestServer, createHarness, rejection, stripeEvent, testConfig, type TestHarness } from '../testing.js';

const STRIPE_SECRET = 'whsec_test_secret';
const CHECKR_SECRET = 'checkr_test_secret';

describe('webhook intake and ledger', () => {
  let h: TestHarness;
  let app: FastifyInstance;

  const post = (payload: string, signature: string, path = '/webhooks/stripe', header = 'stripe-signature') =>
    app.inject({
      method: 'POST',
      url: path,
      payload,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        [header]: signature,
        authorization: 'Bearer should-not-be-stored',
      },
    });
  const signed = (payload: string) => post(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_SECRET }));

  async function authorizedBooking() {
    const student = await seedStudent(h.dbs.api);
    const teacher = await seedInstructor(h.dbs.api);
    return seedBooking(h.dbs.api, {
      studentId: student.id,
      instructorId: teacher.user.id,
      status: 'confirmed',
      paymentStatus: 'authorized',
    });
  }
  const paymentRow = (id: string) =>
    h.dbs.api
      .selectFrom('payments')
      .select(['status', 'captured_at', 'amount_refunded_cents', 'disputed_at', 'dispute_status', 'dispute_evidence_due_by'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    h = await createHarness({
      config: testConfig({ STRIPE_WEBHOOK_SECRET: STRIPE_SECRET, CHECKR_WEBHOOK_SECRET: CHECKR_SECRET }),
    });
    app = await buildTestServer(h, { webhooks: true });
    await seedCategoriesAndServices(h.dbs.api);
    const staff = Object.values(h.staff).map((s) => ({ id: s.id, email: s.email, role: s.role }));
    await insertRowSet(h.dbs.api, buildStoryRows(new Date(), staff));
  }, 600_000);
  afterAll(async () => {
    await app.close();
    await h.close();
  });

  it('a signed payment_intent.succeeded is recorded, processed, and captures the booking payment; a repeat is acknowledged without a second effect', async () => {
    const { booking, payment } = await authorizedBooking();
    const payload = stripeEvent('evt_test_capture_1', 'payment_intent.succeeded', {
      id: payment.stripe_payment_intent_id,
      object: 'payment_intent',
      amount_received: payment.amount_cents,
      status: 'succeeded',
    });
    const res = await signed(payload);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ received: true, status: 'processed' });

    const after = await paymentRow(payment.id);
    expect(after.status).toBe('captured');
    const row = await h.dbs.api
      .selectFrom('webhook_events')
      .selectAll()
      .where('event_id', '=', 'evt_test_capture_1')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'processed',
      attempts: 1,
      booking_id: booking.id,
      payment_id: payment.id,
      user_id: booking.student_id,
      source: 'stripe',
    });
    expect(row.duration_ms).not.toBeNull();
    expect(row.headers['stripe-signature']).toBe('[redacted]');
    expect(row.headers.authorization).toBe('[redacted]');

    const again = await signed(payload);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, status: 'processed' });
    const rows = await h.dbs.api
      .selectFrom('webhook_events')
      .select(['attempts', 'processed_at'])
      .where('event_id', '=', 'evt_test_capture_1')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.attempts).toBe(1);
    expect((await paymentRow(payment.id)).captured_at).toBe(after.captured_at);

    const oncall = h.caller('oncall');
    const listed = await oncall.webhooks.list({ entityId: booking.id });
    expect(listed.items.map((i) => i.eventId)).toEqual(['evt_test_capture_1']);
    // The booking as people quote it finds the same events; a short id no booking has finds none.
    const byShortId = await oncall.webhooks.list({ entityId: `#${booking.short_id.toLowerCase()}` });
    expect(byShortId.items.map((i) => i.eventId)).toEqual(['evt_test_capture_1']);
    const unknown = booking.short_id === 'ZZZZZZZZ' ? 'YYYYYYYY' : 'ZZZZZZZZ';
    expect((await oncall.webhooks.list({ entityId: unknown })).items).toEqual([]);
    expect(await rejection(oncall.webhooks.list({ entityId: 'sarah' }))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a bad signature is refused with 400, recorded as rejected, and changes nothing', async () => {
    const { payment } = await authorizedBooking();
    const payload = stripeEvent('evt_test_forged', 'payment_intent.succeeded', {
      id: payment.stripe_payment_intent_id,
      object: 'payment_intent',
    });
    const forged = Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_wrong' });
    const res = await post(payload, forged);
    expect(res.statusCode).toBe(400);
    expect((await paymentRow(payment.id)).status).toBe('authorized');
    expect(
      await h.dbs.api.selectFrom('webhook_events').select('id').where('event_id', '=', 'evt_test_forged').execute(),
    ).toHaveLength(0);
    const rejected = await h.caller('support').webhooks.list({ status: 'rejected' });
    expect(rejected.items.length).toBeGreaterThan(0);
    const detail = await h.caller('support').webhooks.byId({ id: rejected.items[0]?.id ?? '' });
    expect(detail.eventId).toBeNull();
    expect(detail.headers['stripe-signature']).toBe('[redacted]');
    expect(detail.error).toMatch(/signature/i);

    const stale = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: STRIPE_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect((await post(payload, stale)).statusCode).toBe(400);
    expect((await paymentRow(payment.id)).status).toBe('authorized');
  });

  it('handles refunds, disputes and failures idempotently and skips unknown types', async () => {
    const student = await seedStudent(h.dbs.api);
    const teacher = await seedInstructor(h.dbs.api);
    const { payment } = await seedBooking(h.dbs.api, {
      studentId: student.id,
      instructorId: teacher.user.id,
      status: 'completed',
    });
    // An older API version's charge embeds its refunds; with Stripe not configured here, that list is what we read.
    const refund = stripeEvent('evt_test_refund_1', 'charge.refunded', {
      id: payment.stripe_charge_id,
      object: 'charge',
      payment_intent: payment.stripe_payment_intent_id,
      amount_refunded: 1000,
      refunds: {
        object: 'list',
        data: [
          {
            id: 're_test_outside_1',
            object: 'refund',
            amount: 1000,
            status: 'succeeded',
            payment_intent: payment.stripe_payment_intent_id,
          },
        ],
      },
    });
    expect((await signed(refund)).json()).toMatchObject({ status: 'processed' });
    expect(await paymentRow(payment.id)).toMatchObject({ status: 'partially_refunded', amount_refunded_cents: 1000 });
    // The same event again changes nothing: the refund made outside the console has one row.
    await h.dbs.api.deleteFrom('webhook_events').where('event_id', '=', 'evt_test_refund_1').execute();
    expect((await signed(refund)).json()).toMatchObject({ status: 'processed' });
    expect(await paymentRow(payment.id)).toMatchObject({ amount_refunded_cents: 1000 });
    expect(
      await h.dbs.api.selectFrom('refunds').select(['origin', 'amount_cents']).where('payment_id', '=', payment.id).execute(),
    ).toEqual([{ origin: 'stripe', amount_cents: 1000 }]);
    const dispute = stripeEvent('evt_test_dispute_1', 'charge.dispute.created', {
      id: 'dp_1',
      object: 'dispute',
      payment_intent: payment.stripe_payment_intent_id,
      status: 'needs_response',
      amount: 1000,
      evidence_details: { due_by: 1_796_000_000, has_evidence: false },
    });
    expect((await signed(dispute)).json()).toMatchObject({ status: 'processed' });
    const disputed = await paymentRow(payment.id);
    expect(disputed.disputed_at).not.toBeNull();
    // Stripe's deadline for evidence is kept, to the second; an update that does not carry one keeps it.
    expect(new Date(disputed.dispute_evidence_due_by ?? '').getTime()).toBe(1_796_000_000_000);
    const review = stripeEvent('evt_test_dispute_2', 'charge.dispute.updated', {
      id: 'dp_1',
      object: 'dispute',
      payment_intent: payment.stripe_payment_intent_id,
      status: 'under_review',
    });
    expect((await signed(review)).json()).toMatchObject({ status: 'processed' });
    expect(await paymentRow(payment.id)).toMatchObject({ dispute_status: 'under_review' });
    expect(new Date((await paymentRow(payment.id)).dispute_evidence_due_by ?? '').getTime()).toBe(1_796_000_000_000);
    const other = stripeEvent('evt_test_customer_1', 'customer.updated', { id: 'cus_1', object: 'customer' });
    expect((await signed(other)).json()).toMatchObject({ status: 'skipped' });

    const unknown = stripeEvent('evt_test_unknown_pi', 'payment_intent.succeeded', {
      id: 'pi_does_not_exist',
      object: 'payment_intent',
    });
    // An event about a payment we do not have can never succeed: recorded as a permanent failure and acknowledged,
    // so Stripe stops retrying it.
    const failed = await signed(unknown);
    expect(failed.statusCode).toBe(200);
    expect(failed.json()).toMatchObject({ status: 'failed', retryable: false });
    const row = await h.dbs.api
      .selectFrom('webhook_events')
      .select(['status', 'error', 'attempts', 'retryable'])
      .where('event_id', '=', 'evt_test_unknown_pi')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 1, retryable: false });
    expect(row.error).toContain('payment not found');
    // A redelivery is acknowledged as a duplicate; the handler does not run again.
    expect((await signed(unknown)).json()).toMatchObject({ duplicate: true });
    expect(
      (
        await h.dbs.api
          .selectFrom('webhook_events')
          .select('attempts')
          .where('event_id', '=', 'evt_test_unknown_pi')
          .executeTakeFirstOrThrow()
      ).attempts,
    ).toBe(1);
  });

  it('verifies the Checkr HMAC', async () => {
    const body = JSON.stringify({
      id: 'chk_evt_1',
      object: 'event',
      type: 'report.completed',
      data: { object: { id: 'rep_1', status: 'clear' } },
    });
    const ok = await post(body, checkrSignature(body, CHECKR_SECRET), '/webhooks/checkr', 'x-checkr-signature');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'skipped' });
    const bad = await post(body, checkrSignature(body, 'nope'), '/webhooks/checkr', 'x-checkr-signature');
    expect(bad.statusCode).toBe(400);
    const row = await h.dbs.api
      .selectFrom('webhook_events')
      .select(['headers'])
      .where('event_id', '=', 'chk_evt_1')
      .executeTakeFirstOrThrow();
    expect(row.headers['x-checkr-signature']).toBe('[redacted]');
  });

  it('keeps /trpc on JSON parsing', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      payload: { email: 'nobody@ops.example', password: 'x' },
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBeLessThan(500);
    expect(res.body).not.toContain('Unsupported Media Type');
  });

  it('replays a planted failed webhook: the preview is a dry run, execute creates a linked entry and is audited', async () => {
    // Story webhook #2 (index 1) is linked to the first stuck (authorized) payment: replaying captures it.
    const failedId = FAILED_WEBHOOKS.webhookIds[1] ?? '';
    const stuckPayment = STUCK_PAYMENTS.paymentIds[0] ?? '';
    const oncall = h.caller('oncall');
    const failedList = await oncall.webhooks.list({ status: 'failed', source: 'stripe' });
    expect(failedList.items.map((i) => i.id)).toContain(failedId);

    const preview = await oncall.webhooks.replay.preview({ id: failedId });
    expect(preview.effects.map((e) => e.label).join('\n')).toMatch(/Payment authorized → captured/);
    expect((await paymentRow(stuckPayment)).status).toBe('authorized');
    expect(await h.dbs.api.selectFrom('webhook_events').select('id').where('replay_of', '=', failedId).execute()).toHaveLength(0);

    const done = await oncall.webhooks.replay.execute({ confirmToken: preview.confirmToken, reason: 'Timeout fixed, replaying' });
    expect(done.auditId).not.toBeNull();
    expect((await paymentRow(stuckPayment)).status).toBe('captured');
    const detail = await oncall.webhooks.byId({ id: failedId });
    expect(detail.status).toBe('replayed');
    expect(detail.replays).toHaveLength(1);
    expect(detail.replays[0]).toMatchObject({ status: 'processed', replayOf: failedId });
    const replayDetail = await oncall.webhooks.byId({ id: detail.replays[0]?.id ?? '' });
    expect(replayDetail.original?.id).toBe(failedId);
    await expect(oncall.webhooks.byId({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'id: no such webhook event',
    });

    const history = await oncall.audit.search({ resourceType: 'webhook_event', resourceId: failedId });
    expect(history.items[0]).toMatchObject({ id: done.auditId, action: 'webhooks.replay', reason: 'Timeout fixed, replaying' });
  });

  it('replays several failed events at once; support may not replay', async () => {
    const ids = [FAILED_WEBHOOKS.webhookIds[0] ?? '', FAILED_WEBHOOKS.webhookIds[2] ?? ''];
    await expect(h.caller('support').webhooks.replayMany.preview({ ids })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const preview = await h.caller('admin').webhooks.replayMany.preview({ ids });
    expect(preview.summary).toBe('Replay 2 webhook events');
    expect(preview.warnings.join(' ')).toMatch(/would fail again: payment not found/);
    const done = await h
      .caller('admin')
      .webhooks.replayMany.execute({ confirmToken: preview.confirmToken, reason: 'Bulk replay after fix' });
    expect(done.message).toMatch(/Replayed 2/);
    const linked = await h.dbs.api
      .selectFrom('webhook_events')
      .select(['replay_of', 'status'])
      .where('replay_of', 'in', ids)
      .execute();
    expect(linked).toHaveLength(2);
    await expect(h.caller('admin').webhooks.replayMany.preview({ ids: [] })).rejects.toThrow(/ids/);
  });
});
