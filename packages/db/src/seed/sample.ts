import type { Insertable, Kysely } from 'kysely';
import { DEFAULT_TIME_ZONE, addDays, localDate, normalizePhone, startOfDayInstant } from '@ops/shared';
import type {
  BookingStatus,
  CancelledBy,
  CommissionTier,
  Database,
  FunnelEventsTable,
  FunnelStage,
  OverrideCode,
  StaffRole,
  UsersTable,
} from '../schema.js';
import { AREA_CODES, CATEGORIES, CITIES, FIRST_NAMES, LAST_NAMES, SERVICES, type CategoryId } from './catalog.js';
import {
  DAY,
  HOUR,
  TEMPLATES,
  buildBooking,
  buildNotification,
  buildRefund,
  buildStripeWebhook,
  chargeObject,
  formatUsd,
  genTs,
  iso,
  msOf,
  lessonTimeText,
  paymentIntentObject,
  type BuiltBooking,
  type RefundSpec,
} from './factories.js';
import { buildStoryRows, type StoryStaff } from './plant-stories.js';
import { Rng } from './prng.js';
import { countRowSet, emptyRowSet, insertRowSet, mergeRowSets, type RowSet } from './row-set.js';
import { FUNNEL_DIP, REVENUE_SPIKE, ZERO_RESULT_SEARCHES } from './stories.js';

export interface StaffSeed {
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
}

export interface SampleOptions {
  now?: Date;
  seed?: number;
  staff: StaffSeed[];
}

export interface SampleSummary {
  counts: Partial<Record<keyof Database, number>>;
  elapsedMs: number;
}

export const SAMPLE_SCALE = { students: 3_000, instructors: 300, bookings: 20_000, historyDays: 395, futureDays: 21 } as const;
const TZ = DEFAULT_TIME_ZONE;

/** Picks indexes in proportion to their weights, in O(log n). */
function sampler(rng: Rng, weights: readonly number[]): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  return () => {
    const r = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

interface Person {
  id: string;
  first: string;
  last: string;
  createdMs: number;
  active: boolean;
  row: Insertable<UsersTable> & { id: string };
}
interface Teacher extends Person {
  tier: CommissionTier;
  hold: boolean;
  offerings: Array<{ id: string; serviceId: string; rate: number }>;
}

const RATE_RANGE: Record<CategoryId, [number, number]> = {
  music: [6_000, 12_000],
  languages: [4_000, 9_000],
  academics: [5_000, 12_000],
  'test-prep': [8_000, 20_000],
  sports: [5_000, 11_000],
  arts: [4_000, 9_000],
  tech: [7_000, 15_000],
};
const ZERO_RESULT_QUERIES: Record<CategoryId, readonly string[]> = ZERO_RESULT_SEARCHES;

/** Builds every row of the sample data set in memory; pure and deterministic for a given seed and `now`. */
export function generateSampleRows(opts: SampleOptions): RowSet {
  const now = opts.now ?? new Date();
  const nowMs = now.getTime();
  const rng = new Rng(opts.seed ?? 42);
  const rows = emptyRowSet();
  const { historyDays, futureDays } = SAMPLE_SCALE;

  // Staff, catalogue, templates.
  const staff: StoryStaff[] = opts.staff.map((s) => ({ id: rng.uuid(), email: s.email.toLowerCase(), role: s.role }));
  opts.staff.forEach((s, i) => {
    const id = staff[i]?.id ?? rng.uuid();
    rows.staff_users.push({
      id,
      email: s.email.toLowerCase(),
      name: s.name,
      role: s.role,
      password_hash: s.passwordHash,
      created_at: genTs(nowMs - 400 * DAY),
    });
  });
  const admins = staff.filter((s) => s.role === 'admin');
  const supports = staff.filter((s) => s.role === 'support' || s.role === 'admin');
  const oncalls = staff.filter((s) => s.role === 'oncall' || s.role === 'admin');
  rows.service_categories.push(...CATEGORIES.map((c) => ({ id: c.id, name: c.name })));
  rows.services.push(...SERVICES.map((s) => ({ ...s })));
  rows.message_templates.push(...buildTemplateRows(rng, nowMs, admins[0]?.id ?? null));
  const serviceName = new Map(SERVICES.map((s) => [s.id, s.name]));

  // The planted stories come first so their short ids and emails are reserved.
  const stories = buildStoryRows(now, staff);
  const usedShort = new Set(stories.bookings.map((b) => b.short_id));
  const shortId = (): string => {
    for (;;) {
      const s = rng.shortId();
      if (!usedShort.has(s)) {
        usedShort.add(s);
        return s;
      }
    }
  };

  // Day starts in the business time zone, from the oldest history day to the last future day.
  const today = localDate(now, TZ);
  const dayStart = new Map<number, number>();
  for (let d = -historyDays - 1; d <= futureDays + 1; d++) dayStart.set(d, startOfDayInstant(addDays(today, d), TZ).getTime());
  const startOf = (d: number): number => dayStart.get(d) ?? nowMs + d * DAY;

  let emailSeq = 0;
  const person = (role: 'student' | 'instructor', createdMs: number): Person => {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const phone = rng.chance(0.9) ? `+1 ${rng.pick(AREA_CODES)}-555-${String(rng.int(0, 9999)).padStart(4, '0')}` : null;
    const status =
      role === 'student'
        ? rng.weighted([
            ['active', 985],
            ['suspended', 3],
            ['deactivated', 12],
          ] as const)
        : rng.weighted([
            ['active', 95],
            ['suspended', 2],
            ['deactivated', 3],
          ] as const);
    const id = rng.uuid();
    const row: Person['row'] = {
      id,
      role,
      status,
      email: `${first}.${last}${++emailSeq}@example.com`.toLowerCase(),
      phone,
      phone_normalized: phone === null ? null : normalizePhone(phone),
      first_name: first,
      last_name: last,
      verified_at: rng.chance(role === 'student' ? 0.97 : 1) ? iso(createdMs + rng.int(1, 90) * 60_000) : null,
      stripe_customer_id: null,
      marketing_opt_out: rng.chance(0.1),
      suspended_at: status === 'suspended' ? iso(nowMs - rng.int(2, 60) * DAY) : null,
      suspension_reason: status === 'suspended' ? rng.pick(['Chargeback abuse', 'Harassment report', 'Fake account']) : null,
      created_at: genTs(createdMs),
      updated_at: genTs(createdMs),
    };
    return { id, first, last, createdMs, active: status === 'active', row };
  };

  // Instructors.
  const teachers: Teacher[] = [];
  for (let i = 0; i < SAMPLE_SCALE.instructors; i++) {
    const p = person('instructor', nowMs - rng.int(100, 800) * DAY);
    const tier = rng.weighted([
      ['standard', 70],
      ['preferred', 20],
      ['founding', 10],
    ] as const);
    const hold = p.active && rng.chance(0.01);
    const offerings: Teacher['offerings'] = [];
    const count = rng.weighted([
      [1, 50],
      [2, 35],
      [3, 15],
    ] as const);
    const category = rng.pick(CATEGORIES).id;
    const inCategory = SERVICES.filter((s) => s.category_id === category);
    for (let k = 0; k < count; k++) {
      const s = k === 0 ? rng.pick(inCategory) : rng.pick(SERVICES);
      if (offerings.some((o) => o.serviceId === s.id)) continue;
      const [lo, hi] = RATE_RANGE[s.category_id];
      offerings.push({ id: rng.uuid(), serviceId: s.id, rate: rng.int(lo / 500, hi / 500) * 500 });
    }
    teachers.push({ ...p, tier, hold, offerings });
  }

  // Students: more recent sign-ups as the marketplace grows.
  const students: Person[] = [];
  for (let i = 0; i < SAMPLE_SCALE.students; i++) {
    students.push(
      person('student', nowMs - Math.floor((historyDays + 30) * (1 - rng.next() ** 0.75) * DAY) - rng.int(0, 86_399) * 1000),
    );
  }
  const pickTeacher = sampler(
    rng,
    teachers.map(() => 0.2 + rng.next() * rng.next() * 3),
  );
  const pickStudent = sampler(
    rng,
    students.map(() => 0.1 + rng.next() ** 3 * 5),
  );

  // Booking plans: day weights grow over the year, weekends busier, future days only partly booked.
  const days: number[] = [];
  const dayWeights: number[] = [];
  for (let d = -historyDays; d <= futureDays; d++) {
    const growth = 0.55 + (0.45 * (historyDays + Math.min(d, 0))) / historyDays;
    const weekday = new Date(startOf(d) + 12 * HOUR).getUTCDay();
    const future = d > 0 ? Math.max(0.1, 1 - d / 24) : 1;
    days.push(d);
    dayWeights.push(growth * (weekday === 0 || weekday === 6 ? 1.25 : 1) * future);
  }
  const pickDay = sampler(rng, dayWeights);

  interface Plan {
    teacher: Teacher;
    student: Person;
    offering: Teacher['offerings'][number];
    minutes: number;
    startMs: number;
    createdMs: number;
    status: BookingStatus;
    cancelledAtMs?: number;
    cancelledBy?: CancelledBy;
    cancellationReason?: string;
    studentNoShowOrInstructor?: 'student' | 'instructor';
  }
  const plans: Plan[] = [];
  const spikeDay = -REVENUE_SPIKE.daysAgo;
  const plan = (d: number, forceCompleted: boolean): void => {
    const startMs = startOf(d) + rng.int(8, 20) * HOUR + rng.pick([0, 30]) * 60_000;
    const future = startMs > nowMs;
    let teacher = teachers[pickTeacher()] as Teacher;
    for (let k = 0; k < 8 && (future || forceCompleted) && !teacher.active; k++) teacher = teachers[pickTeacher()] as Teacher;
    let student = students[pickStudent()] as Person;
    for (let k = 0; k < 8 && future && !student.active; k++) student = students[pickStudent()] as Person;
    const offering = rng.pick(teacher.offerings);
    const minutes = rng.weighted([
      [30, 10],
      [45, 10],
      [60, 55],
      [90, 15],
      [120, 10],
    ] as const);
    const leadMs = rng.weighted([
      [[2, 24], 15],
      [[24, 72], 35],
      [[72, 240], 35],
      [[240, 720], 15],
    ] as const);
    // A lesson booked further ahead than its lead time was booked at some point in the last two weeks, not all today.
    const bookedMs = startMs - rng.int(leadMs[0], leadMs[1]) * HOUR;
    const createdMs = bookedMs < nowMs - 5 * 60_000 ? bookedMs : nowMs - rng.int(5, 14 * 24 * 60) * 60_000;
    const endMs = startMs + minutes * 60_000;
    let status: BookingStatus;
    if (forceCompleted) status = 'completed';
    else if (future)
      status = rng.weighted([
        ['confirmed', 84],
        ['pending', 11],
        ['cancelled', 5],
      ] as const);
    else if (endMs > nowMs - 2 * HOUR && rng.chance(0.5)) status = 'confirmed';
    else
      status = rng.weighted([
        ['completed', 84],
        ['cancelled', 11],
        ['no_show', 5],
      ] as const);
    const p: Plan = { teacher, student, offering, minutes, startMs, createdMs, status };
    if (status === 'cancelled') {
      const by = rng.weighted([
        ['student', 75],
        ['instructor', 15],
        ['admin', 4],
        ['system', 6],
      ] as const);
      const hoursBefore = rng.weighted([
        [[24, 240], 60],
        [[12, 23], 22],
        [[1, 11], 18],
      ] as const);
      let at = Math.max(createdMs + 10 * 60_000, startMs - rng.int(hoursBefore[0], hoursBefore[1]) * HOUR);
      if (at > nowMs) at = createdMs + Math.floor((nowMs - createdMs) * rng.next());
      p.cancelledAtMs = at;
      p.cancelledBy = by;
      p.cancellationReason =
        by === 'student'
          ? rng.pick(['Schedule conflict', 'Feeling unwell', 'Found another time', 'Travel'])
          : by === 'instructor'
            ? rng.pick(['Instructor unavailable', 'Instructor illness'])
            : by === 'admin'
              ? 'Cancelled by support at student request'
              : 'Payment authorization failed';
    }
    if (status === 'no_show') p.studentNoShowOrInstructor = rng.chance(0.7) ? 'student' : 'instructor';
    plans.push(p);
  };
  const storyBookings = stories.bookings.length;
  const base = SAMPLE_SCALE.bookings - storyBookings;
  for (let i = 0; i < base; i++) plan(days[pickDay()] ?? 0, false);
  // The revenue spike: twice the day's usual completed lessons again, on one day.
  const spikeStart = startOf(spikeDay);
  const spikeEnd = startOf(spikeDay + 1);
  const onSpike = plans.filter((p) => p.status === 'completed' && p.startMs >= spikeStart && p.startMs < spikeEnd).length;
  for (let i = 0; i < (REVENUE_SPIKE.factor - 1) * Math.max(onSpike, 40); i++) plan(spikeDay, true);
  plans.sort((a, b) => a.createdMs - b.createdMs);

  // Credits: promo grants at sign-up; spent on later bookings; tracked with times so balances never go negative.
  const grants = new Map<string, Array<{ ms: number; cents: number }>>();
  const spent = new Map<string, number>();
  for (const s of students) {
    if (!rng.chance(0.2)) continue;
    const cents = rng.pick([1_000, 1_500, 2_500]);
    grants.set(s.id, [{ ms: s.createdMs + HOUR, cents }]);
    rows.credit_ledger.push({
      id: rng.uuid(),
      user_id: s.id,
      amount_cents: cents,
      kind: 'promo',
      reason: 'Welcome credit',
      created_at: genTs(s.createdMs + HOUR),
    });
  }
  for (let i = 0; i < 60; i++) {
    const s = students[pickStudent()] as Person;
    const cents = rng.pick([500, 1_000, 2_000, 5_000]);
    const ms = Math.max(s.createdMs, nowMs - rng.int(1, 200) * DAY);
    const list = grants.get(s.id) ?? [];
    list.push({ ms, cents });
    grants.set(s.id, list);
    rows.credit_ledger.push({
      id: rng.uuid(),
      user_id: s.id,
      amount_cents: cents,
      kind: 'adjustment',
      reason: 'Goodwill credit',
      created_by_staff_id: admins[0]?.id ?? null,
      created_at: genTs(ms),
    });
  }
  const available = (userId: string, ms: number): number => {
    let total = 0;
    for (const g of grants.get(userId) ?? []) if (g.ms < ms) total += g.cents;
    return total - (spent.get(userId) ?? 0);
  };

  const built: Array<{ b: BuiltBooking; plan: Plan }> = [];
  const firstBooking = new Map<string, number>();
  const refundSpecs: RefundSpec[] = [];
  for (const p of plans) {
    const price = (p.offering.rate * p.minutes) / 60;
    let credits = 0;
    const balance = available(p.student.id, p.createdMs);
    if (balance > 0 && price > 1_000 && rng.chance(0.7)) credits = Math.min(balance, price - 500);
    const b = buildBooking(rng, nowMs, {
      id: rng.uuid(),
      paymentId: rng.uuid(),
      shortId: shortId(),
      studentId: p.student.id,
      instructorId: p.teacher.id,
      tier: p.teacher.tier,
      instructorServiceId: p.offering.id,
      serviceId: p.offering.serviceId,
      priceCents: price,
      durationMinutes: p.minutes,
      lessonStartMs: p.startMs,
      createdAtMs: p.createdMs,
      status: p.status,
      creditsAppliedCents: credits,
      ...(p.cancelledAtMs === undefined ? {} : { cancelledAtMs: p.cancelledAtMs }),
      ...(p.cancelledBy === undefined ? {} : { cancelledBy: p.cancelledBy }),
      ...(p.cancellationReason === undefined ? {} : { cancellationReason: p.cancellationReason }),
    });
    for (const who of [p.student.id, p.teacher.id])
      firstBooking.set(who, Math.min(firstBooking.get(who) ?? Infinity, p.createdMs));
    if (credits > 0) {
      spent.set(p.student.id, (spent.get(p.student.id) ?? 0) + credits);
      rows.credit_ledger.push({
        id: rng.uuid(),
        user_id: p.student.id,
        amount_cents: -credits,
        kind: 'booking_payment',
        reason: `Applied to booking ${b.booking.short_id}`,
        booking_id: b.booking.id,
        created_at: genTs(p.createdMs),
      });
    }
    const pay = b.payment;
    const amount = pay.amount_cents;
    const refund = (o: Omit<RefundSpec, 'id' | 'built' | 'reason' | 'status'> & { reason?: string }): void => {
      if (o.amountCents <= 0) return;
      const recent = o.createdAtMs > nowMs - 2 * DAY;
      refundSpecs.push({
        id: rng.uuid(),
        built: b,
        reason: o.reason ?? 'Refund per cancellation policy',
        status: recent && rng.chance(0.3) ? 'pending' : rng.chance(0.01) ? 'failed' : 'succeeded',
        ...o,
      });
    };
    if (p.status === 'cancelled' && p.cancelledAtMs !== undefined) {
      const hoursBefore = (p.startMs - p.cancelledAtMs) / HOUR;
      const at = p.cancelledAtMs;
      if (credits > 0 && hoursBefore >= 24) {
        rows.credit_ledger.push({
          id: rng.uuid(),
          user_id: p.student.id,
          amount_cents: credits,
          kind: 'refund',
          reason: `Credits returned for cancelled booking ${b.booking.short_id}`,
          booking_id: b.booking.id,
          created_at: genTs(at),
        });
        const list = grants.get(p.student.id) ?? [];
        list.push({ ms: at, cents: credits });
        grants.set(p.student.id, list);
      }
      if (p.cancelledBy === 'system') {
        pay.status = 'failed';
        pay.failed_at = iso(Math.min(at, nowMs));
        pay.failure_code = rng.pick(['card_declined', 'insufficient_funds', 'expired_card']);
        pay.failure_message = 'The card was declined at authorization.';
        pay.authorized_at = null;
        pay.stripe_charge_id = null;
      } else if (hoursBefore >= 24) {
        if (rng.chance(0.3) && amount > 0) {
          // Charged at booking (instant book), so the early cancellation is a full refund to card.
          pay.status = 'captured';
          pay.authorized_at = iso(p.createdMs + 60_000);
          pay.captured_at = iso(p.createdMs + 60_000);
          pay.stripe_charge_id = rng.stripeId('ch');
          refund({
            amountCents: amount,
            method: 'card',
            policyRule: 'card_24h_plus',
            instructorPayoutCents: 0,
            createdAtMs: at + 60_000,
          });
        }
      } else {
        pay.status = 'captured';
        pay.authorized_at = iso(Math.max(p.createdMs + 60_000, p.startMs - DAY));
        pay.captured_at = iso(at);
        pay.stripe_charge_id ??= rng.stripeId('ch');
        if (p.cancelledBy !== 'student') {
          refund({
            amountCents: amount,
            method: 'card',
            policyRule: 'override',
            overrideCode: p.cancelledBy === 'instructor' ? 'INSTRUCTOR_NO_SHOW' : 'PLATFORM_ERROR',
            instructorPayoutCents: 0,
            createdAtMs: at + 60_000,
            reason: p.cancellationReason ?? 'Cancelled',
          });
        } else if (hoursBefore >= 12) {
          refund({
            amountCents: amount,
            method: 'credit',
            policyRule: 'credit_12_to_24h',
            instructorPayoutCents: 0,
            createdAtMs: at + 60_000,
          });
        } else {
          // The policy: half as credit (the odd cent to the student), half paid to the instructor.
          refund({
            amountCents: Math.ceil(amount / 2),
            method: 'credit',
            policyRule: 'split_under_12h',
            instructorPayoutCents: amount - Math.ceil(amount / 2),
            createdAtMs: at + 60_000,
          });
        }
      }
    } else if (p.status === 'no_show' && p.studentNoShowOrInstructor === 'instructor' && pay.status === 'captured') {
      refund({
        amountCents: amount,
        method: 'card',
        policyRule: 'override',
        overrideCode: 'INSTRUCTOR_NO_SHOW',
        instructorPayoutCents: 0,
        createdAtMs: p.startMs + rng.int(2, 48) * HOUR,
        reason: 'Instructor did not show up',
      });
    } else if (p.status === 'completed' && pay.status === 'captured' && rng.chance(0.02)) {
      const code: OverrideCode = rng.weighted([
        ['PLATFORM_ERROR', 5],
        ['DUPLICATE', 2],
      ] as const);
      // The lesson was delivered and the instructor is paid for it: an override refund pays them nothing more,
      // and can give back at most what the instructor's pay leaves of the payment.
      const asCredit = rng.chance(0.4);
      const room = amount - b.booking.instructor_payout_cents;
      refund({
        amountCents: Math.min(Math.floor(amount / 2), room),
        method: asCredit ? 'credit' : 'card',
        policyRule: 'override',
        overrideCode: code,
        instructorPayoutCents: 0,
        createdAtMs: p.startMs + rng.int(3, 96) * HOUR,
        reason: code === 'DUPLICATE' ? 'Duplicate charge' : 'Lesson cut short by a video outage',
      });
    }
    built.push({ b, plan: p });
  }

  // Refunds (time-ordered staff ids where a person acted).
  for (const spec of refundSpecs) {
    if (spec.createdAtMs > nowMs) spec.createdAtMs = nowMs - rng.int(1, 60) * 60_000;
    const actor = spec.policyRule === 'override' ? (rng.pick(supports)?.id ?? null) : null;
    const r = buildRefund(rng, { ...spec, staffId: actor });
    rows.refunds.push(r.refund);
    if (r.credit) rows.credit_ledger.push(r.credit);
  }

  // Users: creation no later than their first booking; Stripe customers for everyone who paid.
  for (const p of [...teachers, ...students]) {
    const first = firstBooking.get(p.id);
    if (first !== undefined && first < p.createdMs) {
      p.createdMs = first - rng.int(1, 20) * DAY;
      p.row.created_at = genTs(p.createdMs);
      p.row.updated_at = genTs(p.createdMs);
      if (p.row.verified_at) p.row.verified_at = iso(p.createdMs + rng.int(1, 90) * 60_000);
    }
    if (p.row.role === 'student' && (first !== undefined || rng.chance(0.3))) p.row.stripe_customer_id = rng.stripeId('cus', 14);
    rows.users.push(p.row);
  }
  for (const t of teachers) {
    rows.instructor_profiles.push({
      user_id: t.id,
      headline: `${serviceName.get(t.offerings[0]?.serviceId ?? 'piano') ?? 'Lessons'} teacher, ${rng.int(2, 25)} years of experience`,
      city: rng.pick(CITIES),
      background_check_status: t.active
        ? rng.weighted([
            ['passed', 95],
            ['pending', 5],
          ] as const)
        : rng.weighted([
            ['passed', 60],
            ['failed', 25],
            ['not_started', 15],
          ] as const),
      verification_override: false,
      commission_tier: t.tier,
      founding: t.tier === 'founding',
      payout_hold: t.hold,
      payout_hold_reason: t.hold ? 'Identity re-verification' : null,
      stripe_account_id: rng.stripeId('acct', 16),
      created_at: genTs(t.createdMs),
      updated_at: genTs(t.createdMs),
    });
    for (const o of t.offerings)
      rows.instructor_services.push({
        id: o.id,
        instructor_id: t.id,
        service_id: o.serviceId,
        hourly_rate_cents: o.rate,
        created_at: genTs(t.createdMs + HOUR),
      });
  }

  // Bookings, payments, payouts, notifications, webhooks.
  const customer = new Map(students.map((s) => [s.id, s.row]));
  const notifyFrom = nowMs - 90 * DAY;
  const webhooksFrom = nowMs - 120 * DAY;
  const splitRefunds = new Map(refundSpecs.filter((r) => r.policyRule === 'split_under_12h').map((r) => [r.built, r]));
  const builtById = new Map(built.map((x) => [x.b.booking.id, x]));
  for (const { b, plan: p } of built) {
    rows.bookings.push(b.booking);
    rows.payments.push(b.payment);
    const pay = b.payment;
    const endMs = p.startMs + p.minutes * 60_000;
    const splitRefund = splitRefunds.get(b);
    const earns =
      (p.status === 'completed' && pay.status !== 'refunded') ||
      (p.status === 'no_show' && p.studentNoShowOrInstructor === 'student') ||
      splitRefund !== undefined;
    if (earns && endMs < nowMs) {
      const amount = splitRefund ? splitRefund.instructorPayoutCents : b.booking.instructor_payout_cents;
      const scheduled = endMs + 3 * DAY;
      const old = scheduled <= nowMs - DAY;
      const failed = old && rng.chance(0.004);
      const status = p.teacher.hold && !old ? 'held' : failed ? 'failed' : old ? 'paid' : 'pending';
      if (amount > 0) {
        rows.payouts.push({
          id: rng.uuid(),
          instructor_id: p.teacher.id,
          booking_id: b.booking.id,
          amount_cents: amount,
          status,
          scheduled_for: iso(scheduled),
          paid_at: status === 'paid' ? iso(scheduled + 2 * HOUR) : null,
          failed_at: status === 'failed' ? iso(scheduled + HOUR) : null,
          failure_reason:
            status === 'failed' ? rng.pick(['account_closed', 'invalid_account_number', 'debit_not_authorized']) : null,
          hold_reason: status === 'held' ? 'Identity re-verification' : null,
          stripe_transfer_id: status === 'paid' ? rng.stripeId('tr') : null,
          created_at: genTs(endMs + HOUR),
          updated_at: genTs(Math.min(nowMs, status === 'paid' ? scheduled + 2 * HOUR : endMs + HOUR)),
        });
      }
    }
    if (p.startMs >= notifyFrom) {
      const vars = {
        firstName: p.student.first,
        instructorName: `${p.teacher.first} ${p.teacher.last}`,
        serviceName: serviceName.get(p.offering.serviceId) ?? 'Lesson',
        lessonTime: lessonTimeText(p.startMs),
        shortId: b.booking.short_id,
        amount: formatUsd(pay.amount_cents),
      };
      const optOut = customer.get(p.student.id)?.marketing_opt_out === true;
      if (b.booking.confirmed_at) {
        rows.notifications.push(
          buildNotification({
            id: rng.uuid(),
            userId: p.student.id,
            bookingId: b.booking.id,
            template: 'booking_confirmation',
            vars,
            createdAtMs: msOf(b.booking.confirmed_at),
            status: rng.chance(0.01) ? 'failed' : 'sent',
          }),
        );
      }
      if (p.status !== 'cancelled' && p.status !== 'pending' && p.startMs - DAY <= nowMs) {
        const sms = rng.chance(0.15);
        rows.notifications.push(
          buildNotification({
            id: rng.uuid(),
            userId: p.student.id,
            bookingId: b.booking.id,
            template: 'lesson_reminder',
            vars,
            channel: sms ? 'sms' : 'email',
            createdAtMs: Math.max(p.startMs - DAY, p.createdMs + 5 * 60_000),
            status: sms && optOut ? 'skipped' : 'sent',
          }),
        );
      }
      if (p.status === 'completed' && endMs + HOUR <= nowMs) {
        rows.notifications.push(
          buildNotification({
            id: rng.uuid(),
            userId: p.student.id,
            bookingId: b.booking.id,
            template: 'lesson_completed',
            vars,
            createdAtMs: endMs + HOUR,
          }),
        );
      }
    }
    const cus = customer.get(p.student.id)?.stripe_customer_id ?? null;
    const hook = (type: string, createdMs: number, object: Record<string, unknown>): void => {
      if (createdMs < webhooksFrom || createdMs > nowMs) return;
      rows.webhook_events.push(
        buildStripeWebhook({
          id: rng.uuid(),
          eventId: rng.stripeId('evt'),
          type,
          createdMs,
          object,
          bookingId: b.booking.id,
          paymentId: pay.id,
          userId: p.student.id,
          durationMs: rng.int(12, 180),
        }),
      );
    };
    if (pay.captured_at)
      hook('payment_intent.succeeded', msOf(pay.captured_at), {
        ...paymentIntentObject(pay, cus, b.booking.short_id),
        status: 'succeeded',
        amount_received: pay.amount_cents,
      });
    else if (pay.authorized_at)
      hook(
        'payment_intent.amount_capturable_updated',
        msOf(pay.authorized_at),
        paymentIntentObject(pay, cus, b.booking.short_id),
      );
    if (pay.failed_at)
      hook('payment_intent.payment_failed', msOf(pay.failed_at), {
        ...paymentIntentObject(pay, cus, b.booking.short_id),
        last_payment_error: { code: pay.failure_code, message: pay.failure_message },
      });
  }
  for (const r of rows.refunds) {
    const b = builtById.get(r.booking_id);
    if (!b || r.method !== 'card' || r.status !== 'succeeded' || !r.created_at) continue;
    const createdMs = msOf(r.created_at);
    if (createdMs < webhooksFrom) continue;
    rows.webhook_events.push(
      buildStripeWebhook({
        id: rng.uuid(),
        eventId: rng.stripeId('evt'),
        type: 'charge.refunded',
        createdMs: createdMs + 30_000,
        object: chargeObject(b.b.payment, customer.get(b.plan.student.id)?.stripe_customer_id ?? null),
        bookingId: r.booking_id,
        paymentId: r.payment_id ?? null,
        userId: r.student_id,
        durationMs: rng.int(12, 120),
      }),
    );
  }
  for (let i = 0; i < 40; i++) {
    const ms = nowMs - rng.int(60, 120 * 24 * 60) * 60_000;
    rows.webhook_events.push(
      buildStripeWebhook({
        id: rng.uuid(),
        eventId: rng.stripeId('evt'),
        type: 'customer.updated',
        createdMs: ms,
        object: { id: rng.stripeId('cus', 14), object: 'customer' },
        status: 'skipped',
        durationMs: 2,
      }),
    );
  }

  // Notes by support on random bookings.
  const pastBuilt = built.filter((x) => x.plan.startMs < nowMs);
  for (let i = 0; i < 600; i++) {
    const x = rng.pick(pastBuilt);
    const kind = rng.weighted([
      ['support_interaction', 70],
      ['internal', 18],
      ['escalation', 8],
      ['fraud_flag', 4],
    ] as const);
    const body = {
      support_interaction: rng.pick([
        'Student asked to reschedule; walked them through the app.',
        'Explained the cancellation policy.',
        'Student could not find the lesson link; resent it.',
        'Receipt requested and sent.',
      ]),
      internal: rng.pick(['Instructor confirmed the lesson happened.', 'Checked payment status in Stripe: captured.']),
      escalation: rng.pick([
        'Escalated to payments team: charge looks duplicated.',
        'Escalated: instructor unresponsive for 3 days.',
      ]),
      fraud_flag: 'Several cards used on this account in one week.',
      dispute: '',
    }[kind];
    rows.booking_notes.push({
      id: rng.uuid(),
      user_id: x.plan.student.id,
      booking_id: x.b.booking.id,
      kind,
      body,
      author_staff_id: rng.pick(supports)?.id ?? null,
      created_at: genTs(Math.min(nowMs - 60_000, x.plan.startMs + rng.int(1, 72) * HOUR)),
    });
  }

  // Campaigns already sent.
  rows.campaigns.push(
    {
      id: rng.uuid(),
      kind: 'announcement',
      name: 'Spring lessons week',
      template_key: 'announcement_general',
      subject: 'Spring lessons week is here',
      body: 'Book any lesson this week and get 10% back in credit.',
      audience: JSON.stringify({ role: 'students', statuses: ['active'], activity: 'any' }),
      channels: JSON.stringify(['email']),
      status: 'completed',
      recipients_total: 2_410,
      sent_count: 2_391,
      failed_count: 7,
      excluded_count: 12,
      created_by_staff_id: admins[0]?.id ?? null,
      approved_by_staff_id: admins[1]?.id ?? null,
      created_at: genTs(nowMs - 75 * DAY),
      started_at: iso(nowMs - 75 * DAY + HOUR),
      finished_at: iso(nowMs - 75 * DAY + 2 * HOUR),
    },
    {
      id: rng.uuid(),
      kind: 'announcement',
      name: 'New instructors in tech',
      template_key: 'announcement_general',
      subject: 'New coding instructors',
      body: 'Python and web development instructors just joined.',
      audience: JSON.stringify({ role: 'students', statuses: [], activity: 'booked_30d' }),
      channels: JSON.stringify(['email', 'in_app']),
      status: 'completed',
      recipients_total: 640,
      sent_count: 636,
      failed_count: 1,
      excluded_count: 3,
      created_by_staff_id: admins[0]?.id ?? null,
      approved_by_staff_id: null,
      created_at: genTs(nowMs - 30 * DAY),
      started_at: iso(nowMs - 30 * DAY + HOUR),
      finished_at: iso(nowMs - 30 * DAY + HOUR + 20 * 60_000),
    },
  );

  // Funnel journeys, with the week-long dip at booking_started → booking_confirmed.
  const dipFrom = startOf(-FUNNEL_DIP.daysAgoFrom);
  const dipTo = startOf(-FUNNEL_DIP.daysAgoTo + 1);
  for (let d = -historyDays; d <= 0; d++) {
    const growth = 0.6 + (0.4 * (historyDays + d)) / historyDays;
    const journeys = Math.round(95 * growth * (0.85 + rng.next() * 0.3));
    for (let j = 0; j < journeys; j++) {
      const userId = rng.uuid();
      const category = rng.pick(CATEGORIES).id;
      let t = startOf(d) + rng.int(0, 86_399) * 1000;
      const events: Array<Insertable<FunnelEventsTable>> = [];
      const push = (stage: FunnelStage): void => {
        events.push({
          user_id: userId,
          stage,
          category_id: stage === 'signup' || stage === 'email_verified' ? null : category,
          occurred_at: iso(t),
        });
      };
      push('signup');
      if (rng.chance(0.78)) {
        t += rng.int(2, 180) * 60_000;
        push('email_verified');
        if (rng.chance(0.87)) {
          t += rng.int(1, 48 * 60) * 60_000;
          push('search');
          const query = rng.chance(0.06)
            ? rng.pick(ZERO_RESULT_QUERIES[category])
            : rng.pick(SERVICES.filter((s) => s.category_id === category)).name.toLowerCase();
          const zero = Object.values(ZERO_RESULT_QUERIES).some((q) => q.includes(query));
          rows.search_events.push({
            user_id: userId,
            query,
            category_id: category,
            results_count: zero ? 0 : rng.int(3, 60),
            occurred_at: iso(t),
          });
          if (!zero && rng.chance(0.7)) {
            t += rng.int(1, 240) * 60_000;
            push('booking_started');
            const rate = t >= dipFrom && t < dipTo ? FUNNEL_DIP.dipRate : FUNNEL_DIP.normalRate;
            if (rng.chance(rate)) {
              t += rng.int(1, 20) * 60_000;
              push('booking_confirmed');
              if (rng.chance(0.85)) {
                t += rng.int(1, 10) * DAY;
                push('lesson_completed');
              }
            }
          }
        }
      }
      for (const e of events) if (msOf(e.occurred_at) <= nowMs) rows.funnel_events.push(e);
    }
    // Returning users search too.
    for (let k = 0; k < Math.round(20 * growth); k++) {
      const category = rng.pick(CATEGORIES).id;
      const zero = rng.chance(0.05);
      const ms = startOf(d) + rng.int(0, 86_399) * 1000;
      if (ms > nowMs) continue;
      rows.search_events.push({
        user_id: rng.pick<Person>(students).id,
        query: zero
          ? rng.pick(ZERO_RESULT_QUERIES[category])
          : `${rng.pick(SERVICES.filter((s) => s.category_id === category)).name.toLowerCase()} ${rng.pick(['near me', 'online', 'beginner', 'weekend', ''])}`.trim(),
        category_id: category,
        results_count: zero ? 0 : rng.int(1, 80),
        occurred_at: iso(ms),
      });
    }
  }

  mergeRowSets(rows, buildOperationsRows(rng, nowMs, historyDays));

  // Staff actions over the last 120 days (the trigger chains them in time order).
  if (staff.length > 0) {
    for (let i = 0; i < 900; i++) {
      const x = rng.pick(pastBuilt);
      const kind = rng.weighted([
        ['users.pii.reveal', 30],
        ['bookings.note', 25],
        ['notifications.resend', 15],
        ['credits.adjust', 8],
        ['webhooks.replay', 8],
        ['alerts.silence', 6],
        ['refunds.create', 8],
      ] as const);
      const actor =
        (kind === 'webhooks.replay' || kind === 'alerts.silence'
          ? rng.pick(oncalls)
          : kind === 'credits.adjust' || kind === 'refunds.create'
            ? rng.pick(admins.length > 0 ? admins : staff)
            : rng.pick(supports)) ?? (staff[0] as StoryStaff);
      const resource =
        kind === 'users.pii.reveal' || kind === 'credits.adjust'
          ? { type: 'user', id: x.plan.student.id }
          : kind === 'webhooks.replay'
            ? { type: 'webhook_event', id: rng.uuid() }
            : kind === 'alerts.silence'
              ? { type: 'alert', id: rng.pick(['HighErrorRate', 'WebhookFailures', 'PaymentCaptureLag']) }
              : { type: 'booking', id: x.b.booking.id };
      rows.audit_log.push({
        occurred_at: genTs(nowMs - rng.int(10, 120 * 24 * 60) * 60_000),
        actor_staff_id: actor.id,
        actor_email: actor.email,
        action: kind,
        resource_type: resource.type,
        resource_id: resource.id,
        before: kind === 'credits.adjust' ? JSON.stringify({ balanceCents: 0 }) : null,
        after:
          kind === 'credits.adjust'
            ? JSON.stringify({ balanceCents: 1_000 })
            : kind === 'bookings.note'
              ? JSON.stringify({ kind: 'support_interaction' })
              : null,
        reason: rng.pick(['Customer called in', 'Ticket follow-up', 'Verifying identity', 'Investigating alert', 'Goodwill']),
        request_id: rng.stripeId('req', 16),
        ip: `10.0.${rng.int(0, 9)}.${rng.int(2, 250)}`,
        user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15',
      });
    }
  }

  mergeRowSets(rows, stories);
  rows.audit_log.sort((a, b) => msOf(a.occurred_at) - msOf(b.occurred_at));
  return rows;
}

/** The marketplace's job queue over the last three days and its deploy history (shared with the bench set). */
export function buildOperationsRows(rng: Rng, nowMs: number, historyDays: number): RowSet {
  const out = emptyRowSet();
  // Background jobs over the last three days.
  const tasks = {
    payments: ['authorize_payment', 'capture_payment', 'reconcile_refunds'],
    notifications: ['send_email', 'send_sms', 'send_reminders'],
    payouts: ['create_transfer', 'sync_payout_status'],
  } as const;
  let dead = 0;
  for (let ms = nowMs - 3 * DAY; ms < nowMs - 5 * 60_000; ms += rng.int(60, 300) * 1000) {
    const queue = rng.weighted([
      ['payments', 40],
      ['notifications', 45],
      ['payouts', 15],
    ] as const);
    const task = rng.pick(tasks[queue]);
    const roll = rng.next();
    const status = dead < 3 && roll < 0.003 ? 'dead' : roll < 0.03 ? 'failed' : 'succeeded';
    if (status === 'dead') dead++;
    const error =
      status === 'succeeded'
        ? null
        : queue === 'notifications'
          ? 'SMTP 451 4.7.1 try again later'
          : queue === 'payments'
            ? 'StripeConnectionError: request timed out after 30000ms'
            : 'StripeInvalidRequestError: No such destination account';
    out.background_jobs.push({
      queue,
      task,
      status,
      attempts: status === 'dead' ? 5 : status === 'failed' ? rng.int(1, 3) : 1,
      max_attempts: 5,
      payload: JSON.stringify({ task }),
      scheduled_at: genTs(ms),
      started_at: iso(ms + 800),
      finished_at: iso(ms + rng.int(1, 30) * 1000),
      error,
      created_at: genTs(ms - 1000),
    });
  }
  for (let i = 0; i < 6; i++) {
    const running = i < 3;
    const queue = rng.pick(['payments', 'notifications', 'payouts'] as const);
    out.background_jobs.push({
      queue,
      task: rng.pick(tasks[queue]),
      status: running ? 'running' : 'queued',
      attempts: running ? 1 : 0,
      payload: JSON.stringify({}),
      scheduled_at: genTs(nowMs + (running ? -40_000 : rng.int(1, 10) * 60_000)),
      started_at: running ? iso(nowMs - 30_000) : null,
      created_at: genTs(nowMs - 60_000),
    });
  }

  // Deploys: each service every few days, and an api deploy today.
  const deployers = ['ci@deploy', 'jlee', 'mrivera', 'akhan'];
  for (const [service, major] of [
    ['api', 4],
    ['web', 3],
    ['worker', 2],
  ] as const) {
    let minor = 0;
    for (let ms = nowMs - historyDays * DAY + rng.int(0, 3) * DAY; ms < nowMs - 2 * DAY; ms += rng.int(2, 5) * DAY) {
      out.deploys.push({
        id: rng.uuid(),
        service,
        version: `${major}.${Math.floor(minor / 10)}.${minor % 10}`,
        sha: rng.sha(),
        deployed_at: iso(ms),
        deployed_by: rng.pick(deployers),
      });
      minor++;
    }
    if (service === 'api')
      out.deploys.push({
        id: rng.uuid(),
        service,
        version: `${major}.${Math.floor(minor / 10)}.${minor % 10}`,
        sha: rng.sha(),
        deployed_at: iso(nowMs - 2 * HOUR),
        deployed_by: 'ci@deploy',
      });
  }

  return out;
}

export function buildTemplateRows(rng: Rng, nowMs: number, adminId: string | null): NonNullable<RowSet['message_templates']> {
  return Object.entries(TEMPLATES).map(([key, t]) => ({
    id: rng.uuid(),
    key,
    name: t.name,
    channel: 'email' as const,
    subject: t.subject,
    body: t.body,
    updated_by_staff_id: adminId,
    updated_at: genTs(nowMs - 60 * DAY),
  }));
}

/** Loads the sample data set into a freshly migrated database, in one transaction. */
export async function loadSampleData(db: Kysely<Database>, opts: SampleOptions): Promise<SampleSummary> {
  const started = performance.now();
  const rows = generateSampleRows(opts);
  await db.transaction().execute((trx) => insertRowSet(trx, rows));
  return { counts: countRowSet(rows), elapsedMs: Math.round(performance.now() - started) };
}
