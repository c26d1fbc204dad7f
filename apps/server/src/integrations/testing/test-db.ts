import { migrateToLatest, openDatabase, type Db, type DbHandles, type PaymentStatus } from '@ops/db';

/** PGlite compiles its WebAssembly on first open: seconds on a quiet machine, minutes on a busy CI box. */
export const DB_HOOK_TIMEOUT_MS = 600_000;

/** A migrated in-memory database for the integration tests; only the rows each test needs are inserted. */
export async function openTestDb(): Promise<{ dbs: DbHandles; db: Db }> {
  const dbs = await openDatabase({ kind: 'pglite', dataDir: null });
  await migrateToLatest(dbs.api);
  return { dbs, db: dbs.api };
}

export interface TestPeople {
  sarah: { id: string; customerId: string };
  instructor: { id: string };
}

export async function insertPeople(db: Db): Promise<TestPeople> {
  const sarah = await db
    .insertInto('users')
    .values({
      role: 'student',
      email: 'sarah.chen@example.com',
      first_name: 'Sarah',
      last_name: 'Chen',
      stripe_customer_id: 'cus_SarahChen01',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const instructor = await db
    .insertInto('users')
    .values({ role: 'instructor', email: 'ian.piano@example.com', first_name: 'Ian', last_name: 'Piano' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('service_categories').values({ id: 'music', name: 'Music' }).execute();
  await db.insertInto('services').values({ id: 'piano', category_id: 'music', name: 'Piano' }).execute();
  return { sarah: { id: sarah.id, customerId: 'cus_SarahChen01' }, instructor: { id: instructor.id } };
}

export interface PaidBooking {
  bookingId: string;
  paymentId: string;
  intentId: string;
  chargeId: string | null;
}

let counter = 0;

/** One booking with its payment; the payment intent and charge ids are the ones the Stripe stand-in serves. */
export async function insertPaidBooking(
  db: Db,
  people: TestPeople,
  options: { amountCents: number; status: PaymentStatus; refundedCents?: number; disputed?: boolean },
): Promise<PaidBooking> {
  counter += 1;
  const suffix = `Test${String(counter).padStart(4, '0')}`;
  const booking = await db
    .insertInto('bookings')
    .values({
      short_id: `BK${suffix}`,
      student_id: people.sarah.id,
      instructor_id: people.instructor.id,
      service_id: 'piano',
      status: 'completed',
      lesson_start: new Date(Date.now() - 86_400_000),
      duration_minutes: 60,
      price_cents: options.amountCents,
      platform_fee_cents: Math.ceil(options.amountCents * 0.15),
      instructor_payout_cents: options.amountCents - Math.ceil(options.amountCents * 0.15),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const captured = ['captured', 'partially_refunded', 'refunded'].includes(options.status);
  const chargeId = options.status === 'pending' || options.status === 'failed' ? null : `ch_${suffix}`;
  const payment = await db
    .insertInto('payments')
    .values({
      booking_id: booking.id,
      stripe_payment_intent_id: `pi_${suffix}`,
      stripe_charge_id: chargeId,
      amount_cents: options.amountCents,
      amount_refunded_cents: options.refundedCents ?? 0,
      status: options.status,
      authorized_at: options.status === 'pending' ? null : new Date(Date.now() - 2 * 86_400_000),
      captured_at: captured ? new Date(Date.now() - 86_400_000) : null,
      card_brand: 'visa',
      card_last4: '4242',
      disputed_at: options.disputed ? new Date() : null,
      dispute_status: options.disputed ? 'needs_response' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (options.refundedCents) {
    // Stripe's refunded total is the sum of its refunds: the earlier refund exists as a settled card refund.
    await db
      .insertInto('refunds')
      .values({
        booking_id: booking.id,
        payment_id: payment.id,
        student_id: people.sarah.id,
        amount_cents: options.refundedCents,
        method: 'card',
        policy_rule: 'card_24h_plus',
        status: 'succeeded',
        stripe_refund_id: `re_${suffix}`,
        idempotency_key: `test-${suffix}`,
        error: null,
        created_by_staff_id: null,
        settled_at: new Date(Date.now() - 3_600_000),
      })
      .execute();
  }
  return { bookingId: booking.id, paymentId: payment.id, intentId: `pi_${suffix}`, chargeId };
}
