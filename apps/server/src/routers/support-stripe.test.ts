import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import type { StripeStandin } from '../integrations/stripe/standin.js';
import { createHarness, noIntegrations, plugStripeStandin, SARAH, testConfig, type TestHarness } from '../testing.js';

/**
 * support.stripe and support.trail through the real Stripe client against its stand-in: live reads when Stripe
 * answers, and a page that still renders (the panel marked) when it is slow or failing.
 */
let h: TestHarness;
let standin: StripeStandin;
let sarahId: string;
let disputedId: string;
let intentId: string;

// Wide enough that a stand-in reading a busy test database still answers inside it (400 ms was not, on a loaded
// 2-core machine); the slow case delays Stripe well past it.
const BUDGET_MS = 1_500;

beforeAll(async () => {
  h = await createHarness({
    integrations: noIntegrations({ stripe: true }),
    config: testConfig({ SOURCE_TIMEOUT_MS: String(BUDGET_MS) }),
  });
  standin = await plugStripeStandin(h, { timeoutMs: BUDGET_MS });

  const db = h.dbs.api;
  const sarah = await seedStudent(db, { ...SARAH, stripe_customer_id: 'cus_SarahStripeTest' });
  sarahId = sarah.id;
  const teacher = await seedInstructor(db);
  const disputed = await seedBooking(db, {
    studentId: sarahId,
    instructorId: teacher.user.id,
    status: 'completed',
    lessonStart: new Date(Date.now() - 10 * 86_400_000),
    priceCents: 9_000,
  });
  disputedId = disputed.booking.id;
  intentId = disputed.payment.stripe_payment_intent_id;
  await db
    .updateTable('payments')
    .set({ disputed_at: new Date(Date.now() - 2 * 86_400_000), dispute_status: 'needs_response' })
    .where('id', '=', disputed.payment.id)
    .execute();
  await seedBooking(db, {
    studentId: sarahId,
    instructorId: teacher.user.id,
    status: 'completed',
    lessonStart: new Date(Date.now() - 5 * 86_400_000),
    priceCents: 7_000,
  });
});
afterAll(async () => {
  await standin.close();
  await h.close();
});

describe('support.stripe against the Stripe stand-in', () => {
  it('reads the payment method and the charges live, marked as sample data', async () => {
    const panel = await h.caller('support').support.stripe({ userId: sarahId });
    expect(panel.status).toMatchObject({ source: 'stripe', state: 'ok', sample: true });
    expect(panel.customerId).toBe('cus_SarahStripeTest');
    expect(panel.paymentMethods[0]).toMatchObject({ brand: 'visa', last4: '4242' });
    expect(panel.charges.map((c) => c.amountCents).sort()).toEqual([7_000, 9_000]);
    expect(panel.charges.find((c) => c.paymentIntentId === intentId)).toMatchObject({ captured: true, disputed: true });
  });

  it('still answers, marked degraded, when Stripe is slower than the budget', async () => {
    standin.delayNext(BUDGET_MS * 3, 5);
    // Cut at the budget: it answers degraded, without the charges Stripe would have sent after it.
    const panel = await h.caller('support').support.stripe({ userId: sarahId });
    expect(panel.status.state).toBe('degraded');
    expect(panel.charges).toEqual([]);
    expect(panel.message).toContain('did not answer in time');
    // The 360 never waits on Stripe at all.
    const view = await h.caller('support').support.user({ userId: sarahId });
    expect(view.stats.bookingsTotal).toBe(2);
    await new Promise((r) => setTimeout(r, BUDGET_MS * 3));
  });

  it('marks the panel down when Stripe fails, and the rest of the page renders', async () => {
    standin.failNext({ status: 500, count: 5, type: 'api_error', message: 'Stripe is having a bad day' });
    const panel = await h.caller('support').support.stripe({ userId: sarahId });
    expect(panel.status.state).toBe('down');
    expect(panel.status.error).toBeTruthy();
    const booking = await h.caller('support').bookings.detail({ bookingId: disputedId });
    expect(booking.payment?.disputedAt).not.toBeNull();
    standin.clearFaults();
  });
});

describe('support.trail with Stripe', () => {
  it('merges the Stripe charge, refund and dispute into the booking trail', async () => {
    const trail = await h.caller('support').support.trail({ bookingId: disputedId });
    const stripe = trail.sources.find((s) => s.source === 'stripe');
    expect(stripe).toMatchObject({ state: 'ok', sample: true });
    const kinds = trail.entries.filter((e) => e.source === 'stripe').map((e) => e.kind);
    expect(kinds).toContain('charge');
    expect(kinds).toContain('dispute');
    expect(trail.entries.some((e) => e.source === 'postgres' && e.kind === 'payment')).toBe(true);
    expect(trail.sources.find((s) => s.source === 'sentry')?.state).toBe('not_configured');
  });

  it('keeps the Postgres part when Stripe is down', async () => {
    standin.failNext({ status: 503, count: 10, where: 'edge' });
    const trail = await h.caller('support').support.trail({ userId: sarahId });
    expect(trail.sources.find((s) => s.source === 'stripe')?.state).toBe('down');
    expect(trail.sources.find((s) => s.source === 'postgres')?.state).toBe('ok');
    expect(trail.entries.some((e) => e.source === 'postgres')).toBe(true);
  });
});
