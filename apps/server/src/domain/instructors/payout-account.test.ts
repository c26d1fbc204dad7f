import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { createStripeGateway, StripeGatewayError, type StripeGateway } from '../../integrations/stripe/gateway.js';
import { payoutIdOf } from '../../integrations/stripe/standin-connect.js';
import { startStripeStandin, type StripeStandin } from '../../integrations/stripe/standin.js';
import { createHarness, noIntegrations, testConfig, type TestHarness } from '../../testing.js';

/**
 * The instructor's payout account through stripe-node against the stand-in's Connect endpoints: the account, the
 * balance and the payouts of the account named in `Stripe-Account`, an unknown account, a slow Stripe; and the
 * Stripe panel's charges linked to the bookings they paid for.
 */
let h: TestHarness;
let standin: StripeStandin;
let gateway: StripeGateway;
let marcusId: string;
let rookieId: string;
let orphanId: string;
let studentId: string;
let bookingId: string;
let bookingShortId: string;
const paidId = '00000000-0000-4000-8000-00000000a001';
const failedId = '00000000-0000-4000-8000-00000000a002';
const heldId = '00000000-0000-4000-8000-00000000a003';
const futureId = '00000000-0000-4000-8000-00000000a004';
const DAY = 86_400_000;
const BUDGET_MS = 600;

beforeAll(async () => {
  const integrations = noIntegrations({ stripe: true });
  h = await createHarness({ integrations, config: testConfig({ SOURCE_TIMEOUT_MS: String(BUDGET_MS) }) });
  standin = await startStripeStandin({ db: h.dbs.api });
  gateway = createStripeGateway({ secretKey: standin.secretKey, apiBase: standin.url, timeoutMs: 5_000, maxNetworkRetries: 0 });
  integrations.stripe = gateway;

  const db = h.dbs.api;
  const marcus = await seedInstructor(db, { profile: { stripe_account_id: 'acct_MarcusConnect01' } });
  marcusId = marcus.user.id;
  const rookie = await seedInstructor(db, {
    profile: { stripe_account_id: 'acct_RookieConnect01', background_check_status: 'pending' },
  });
  rookieId = rookie.user.id;
  const orphan = await seedInstructor(db, { profile: { stripe_account_id: null } });
  orphanId = orphan.user.id;
  const now = Date.now();
  const day = (n: number) => new Date(now + n * DAY);
  await db
    .insertInto('payouts')
    .values([
      { id: paidId, instructor_id: marcusId, amount_cents: 7_200, status: 'paid', scheduled_for: day(-9), paid_at: day(-8) },
      {
        id: failedId,
        instructor_id: marcusId,
        amount_cents: 5_000,
        status: 'failed',
        scheduled_for: day(-4),
        failed_at: day(-3),
        failure_reason: 'Bank account closed',
      },
      { id: heldId, instructor_id: marcusId, amount_cents: 3_000, status: 'held', scheduled_for: day(-1), hold_reason: 'Review' },
      { id: futureId, instructor_id: marcusId, amount_cents: 6_400, status: 'pending', scheduled_for: day(3) },
      // Another account's payout: never in Marcus's answers.
      { instructor_id: rookieId, amount_cents: 999, status: 'paid', scheduled_for: day(-2), paid_at: day(-2) },
    ])
    .execute();

  const student = await seedStudent(db, { stripe_customer_id: 'cus_PayoutPanelStudent' });
  studentId = student.id;
  const seeded = await seedBooking(db, {
    studentId,
    instructorId: marcusId,
    status: 'completed',
    lessonStart: day(-6),
    priceCents: 8_000,
  });
  bookingId = seeded.booking.id;
  bookingShortId = seeded.booking.short_id;
});
afterAll(async () => {
  await standin.close();
  await h.close();
});

describe('the stand-in answers Connect reads like Stripe', () => {
  it('retrieves an account, and the balance and payouts of the account in Stripe-Account only', async () => {
    const account = await gateway.getConnectAccount('acct_MarcusConnect01');
    expect(account).toMatchObject({
      id: 'acct_MarcusConnect01',
      chargesEnabled: true,
      payoutsEnabled: true,
      requirementsDue: [],
    });
    const balance = await gateway.getConnectBalance('acct_MarcusConnect01');
    // Held and failed payouts sit in the available balance; the one scheduled ahead is pending.
    expect(balance.available).toEqual([{ amountCents: 8_000, currency: 'usd' }]);
    expect(balance.pending).toEqual([{ amountCents: 6_400, currency: 'usd' }]);
    const payouts = await gateway.listConnectPayouts('acct_MarcusConnect01', { limit: 10 });
    expect(payouts.map((p) => [p.id, p.status, p.amountCents]).sort()).toEqual(
      [
        [payoutIdOf(paidId), 'paid', 7_200],
        [payoutIdOf(failedId), 'failed', 5_000],
        [payoutIdOf(futureId), 'pending', 6_400],
      ].sort(),
    );
    expect(standin.requestCount({ method: 'GET', path: '/v1/payouts' })).toBeGreaterThan(0);
    expect(await gateway.listConnectPayouts('acct_MarcusConnect01', { limit: 1 })).toHaveLength(1);
  });

  it('answers an unknown account with 404 resource_missing on every Connect read', async () => {
    for (const read of [
      () => gateway.getConnectAccount('acct_DoesNotExist'),
      () => gateway.getConnectBalance('acct_DoesNotExist'),
      () => gateway.listConnectPayouts('acct_DoesNotExist', { limit: 5 }),
    ]) {
      const error = await read().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StripeGatewayError);
      expect(error).toMatchObject({ code: 'resource_missing', statusCode: 404, kind: 'invalid_request' });
    }
  });
});

describe('support.payoutAccount', () => {
  it("shows an instructor's account, balance and latest payouts with arrival dates", async () => {
    const panel = await h.caller('support').support.payoutAccount({ userId: marcusId });
    expect(panel.status).toMatchObject({ source: 'stripe', state: 'ok', sample: true });
    expect(panel.account).toMatchObject({ id: 'acct_MarcusConnect01', chargesEnabled: true, payoutsEnabled: true });
    expect(panel.balance).toEqual({ availableCents: 8_000, pendingCents: 6_400, currency: 'usd' });
    const paid = panel.payouts.find((p) => p.id === payoutIdOf(paidId));
    expect(paid).toMatchObject({ status: 'paid', amountCents: 7_200 });
    expect(Math.abs(Date.parse(paid?.arrivalDate ?? '') - (Date.now() - 8 * DAY))).toBeLessThan(DAY);
    expect(panel.payouts.some((p) => p.amountCents === 999)).toBe(false);
    expect(panel.message).toBeNull();
  });

  it('lists what Stripe still requires before it pays an instructor whose check is pending', async () => {
    const panel = await h.caller('support').support.payoutAccount({ userId: rookieId });
    expect(panel.account).toMatchObject({ payoutsEnabled: false, requirementsDue: ['individual.verification.document'] });
  });

  it('says so when the instructor has no payout account', async () => {
    const none = await h.caller('support').support.payoutAccount({ userId: orphanId });
    expect(none).toMatchObject({ accountId: null, account: null, balance: null, payouts: [] });
    expect(none.message).toMatch(/no Stripe payout account/);
  });

  it('answers degraded, without data, when Stripe is slower than the budget', async () => {
    standin.delayNext(BUDGET_MS + 400, 3);
    const panel = await h.caller('support').support.payoutAccount({ userId: marcusId });
    standin.clearFaults();
    expect(panel.status.state).toBe('degraded');
    expect(panel.account).toBeNull();
    expect(panel.message).toMatch(/did not answer in time/);
  });

  it('refuses a student, naming the field', async () => {
    await expect(h.caller('support').support.payoutAccount({ userId: studentId })).rejects.toThrow(/userId/);
  });
});

describe('support.stripe links each charge to its booking', () => {
  it('names the booking a charge paid for', async () => {
    const panel = await h.caller('support').support.stripe({ userId: studentId });
    expect(panel.charges.length).toBeGreaterThan(0);
    expect(panel.charges[0]?.booking).toEqual({ id: bookingId, shortId: bookingShortId });
  });
});
