import type { Insertable } from 'kysely';
import { normalizePhone } from '@ops/shared';
import type { BookingStatus, CommissionTier, PaymentStatus, UsersTable } from '../../schema.js';
import { DAY, HOUR, buildBooking, genTs, iso, type BuiltBooking } from '../factories.js';
import { Rng } from '../prng.js';
import { emptyRowSet, type FullRowSet } from '../row-set.js';

export interface StoryStaff {
  id: string;
  email: string;
  role: 'support' | 'exec' | 'oncall' | 'admin';
}

export interface StoryTeacher {
  id: string;
  tier: CommissionTier;
  offerings: Record<string, { id: string; rate: number }>;
}

export interface StoryBooking {
  id?: string;
  paymentId?: string;
  shortId?: string;
  studentId: string;
  teacher: StoryTeacher;
  serviceId: string;
  minutes: number;
  startMs: number;
  status: BookingStatus;
  paymentStatus?: PaymentStatus;
  createdMs?: number;
  priceCents?: number;
}

/**
 * What every story is planted with: the stories' own random stream and id sequence (the order the stories run in
 * is part of the data), the clock, the rows, the staff who acted, and helpers that add a student, an instructor or
 * a booking with its payment.
 */
export interface StoryKit {
  rng: Rng;
  nowMs: number;
  rows: FullRowSet;
  admin: StoryStaff | null;
  support: StoryStaff | null;
  nextId(): string;
  /** Stripe customer id by user id, for webhook payloads. */
  customers: Map<string, string>;
  /** Every story booking so far, by id, in the order they were booked. */
  built: Map<string, BuiltBooking>;
  student(
    id: string,
    email: string,
    first: string,
    last: string,
    phone: string,
    createdDaysAgo: number,
    extra?: Partial<Insertable<UsersTable>>,
  ): void;
  instructor(
    id: string,
    email: string,
    first: string,
    last: string,
    tier: CommissionTier,
    offerings: StoryTeacher['offerings'],
    profile: { payout_hold?: boolean; payout_hold_reason?: string | null; headline: string },
  ): StoryTeacher;
  book(o: StoryBooking): BuiltBooking;
  /** The start of the hour `daysFromNow` days from now, plus `hour` hours. */
  at(daysFromNow: number, hour?: number): number;
}

export function createStoryKit(now: Date, staff: readonly StoryStaff[]): StoryKit {
  const rng = new Rng(0x5eed);
  const nowMs = now.getTime();
  const rows: FullRowSet = emptyRowSet();
  const admin = staff.find((s) => s.role === 'admin') ?? null;
  const support = staff.find((s) => s.role === 'support') ?? admin;
  let seq = 0x10000;
  const nextId = (): string => `00005eed-0000-4000-9000-${(seq++).toString(16).padStart(12, '0')}`;
  const customers = new Map<string, string>();

  const user = (u: Insertable<UsersTable> & { id: string }): void => {
    rows.users.push({ marketing_opt_out: false, status: 'active', ...u, email: u.email.toLowerCase() });
    if (u.stripe_customer_id) customers.set(u.id, u.stripe_customer_id);
  };
  const student: StoryKit['student'] = (id, email, first, last, phone, createdDaysAgo, extra = {}) =>
    user({
      id,
      role: 'student',
      email,
      first_name: first,
      last_name: last,
      phone,
      phone_normalized: normalizePhone(phone),
      verified_at: iso(nowMs - createdDaysAgo * DAY + HOUR),
      stripe_customer_id: rng.stripeId('cus', 14),
      created_at: genTs(nowMs - createdDaysAgo * DAY),
      updated_at: genTs(nowMs - createdDaysAgo * DAY),
      ...extra,
    });

  const instructor: StoryKit['instructor'] = (id, email, first, last, tier, offerings, profile) => {
    user({
      id,
      role: 'instructor',
      email,
      first_name: first,
      last_name: last,
      phone: `+1 917-555-${String(rng.int(1000, 9999))}`,
      verified_at: iso(nowMs - 500 * DAY),
      stripe_customer_id: null,
      created_at: genTs(nowMs - 520 * DAY),
      updated_at: genTs(nowMs - 30 * DAY),
    });
    const added = rows.users[rows.users.length - 1];
    if (added && typeof added.phone === 'string') added.phone_normalized = normalizePhone(added.phone);
    rows.instructor_profiles.push({
      user_id: id,
      headline: profile.headline,
      city: 'New York',
      background_check_status: 'passed',
      commission_tier: tier,
      founding: tier === 'founding',
      payout_hold: profile.payout_hold ?? false,
      payout_hold_reason: profile.payout_hold_reason ?? null,
      stripe_account_id: rng.stripeId('acct', 16),
      created_at: genTs(nowMs - 520 * DAY),
      updated_at: genTs(nowMs - 30 * DAY),
    });
    for (const [serviceId, o] of Object.entries(offerings)) {
      rows.instructor_services.push({
        id: o.id,
        instructor_id: id,
        service_id: serviceId,
        hourly_rate_cents: o.rate,
        created_at: genTs(nowMs - 515 * DAY),
      });
    }
    return { id, tier, offerings };
  };

  const built = new Map<string, BuiltBooking>();
  const book: StoryKit['book'] = (o) => {
    const offering = o.teacher.offerings[o.serviceId];
    if (!offering) throw new Error(`story instructor does not offer ${o.serviceId}`);
    const b = buildBooking(rng, nowMs, {
      id: o.id ?? nextId(),
      paymentId: o.paymentId ?? nextId(),
      shortId: o.shortId ?? `S${rng.shortId().slice(1)}`,
      studentId: o.studentId,
      instructorId: o.teacher.id,
      tier: o.teacher.tier,
      instructorServiceId: offering.id,
      serviceId: o.serviceId,
      priceCents: o.priceCents ?? (offering.rate * o.minutes) / 60,
      durationMinutes: o.minutes,
      lessonStartMs: o.startMs,
      createdAtMs: o.createdMs ?? Math.min(o.startMs - 5 * DAY, nowMs - 2 * HOUR),
      status: o.status,
      ...(o.paymentStatus ? { paymentStatus: o.paymentStatus } : {}),
    });
    rows.bookings.push(b.booking);
    rows.payments.push(b.payment);
    built.set(b.booking.id, b);
    return b;
  };
  const at: StoryKit['at'] = (daysFromNow, hour = 0) => Math.floor((nowMs + daysFromNow * DAY) / HOUR) * HOUR + hour * HOUR;
  return { rng, nowMs, rows, admin, support, nextId, customers, built, student, instructor, book, at };
}
