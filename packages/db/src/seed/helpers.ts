import { randomBytes, randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Selectable } from 'kysely';
import { normalizePhone, splitPrice } from '@ops/shared';
import type {
  Booking,
  BookingStatus,
  CommissionTier,
  CreditKind,
  Database,
  InstructorProfilesTable,
  InstructorServicesTable,
  NewUser,
  Payment,
  PaymentStatus,
  StaffRole,
  StaffUser,
  User,
} from '../schema.js';
import { CATEGORIES, SERVICES } from './catalog.js';
import { genTs } from './factories.js';
import { CROCKFORD_ALPHABET } from './prng.js';

/**
 * Small builders for tests and e2e: each takes the Kysely instance (or a Transaction, which is one) first,
 * inserts exactly the rows asked for and returns them. Ids come from the database or crypto, so helpers can be
 * called any number of times in one database without colliding with the sample data.
 */

const HOUR_MS = 3_600_000;

function randomToken(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

const STRIPE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const randomStripeId = (prefix: string): string => `${prefix}_${randomToken(STRIPE_ALPHABET, 24)}`;
export const randomShortId = (): string => randomToken(CROCKFORD_ALPHABET, 8);

export interface Catalog {
  categories: Array<Selectable<Database['service_categories']>>;
  services: Array<Selectable<Database['services']>>;
}

/** Inserts the fixed service catalogue (idempotent) and returns it. */
export async function seedCategoriesAndServices(db: Kysely<Database>): Promise<Catalog> {
  await db
    .insertInto('service_categories')
    .values(CATEGORIES.map((c) => ({ id: c.id, name: c.name })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('services')
    .values(SERVICES.map((s) => ({ ...s })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const categories = await db.selectFrom('service_categories').selectAll().orderBy('id').execute();
  const services = await db.selectFrom('services').selectAll().orderBy('id').execute();
  return { categories, services };
}

function userDefaults(role: 'student' | 'instructor', overrides: Partial<NewUser>): NewUser {
  const tag = randomToken('abcdefghijkmnpqrstuvwxyz23456789', 8);
  const phone =
    overrides.phone === undefined
      ? `+1 646-555-${String(randomBytes(2).readUInt16BE() % 10_000).padStart(4, '0')}`
      : overrides.phone;
  return {
    role,
    email: `${role}-${tag}@example.com`,
    first_name: role === 'student' ? 'Test' : 'Teacher',
    last_name: tag.charAt(0).toUpperCase() + tag.slice(1),
    verified_at: new Date().toISOString(),
    stripe_customer_id: role === 'student' ? randomStripeId('cus') : null,
    ...overrides,
    phone,
    phone_normalized: overrides.phone_normalized ?? (phone === null ? null : normalizePhone(phone)),
  };
}

/** A student user; email is stored lower-case and the phone normalized unless given explicitly. */
export async function seedStudent(db: Kysely<Database>, overrides: Partial<NewUser> = {}): Promise<User> {
  const values = userDefaults('student', overrides);
  return db
    .insertInto('users')
    .values({ ...values, role: 'student', email: values.email.toLowerCase() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface SeedInstructorOverrides extends Partial<NewUser> {
  profile?: Partial<Omit<Insertable<InstructorProfilesTable>, 'user_id'>>;
  serviceId?: string;
  hourlyRateCents?: number;
}

export interface SeededInstructor {
  user: User;
  profile: Selectable<InstructorProfilesTable>;
  instructorService: Selectable<InstructorServicesTable>;
}

/** An instructor: user + profile (background check passed by default) + one instructor_services row. */
export async function seedInstructor(db: Kysely<Database>, overrides: SeedInstructorOverrides = {}): Promise<SeededInstructor> {
  const { profile, serviceId, hourlyRateCents, ...userOverrides } = overrides;
  await seedCategoriesAndServices(db);
  const values = userDefaults('instructor', userOverrides);
  const user = await db
    .insertInto('users')
    .values({ ...values, role: 'instructor', email: values.email.toLowerCase() })
    .returningAll()
    .executeTakeFirstOrThrow();
  const tier = profile?.commission_tier ?? 'standard';
  const insertedProfile = await db
    .insertInto('instructor_profiles')
    .values({
      user_id: user.id,
      headline: 'Patient, experienced teacher',
      city: 'New York',
      background_check_status: 'passed',
      stripe_account_id: randomStripeId('acct'),
      founding: tier === 'founding',
      ...profile,
      commission_tier: tier,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const instructorService = await db
    .insertInto('instructor_services')
    .values({ instructor_id: user.id, service_id: serviceId ?? 'piano', hourly_rate_cents: hourlyRateCents ?? 8_000 })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { user, profile: insertedProfile, instructorService };
}

export interface SeedBookingInput {
  studentId: string;
  instructorId: string;
  status?: BookingStatus;
  lessonStart?: Date;
  durationMinutes?: number;
  priceCents?: number;
  creditsAppliedCents?: number;
  /** Defaults to one consistent with the booking's status and lesson time. */
  paymentStatus?: PaymentStatus;
  serviceId?: string;
  instructorServiceId?: string | null;
  shortId?: string;
  /** Defaults to the instructor profile's tier. */
  tier?: CommissionTier;
  createdAt?: Date;
  /** Reference time for deriving the payment status; defaults to the clock. */
  now?: Date;
}

/** The payment status a booking in this state has, under "authorize 24 h before, capture 2 h after the lesson". */
export function paymentStatusFor(status: BookingStatus, lessonStart: Date, now: Date): PaymentStatus {
  if (status === 'completed' || status === 'no_show') return 'captured';
  if (status === 'cancelled') return 'cancelled';
  if (status === 'pending') return 'pending';
  return lessonStart.getTime() - now.getTime() <= 24 * HOUR_MS ? 'authorized' : 'pending';
}

export interface SeededBooking {
  booking: Booking;
  payment: Payment;
}

/** A booking and its payment, with the price split by the instructor's commission tier and matching Stripe ids. */
export async function seedBooking(db: Kysely<Database>, input: SeedBookingInput): Promise<SeededBooking> {
  const now = input.now ?? new Date();
  const status = input.status ?? 'confirmed';
  const lessonStart = input.lessonStart ?? new Date(now.getTime() + 72 * HOUR_MS);
  const duration = input.durationMinutes ?? 60;
  const lessonEnd = new Date(lessonStart.getTime() + duration * 60_000);

  let serviceId = input.serviceId;
  let instructorServiceId = input.instructorServiceId;
  let price = input.priceCents;
  if (serviceId === undefined || instructorServiceId === undefined || price === undefined) {
    const offered = await db
      .selectFrom('instructor_services')
      .select(['id', 'service_id', 'hourly_rate_cents'])
      .where('instructor_id', '=', input.instructorId)
      .orderBy('created_at')
      .executeTakeFirst();
    serviceId ??= offered?.service_id ?? 'piano';
    if (instructorServiceId === undefined) instructorServiceId = offered?.id ?? null;
    price ??= Math.round(((offered?.hourly_rate_cents ?? 8_000) * duration) / 60);
  }
  let tier = input.tier;
  if (tier === undefined) {
    const profile = await db
      .selectFrom('instructor_profiles')
      .select('commission_tier')
      .where('user_id', '=', input.instructorId)
      .executeTakeFirst();
    tier = profile?.commission_tier ?? 'standard';
  }
  const split = splitPrice(price, tier);
  const credits = input.creditsAppliedCents ?? 0;
  const createdAt = input.createdAt ?? new Date(Math.min(now.getTime(), lessonStart.getTime()) - 48 * HOUR_MS);

  const booking = await db
    .insertInto('bookings')
    .values({
      short_id: input.shortId ?? randomShortId(),
      student_id: input.studentId,
      instructor_id: input.instructorId,
      instructor_service_id: instructorServiceId,
      service_id: serviceId,
      status,
      lesson_start: lessonStart.toISOString(),
      duration_minutes: duration,
      price_cents: price,
      platform_fee_cents: split.platformFeeCents,
      instructor_payout_cents: split.instructorPayoutCents,
      credits_applied_cents: credits,
      created_at: genTs(createdAt.getTime()),
      confirmed_at: status === 'pending' ? null : new Date(createdAt.getTime() + 10 * 60_000).toISOString(),
      completed_at: status === 'completed' ? lessonEnd.toISOString() : null,
      cancelled_at:
        status === 'cancelled' ? new Date(Math.min(now.getTime(), lessonStart.getTime() - 30 * HOUR_MS)).toISOString() : null,
      cancelled_by: status === 'cancelled' ? 'student' : null,
      cancellation_reason: status === 'cancelled' ? 'Schedule conflict' : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();

  const paymentStatus = input.paymentStatus ?? paymentStatusFor(status, lessonStart, now);
  const authorizeAt = new Date(lessonStart.getTime() - 24 * HOUR_MS);
  const captureAt = new Date(lessonEnd.getTime() + 2 * HOUR_MS);
  const charged = ['authorized', 'captured', 'partially_refunded', 'refunded'].includes(paymentStatus);
  const captured = ['captured', 'partially_refunded', 'refunded'].includes(paymentStatus);
  const amount = price - credits;
  const payment = await db
    .insertInto('payments')
    .values({
      booking_id: booking.id,
      stripe_payment_intent_id: randomStripeId('pi'),
      stripe_charge_id: charged ? randomStripeId('ch') : null,
      amount_cents: amount,
      amount_refunded_cents: paymentStatus === 'refunded' ? amount : 0,
      status: paymentStatus,
      authorize_at: authorizeAt.toISOString(),
      capture_at: captureAt.toISOString(),
      authorized_at: charged ? new Date(Math.min(authorizeAt.getTime(), now.getTime())).toISOString() : null,
      captured_at: captured ? new Date(Math.min(captureAt.getTime(), now.getTime())).toISOString() : null,
      failed_at: paymentStatus === 'failed' ? now.toISOString() : null,
      failure_code: paymentStatus === 'failed' ? 'card_declined' : null,
      failure_message: paymentStatus === 'failed' ? 'Your card was declined.' : null,
      card_brand: 'visa',
      card_last4: '4242',
      created_at: genTs(createdAt.getTime()),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { booking, payment };
}

export interface SeedStaffInput {
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
}

export async function seedStaff(db: Kysely<Database>, input: SeedStaffInput): Promise<StaffUser> {
  return db
    .insertInto('staff_users')
    .values({ email: input.email.toLowerCase(), name: input.name, role: input.role, password_hash: input.passwordHash })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** One credit ledger entry (positive grants credit, negative spends it). */
export async function seedCredit(
  db: Kysely<Database>,
  userId: string,
  cents: number,
  kind: CreditKind,
): Promise<Selectable<Database['credit_ledger']>> {
  return db
    .insertInto('credit_ledger')
    .values({ id: randomUUID(), user_id: userId, amount_cents: cents, kind, reason: `seeded ${kind}` })
    .returningAll()
    .executeTakeFirstOrThrow();
}
