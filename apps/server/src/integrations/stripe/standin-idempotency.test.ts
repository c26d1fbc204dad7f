import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPaidBooking, insertPeople, type PaidBooking, type TestPeople } from '../../testing.js';
import { useTestDb } from '../../testing-hooks.js';
import { startStripeStandin, type StripeStandin } from './standin.js';

/**
 * Idempotency as Stripe keeps it, seen through stripe-node: every answer has a `Request-Id`; a repeated key replays
 * the first answer with `Idempotent-Replayed: true` and `Original-Request`, also after the stand-in restarts (the
 * memory is in the database for 24 hours); other parameters under the key are a 400 idempotency_error; a request
 * that fails parameter validation is not saved, so its corrected retry with the same key goes through.
 */
const testDb = useTestDb();
let people: TestPeople;
let standin: StripeStandin | undefined;

const sdk = (s: StripeStandin): Stripe => {
  const base = new URL(s.url);
  return new Stripe(s.secretKey, {
    host: base.hostname,
    port: base.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  });
};
const rejection = async (work: Promise<unknown>): Promise<Stripe.errors.StripeError> => {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeError);
  return error as Stripe.errors.StripeError;
};
const header = (headers: Record<string, string>, name: string): string | undefined =>
  headers[name] ?? headers[name.toLowerCase()];

beforeAll(async () => {
  people = await insertPeople(testDb.db);
});
afterAll(async () => {
  await standin?.close();
});

async function freshPayment(amountCents: number): Promise<PaidBooking> {
  return insertPaidBooking(testDb.db, people, { amountCents, status: 'captured' });
}

describe('the Stripe stand-in keeps idempotency keys as Stripe does', () => {
  it('replays the first answer for a repeated key with Idempotent-Replayed and Original-Request, also after a restart', async () => {
    const paid = await freshPayment(9_000);
    standin = await startStripeStandin({ db: testDb.db });
    const first = await sdk(standin).refunds.create(
      { payment_intent: paid.intentId, amount: 4_000, metadata: { order: 'a' } },
      { idempotencyKey: `restart-${paid.intentId}` },
    );
    const firstRequest = first.lastResponse.requestId;
    expect(firstRequest).toMatch(/^req_\w{14}$/);
    expect(header(first.lastResponse.headers, 'Idempotent-Replayed')).toBeUndefined();

    const again = await sdk(standin).refunds.create(
      { payment_intent: paid.intentId, amount: 4_000, metadata: { order: 'a' } },
      { idempotencyKey: `restart-${paid.intentId}` },
    );
    expect(again.id).toBe(first.id);
    expect(header(again.lastResponse.headers, 'Idempotent-Replayed')).toBe('true');
    expect(header(again.lastResponse.headers, 'Original-Request')).toBe(firstRequest);
    expect(again.lastResponse.requestId).not.toBe(firstRequest);

    // A new process: the stand-in's memory is the database's.
    await standin.close();
    standin = await startStripeStandin({ db: testDb.db });
    const afterRestart = await sdk(standin).refunds.create(
      { payment_intent: paid.intentId, amount: 4_000, metadata: { order: 'a' } },
      { idempotencyKey: `restart-${paid.intentId}` },
    );
    expect(afterRestart.id).toBe(first.id);
    expect(afterRestart.status).toBe('succeeded');
    expect(header(afterRestart.lastResponse.headers, 'Idempotent-Replayed')).toBe('true');
    expect(header(afterRestart.lastResponse.headers, 'Original-Request')).toBe(firstRequest);
    expect(standin.refundsCreated()).toBe(0);
    // The refund it made before the restart still counts: Stripe lists it and keeps the charge's balance.
    const listed = await sdk(standin).refunds.list({ payment_intent: paid.intentId });
    expect(listed.data.map((r) => r.id)).toEqual([first.id]);
    expect((await sdk(standin).refunds.retrieve(first.id)).amount).toBe(4_000);
    const tooMuch = await rejection(
      sdk(standin).refunds.create({ payment_intent: paid.intentId, amount: 5_001 }, { idempotencyKey: `more-${paid.intentId}` }),
    );
    expect(tooMuch.code).toBe('amount_too_large');
  });

  it('refuses the key with other parameters (400 idempotency_error), before and after a restart', async () => {
    const paid = await freshPayment(6_000);
    standin ??= await startStripeStandin({ db: testDb.db });
    const key = `params-${paid.intentId}`;
    await sdk(standin).refunds.create({ payment_intent: paid.intentId, amount: 1_000 }, { idempotencyKey: key });
    const other = await rejection(
      sdk(standin).refunds.create({ payment_intent: paid.intentId, amount: 2_000 }, { idempotencyKey: key }),
    );
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(other.statusCode).toBe(400);
    expect(other.type).toBe('StripeIdempotencyError');
    expect(other.message).toContain('same parameters');

    await standin.close();
    standin = await startStripeStandin({ db: testDb.db });
    const afterRestart = await rejection(
      sdk(standin).refunds.create({ payment_intent: paid.intentId, amount: 2_000 }, { idempotencyKey: key }),
    );
    expect(afterRestart).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(standin.refundsCreated()).toBe(0);
  });

  it('does not save a parameter-validation error under the key: the corrected retry with the same key goes through', async () => {
    const paid = await freshPayment(7_000);
    standin ??= await startStripeStandin({ db: testDb.db });
    const key = `validation-${paid.intentId}`;
    const bad = await rejection(
      sdk(standin).refunds.create({ payment_intent: paid.intentId, amount: -5 }, { idempotencyKey: key }),
    );
    expect(bad).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(bad.statusCode).toBe(400);
    expect(bad.param).toBe('amount');
    expect(header(bad.headers ?? {}, 'Idempotent-Replayed')).toBeUndefined();

    // Same key, corrected parameters: not an idempotency error, and the refund is made.
    const corrected = await sdk(standin).refunds.create({ payment_intent: paid.intentId, amount: 500 }, { idempotencyKey: key });
    expect(corrected).toMatchObject({ amount: 500, status: 'succeeded' });
    expect(header(corrected.lastResponse.headers, 'Idempotent-Replayed')).toBeUndefined();

    // An error the endpoint reached while executing is Stripe's answer, saved and replayed like any other.
    const execKey = `executing-${paid.intentId}`;
    const tooLarge = await rejection(
      sdk(standin).refunds.create({ payment_intent: paid.intentId, amount: 9_999 }, { idempotencyKey: execKey }),
    );
    expect(tooLarge.code).toBe('amount_too_large');
    const replayed = await rejection(
      sdk(standin).refunds.create({ payment_intent: paid.intentId, amount: 9_999 }, { idempotencyKey: execKey }),
    );
    expect(replayed.code).toBe('amount_too_large');
    expect(header(replayed.headers ?? {}, 'Idempotent-Replayed')).toBe('true');
    expect(header(replayed.headers ?? {}, 'Original-Request')).toBe(tooLarge.requestId);
  });

  it('forgets a key after 24 hours, as Stripe does', async () => {
    const paid = await freshPayment(5_000);
    standin ??= await startStripeStandin({ db: testDb.db });
    const key = `expired-${paid.intentId}`;
    const first = await sdk(standin).refunds.create({ payment_intent: paid.intentId, amount: 1_000 }, { idempotencyKey: key });
    await testDb.db
      .updateTable('stripe_standin_idempotency')
      .set({ saved_at: new Date(Date.now() - 25 * 3_600_000) })
      .where('key', '=', key)
      .execute();
    const second = await sdk(standin).refunds.create({ payment_intent: paid.intentId, amount: 1_000 }, { idempotencyKey: key });
    expect(second.id).not.toBe(first.id);
    expect(header(second.lastResponse.headers, 'Idempotent-Replayed')).toBeUndefined();
  });
});
