import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPaidBooking, insertPeople, type PaidBooking, type TestPeople } from '../../testing.js';
import { useTestDb } from '../../testing-hooks.js';
import { createStripeGateway, StripeGatewayError, type StripeGateway } from './gateway.js';
import { startStripeStandin, type StripeStandin } from './standin.js';

const testDb = useTestDb();
let standin: StripeStandin;
let stripe: StripeGateway;
let people: TestPeople;
let captured: PaidBooking;

const errorOf = async (work: Promise<unknown>): Promise<StripeGatewayError> => {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StripeGatewayError);
  return error as StripeGatewayError;
};

beforeAll(async () => {
  people = await insertPeople(testDb.db);
  captured = await insertPaidBooking(testDb.db, people, { amountCents: 8_000, status: 'captured' });
  standin = await startStripeStandin({ db: testDb.db });
  stripe = createStripeGateway({ secretKey: standin.secretKey, apiBase: standin.url, timeoutMs: 15_000 });
});
afterAll(async () => {
  // A failed beforeAll leaves these unset; closing what exists keeps the real error in front.
  await (standin as StripeStandin | undefined)?.close();
});

describe('stripe gateway against the stand-in', () => {
  it('reads a payment intent, its charge and the customer built from the database rows', async () => {
    const pi = await stripe.getPaymentIntent(captured.intentId);
    expect(pi).toMatchObject({
      id: captured.intentId,
      status: 'succeeded',
      amountCents: 8_000,
      amountReceivedCents: 8_000,
      customerId: people.sarah.customerId,
      latestChargeId: captured.chargeId,
    });
    const charges = await stripe.listCharges({ paymentIntent: captured.intentId });
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({
      id: captured.chargeId,
      captured: true,
      amountRefundedCents: 0,
      card: { brand: 'visa', last4: '4242' },
    });
    // The intent dates from the booking; its charge from the authorisation, as Stripe dates them.
    const row = await testDb.db
      .selectFrom('payments')
      .select(['created_at', 'authorized_at'])
      .where('id', '=', captured.paymentId)
      .executeTakeFirstOrThrow();
    const seconds = (at: string | Date | null) => Math.floor(new Date(at ?? 0).getTime() / 1000);
    expect(seconds(pi.createdAt)).toBe(seconds(row.created_at));
    expect(seconds(charges[0]?.createdAt ?? null)).toBe(seconds(row.authorized_at));
    expect(seconds(row.authorized_at)).not.toBe(seconds(row.created_at));
    const customer = await stripe.getCustomer(people.sarah.customerId);
    expect(customer).toMatchObject({
      email: 'sarah.chen@example.com',
      name: 'Sarah Chen',
      metadata: { user_id: people.sarah.id },
    });
    const methods = await stripe.listPaymentMethods(people.sarah.customerId);
    expect(methods[0]?.card).toMatchObject({ brand: 'visa', last4: '4242' });
  });

  it('reads every page of a list (has_more / starting_after)', async () => {
    for (let i = 0; i < 3; i++) await insertPaidBooking(testDb.db, people, { amountCents: 1_000 + i, status: 'captured' });
    const before = standin.requestCount({ path: '/v1/charges' });
    const charges = await stripe.listCharges({ customer: people.sarah.customerId });
    expect(charges.length).toBe(4);
    expect(standin.requestCount({ path: '/v1/charges' }) - before).toBe(1);
    const page = (await (
      await fetch(`${standin.url}/v1/charges?customer=${people.sarah.customerId}&limit=2`, {
        headers: { authorization: `Bearer ${standin.secretKey}` },
      })
    ).json()) as { has_more: boolean; data: Array<{ id: string }> };
    expect(page.has_more).toBe(true);
    const next = (await (
      await fetch(
        `${standin.url}/v1/charges?customer=${people.sarah.customerId}&limit=2&starting_after=${page.data[1]?.id ?? ''}`,
        { headers: { authorization: `Bearer ${standin.secretKey}` } },
      )
    ).json()) as { has_more: boolean; data: unknown[] };
    expect(next).toMatchObject({ has_more: false });
    expect(next.data).toHaveLength(2);
  });

  it('creates one refund for a repeated idempotency key and refuses the key with other parameters', async () => {
    const b = await insertPaidBooking(testDb.db, people, { amountCents: 5_000, status: 'captured' });
    const before = standin.refundsCreated();
    const input = {
      paymentIntent: b.intentId,
      amountCents: 2_000,
      reason: 'requested_by_customer' as const,
      metadata: { refund_id: 'r-1' },
    };
    const first = await stripe.createRefund(input, { idempotencyKey: 'refund-key-1' });
    const again = await stripe.createRefund(input, { idempotencyKey: 'refund-key-1' });
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({
      amountCents: 2_000,
      paymentIntentId: b.intentId,
      status: 'succeeded',
      metadata: { refund_id: 'r-1' },
    });
    expect(standin.refundsCreated() - before).toBe(1);

    const reused = await errorOf(stripe.createRefund({ ...input, amountCents: 2_500 }, { idempotencyKey: 'refund-key-1' }));
    expect(reused.kind).toBe('idempotency');
    expect(reused.message).toMatch(/same parameters/);
    expect(standin.refundsCreated() - before).toBe(1);
    expect(await stripe.listRefunds({ paymentIntent: b.intentId })).toHaveLength(1);
  });

  it('keeps per-intent accounting: amount_too_large, then charge_already_refunded', async () => {
    const b = await insertPaidBooking(testDb.db, people, { amountCents: 3_000, status: 'captured', refundedCents: 1_000 });
    const tooLarge = await errorOf(
      stripe.createRefund({ paymentIntent: b.intentId, amountCents: 2_500 }, { idempotencyKey: 'acc-1' }),
    );
    expect(tooLarge).toMatchObject({ kind: 'invalid_request', code: 'amount_too_large', statusCode: 400 });
    const rest = await stripe.createRefund({ paymentIntent: b.intentId }, { idempotencyKey: 'acc-2' });
    expect(rest.amountCents).toBe(2_000);
    const done = await errorOf(stripe.createRefund({ paymentIntent: b.intentId, amountCents: 1 }, { idempotencyKey: 'acc-3' }));
    expect(done.code).toBe('charge_already_refunded');
    const [charge] = await stripe.listCharges({ paymentIntent: b.intentId });
    expect(charge).toMatchObject({ amountRefundedCents: 3_000, refunded: true });
  });

  it('retries a 500 that never reached the API with the same key: the refund happens once', async () => {
    const b = await insertPaidBooking(testDb.db, people, { amountCents: 4_000, status: 'captured' });
    const before = standin.refundsCreated();
    const posts = standin.requestCount({ method: 'POST', path: '/v1/refunds' });
    standin.failNext({ status: 500, count: 1, where: 'edge' });
    const refund = await stripe.createRefund({ paymentIntent: b.intentId, amountCents: 1_000 }, { idempotencyKey: 'retry-1' });
    expect(refund.amountCents).toBe(1_000);
    expect(standin.requestCount({ method: 'POST', path: '/v1/refunds' }) - posts).toBe(2);
    expect(standin.refundsCreated() - before).toBe(1);
  });

  it("replays Stripe's own 500 for the key: retries give up with an api error and no refund exists", async () => {
    const b = await insertPaidBooking(testDb.db, people, { amountCents: 4_000, status: 'captured' });
    const before = standin.refundsCreated();
    standin.failNext({ status: 500, count: 1, where: 'api' });
    const failed = await errorOf(
      stripe.createRefund({ paymentIntent: b.intentId, amountCents: 1_000 }, { idempotencyKey: 'api-500' }),
    );
    expect(failed).toMatchObject({ kind: 'api', statusCode: 500 });
    // The saved 500 is replayed for the same key even though the fault is gone; a new key goes through.
    const replayed = await errorOf(
      stripe.createRefund({ paymentIntent: b.intentId, amountCents: 1_000 }, { idempotencyKey: 'api-500' }),
    );
    expect(replayed.statusCode).toBe(500);
    expect(standin.refundsCreated() - before).toBe(0);
    await stripe.createRefund({ paymentIntent: b.intentId, amountCents: 1_000 }, { idempotencyKey: 'api-500-b' });
    expect(standin.refundsCreated() - before).toBe(1);
  });

  it('answers 409 idempotency_key_in_use to a concurrent request; the SDK retries it into the replay', async () => {
    const b = await insertPaidBooking(testDb.db, people, { amountCents: 4_000, status: 'captured' });
    const before = standin.refundsCreated();
    // Long enough that the second request lands while the first still holds the key, even on a loaded machine.
    standin.delayNext(2_000);
    const body = `payment_intent=${b.intentId}&amount=500`;
    const headers = {
      authorization: `Bearer ${standin.secretKey}`,
      'content-type': 'application/x-www-form-urlencoded',
      'idempotency-key': 'busy-1',
    };
    const posts = standin.requestCount({ method: 'POST', path: '/v1/refunds' });
    const slow = fetch(`${standin.url}/v1/refunds`, { method: 'POST', headers, body });
    while (standin.requestCount({ method: 'POST', path: '/v1/refunds' }) === posts) await new Promise((r) => setTimeout(r, 10));
    const busy = await fetch(`${standin.url}/v1/refunds`, { method: 'POST', headers, body });
    expect(busy.status).toBe(409);
    expect(await busy.json()).toMatchObject({ error: { type: 'idempotency_error', code: 'idempotency_key_in_use' } });
    const first = (await (await slow).json()) as { id: string };
    const viaSdk = await stripe.createRefund({ paymentIntent: b.intentId, amountCents: 500 }, { idempotencyKey: 'busy-1' });
    expect(viaSdk.id).toBe(first.id);
    expect(standin.refundsCreated() - before).toBe(1);
  });

  it('turns a slow Stripe into a typed timeout after its retries', async () => {
    const quick = createStripeGateway({
      secretKey: standin.secretKey,
      apiBase: standin.url,
      timeoutMs: 150,
      maxNetworkRetries: 1,
    });
    standin.delayNext(600, 2);
    const error = await errorOf(quick.getPaymentIntent(captured.intentId));
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/timeout/);
  });

  it('stops waiting when the caller aborts', async () => {
    standin.delayNext(500, 1);
    const error = await errorOf(stripe.getPaymentIntent(captured.intentId, AbortSignal.timeout(50)));
    expect(error.kind).toBe('timeout');
  });

  it('captures and cancels authorized intents, with a typed error for the wrong state', async () => {
    const a = await insertPaidBooking(testDb.db, people, { amountCents: 6_000, status: 'authorized' });
    expect((await stripe.getPaymentIntent(a.intentId)).status).toBe('requires_capture');
    const capturedPi = await stripe.capturePaymentIntent(a.intentId, { amountToCapture: 5_000 }, { idempotencyKey: 'cap-1' });
    expect(capturedPi).toMatchObject({ status: 'succeeded', amountReceivedCents: 5_000 });
    const late = await errorOf(stripe.cancelPaymentIntent(a.intentId, { idempotencyKey: 'cancel-1' }));
    expect(late.code).toBe('payment_intent_unexpected_state');
    const other = await insertPaidBooking(testDb.db, people, { amountCents: 6_000, status: 'authorized' });
    expect((await stripe.cancelPaymentIntent(other.intentId, { idempotencyKey: 'cancel-2' })).status).toBe('canceled');
  });

  it('reports missing objects, disputes and a bad key in Stripe terms', async () => {
    const missing = await errorOf(stripe.getPaymentIntent('pi_nope'));
    expect(missing).toMatchObject({ kind: 'invalid_request', code: 'resource_missing', statusCode: 404 });
    const d = await insertPaidBooking(testDb.db, people, { amountCents: 7_000, status: 'captured', disputed: true });
    expect(await stripe.listDisputes({ paymentIntent: d.intentId })).toMatchObject([
      { status: 'needs_response', amountCents: 7_000 },
    ]);
    const wrongKey = createStripeGateway({ secretKey: 'sk_test_wrong', apiBase: standin.url, timeoutMs: 15_000 });
    expect((await errorOf(wrongKey.getPaymentIntent(captured.intentId))).kind).toBe('authentication');
  });
});
