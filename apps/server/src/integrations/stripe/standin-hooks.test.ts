import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { loadConfig } from '../../env.js';
import { buildTestServer, createHarness, plugStripeStandin, testConfig, type TestHarness } from '../../testing.js';
import { startStripeStandin, type StripeStandin } from './standin.js';

/**
 * The stand-in's HTTP test hooks, as a person (or the e2e suite) drives them against a running console: the next
 * refund is held pending, then fails; the stand-in delivers `refund.failed` to the console's webhook endpoint,
 * signed as Stripe signs, and the console records the failure in words and makes the money refundable again.
 */
const SECRET = 'whsec_hooks_test';
let h: TestHarness;
let app: FastifyInstance;
let standin: StripeStandin;
let plain: StripeStandin;

beforeAll(async () => {
  h = await createHarness({ config: testConfig({ STRIPE_WEBHOOK_SECRET: SECRET }) });
  app = await buildTestServer(h, { webhooks: true });
  const consoleUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  standin = await plugStripeStandin(
    h,
    { timeoutMs: 10_000 },
    { testHooks: true, webhook: { url: `${consoleUrl}/webhooks/stripe`, secret: SECRET } },
  );
  plain = await startStripeStandin({ db: h.dbs.api });
}, 600_000);
afterAll(async () => {
  if (standin !== undefined) await standin.close();
  if (plain !== undefined) await plain.close();
  if (app !== undefined) await app.close();
  if (h !== undefined) await h.close();
});

const hook = async (base: string, path: string, body?: unknown) => {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('the Stripe stand-in test hooks over HTTP', () => {
  it('holds the next refund pending, then fails it and delivers refund.failed to the console, signed', async () => {
    const student = await seedStudent(h.dbs.api);
    const teacher = await seedInstructor(h.dbs.api);
    const { booking } = await seedBooking(h.dbs.api, {
      studentId: student.id,
      instructorId: teacher.user.id,
      priceCents: 6_400,
      paymentStatus: 'captured',
      lessonStart: new Date(Date.now() + 96 * 3_600_000),
    });
    const admin = h.caller('admin');
    const full = (await admin.bookings.byId({ bookingId: booking.id })).refundableCents;
    expect(full).toBe(6_400);

    expect(await hook(standin.url, '/_standin/refunds/next', { status: 'pending' })).toMatchObject({ status: 200 });
    const preview = await admin.refunds.create.preview({ bookingId: booking.id });
    await admin.refunds.create.execute({ confirmToken: preview.confirmToken, reason: 'Watch it fail' });
    const row = () =>
      h.dbs.api
        .selectFrom('refunds')
        .select(['status', 'error', 'stripe_refund_id'])
        .where('booking_id', '=', booking.id)
        .executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ status: 'pending', stripe_refund_id: expect.stringMatching(/^re_/) as unknown });
    expect((await admin.bookings.byId({ bookingId: booking.id })).refundableCents).toBe(0);

    const listed = await hook(standin.url, '/_standin/refunds');
    const refunds = listed.body.data as Array<{ id: string; status: string; metadata: Record<string, string> }>;
    const mine = refunds.find((r) => r.metadata.booking_id === booking.id);
    expect(mine).toMatchObject({ status: 'pending' });

    const moved = await hook(standin.url, `/_standin/refunds/${mine?.id ?? ''}/transition`, {
      status: 'failed',
      failureReason: 'lost_or_stolen_card',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      refund: { id: mine?.id, status: 'failed', failure_reason: 'lost_or_stolen_card' },
      delivery: { type: 'refund.failed', status: 200, error: null },
    });
    const after = await row();
    expect(after.status).toBe('failed');
    expect(after.error).toBe(
      'Stripe could not return the money: the card it was going back to was reported lost or stolen (lost_or_stolen_card). Nothing was refunded; the amount is refundable again.',
    );
    expect((await admin.bookings.byId({ bookingId: booking.id })).refundableCents).toBe(full);
    const ledger = await h.dbs.api
      .selectFrom('webhook_events')
      .select(['type', 'status', 'booking_id'])
      .where('booking_id', '=', booking.id)
      .execute();
    expect(ledger).toEqual([{ type: 'refund.failed', status: 'processed', booking_id: booking.id }]);
  });

  it('refuses a bad hook call with a message naming the field, and a refund it never made', async () => {
    expect(await hook(standin.url, '/_standin/refunds/next', { status: 'exploded' })).toEqual({
      status: 400,
      body: { error: 'status: must be pending, requires_action or failed' },
    });
    expect(await hook(standin.url, '/_standin/refunds/re_nope/transition', { status: 'failed' })).toEqual({
      status: 404,
      body: { error: 'no refund re_nope was made through the stand-in' },
    });
  });

  it('has no hooks unless asked for (sample mode), and a real-mode config refuses a stand-in port', async () => {
    const res = await fetch(`${plain.url}/_standin/refunds`);
    expect(res.status).toBe(401);
    expect(() =>
      loadConfig({
        DATABASE_URL: 'postgres://u@127.0.0.1:5432/x',
        ENVIRONMENT: 'production',
        SESSION_SECRET: 'x'.repeat(40),
        AUDIT_SIGNING_KEY: 'y'.repeat(40),
        STRIPE_STANDIN_PORT: '4600',
      }),
    ).toThrow(/STRIPE_STANDIN_PORT: only for the sample Stripe stand-in/);
  });
});
