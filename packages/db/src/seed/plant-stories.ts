import type { Insertable } from 'kysely';
import { normalizePhone } from '@ops/shared';
import type { AuditLogTable, BookingStatus, CommissionTier, PaymentStatus, UsersTable } from '../schema.js';
import {
  DAY,
  HOUR,
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
} from './factories.js';
import { Rng } from './prng.js';
import { emptyRowSet, type FullRowSet } from './row-set.js';
import {
  ELENA,
  FAILED_PAYMENT,
  FAILED_WEBHOOKS,
  FRAUD_STUDENT,
  MARCUS,
  PAYOUT_HOLD_INSTRUCTOR,
  SARAH,
  STUCK_PAYMENTS,
  SUSPENDED_STUDENT,
  UNVERIFIED_STUDENTS,
} from './stories.js';

export interface StoryStaff {
  id: string;
  email: string;
  role: 'support' | 'exec' | 'oncall' | 'admin';
}

/** The planted stories' rows, relative to `now`. Their own PRNG keeps Stripe ids stable whatever the data set. */
export function buildStoryRows(now: Date, staff: readonly StoryStaff[]): FullRowSet {
  const rng = new Rng(0x5eed);
  const nowMs = now.getTime();
  const rows = emptyRowSet();
  const admin = staff.find((s) => s.role === 'admin') ?? null;
  const support = staff.find((s) => s.role === 'support') ?? admin;
  let seq = 0x10000;
  const nextId = (): string => `00005eed-0000-4000-9000-${(seq++).toString(16).padStart(12, '0')}`;
  const customers = new Map<string, string>();

  const user = (u: Insertable<UsersTable> & { id: string }): void => {
    rows.users.push({ marketing_opt_out: false, status: 'active', ...u, email: u.email.toLowerCase() });
    if (u.stripe_customer_id) customers.set(u.id, u.stripe_customer_id);
  };
  const student = (
    id: string,
    email: string,
    first: string,
    last: string,
    phone: string,
    createdDaysAgo: number,
    extra: Partial<Insertable<UsersTable>> = {},
  ): void =>
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

  interface Teacher {
    id: string;
    tier: CommissionTier;
    offerings: Record<string, { id: string; rate: number }>;
  }
  const instructor = (
    id: string,
    email: string,
    first: string,
    last: string,
    tier: CommissionTier,
    offerings: Record<string, { id: string; rate: number }>,
    profile: { payout_hold?: boolean; payout_hold_reason?: string | null; headline: string },
  ): Teacher => {
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

  // People.
  student(SARAH.userId, SARAH.email, SARAH.firstName, SARAH.lastName, SARAH.phone, 320, {
    stripe_customer_id: SARAH.stripeCustomerId,
  });
  student(FRAUD_STUDENT.userId, FRAUD_STUDENT.email, FRAUD_STUDENT.firstName, FRAUD_STUDENT.lastName, '+1 305-555-0199', 75);
  const marcusStudents: Array<[string, string]> = [
    ['Priya', 'Patel'],
    ['Jordan', 'Lee'],
    ['Emma', 'Wilson'],
    ['Diego', 'Alvarez'],
    ['Noah', 'Kim'],
  ];
  marcusStudents.forEach(([first, last], i) => {
    const id = MARCUS.studentIds[i] ?? nextId();
    student(id, `${first}.${last}@example.com`, first, last, `+1 718-555-01${String(60 + i)}`, 200 - i * 20);
  });
  student(SUSPENDED_STUDENT.userId, SUSPENDED_STUDENT.email, 'Blake', 'Turner', '+1 347-555-0177', 150, {
    status: 'suspended',
    suspended_at: iso(nowMs - 5 * DAY),
    suspension_reason: 'Abusive messages to instructors',
  });
  UNVERIFIED_STUDENTS.userIds.forEach((id, i) => {
    student(
      id,
      UNVERIFIED_STUDENTS.emails[i] ?? `new.learner${i}@example.com`,
      ['Ivy', 'Max', 'Lola'][i] ?? 'New',
      'Learner',
      `+1 201-555-01${String(20 + i)}`,
      i + 1,
      {
        verified_at: null,
        stripe_customer_id: null,
      },
    );
  });
  const marcus = instructor(
    MARCUS.userId,
    MARCUS.email,
    MARCUS.firstName,
    MARCUS.lastName,
    'standard',
    { guitar: { id: MARCUS.instructorServiceId, rate: 9_000 } },
    {
      headline: 'Guitar for all levels: rock, blues, fingerstyle',
    },
  );
  const elena = instructor(
    ELENA.userId,
    ELENA.email,
    'Elena',
    'Petrova',
    'preferred',
    {
      piano: { id: ELENA.instructorServiceId, rate: 12_000 },
      'sat-prep': { id: ELENA.satServiceId, rate: 16_000 },
    },
    { headline: 'Conservatory-trained pianist and SAT coach' },
  );
  const david = instructor(
    PAYOUT_HOLD_INSTRUCTOR.userId,
    PAYOUT_HOLD_INSTRUCTOR.email,
    'David',
    'Okafor',
    'founding',
    {
      spanish: { id: PAYOUT_HOLD_INSTRUCTOR.instructorServiceId, rate: 11_000 },
    },
    { headline: 'Conversational Spanish, fast', payout_hold: true, payout_hold_reason: 'Chargeback review pending' },
  );

  // Bookings.
  const built = new Map<string, BuiltBooking>();
  const book = (o: {
    id?: string;
    paymentId?: string;
    shortId?: string;
    studentId: string;
    teacher: Teacher;
    serviceId: string;
    minutes: number;
    startMs: number;
    status: BookingStatus;
    paymentStatus?: PaymentStatus;
    createdMs?: number;
    priceCents?: number;
  }): BuiltBooking => {
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
  const at = (daysFromNow: number, hour = 0): number => Math.floor((nowMs + daysFromNow * DAY) / HOUR) * HOUR + hour * HOUR;

  // Sarah Chen: eight bookings, one disputed, one refunded, one soon, one big.
  const disputed = book({
    id: SARAH.disputedBookingId,
    paymentId: SARAH.disputedPaymentId,
    shortId: SARAH.disputedShortId,
    studentId: SARAH.userId,
    teacher: elena,
    serviceId: 'piano',
    minutes: 60,
    startMs: at(-40),
    status: 'completed',
  });
  disputed.payment.disputed_at = iso(nowMs - 6 * DAY);
  disputed.payment.dispute_status = 'needs_response';
  const refunded = book({
    id: SARAH.refundedBookingId,
    shortId: SARAH.refundedShortId,
    studentId: SARAH.userId,
    teacher: elena,
    serviceId: 'piano',
    minutes: 60,
    startMs: at(-20),
    status: 'completed',
  });
  book({
    id: SARAH.soonBookingId,
    shortId: SARAH.soonShortId,
    studentId: SARAH.userId,
    teacher: elena,
    serviceId: 'piano',
    minutes: 60,
    startMs: nowMs + 8 * HOUR,
    status: 'confirmed',
    createdMs: nowMs - 6 * DAY,
  });
  book({
    id: SARAH.bigBookingId,
    shortId: SARAH.bigShortId,
    studentId: SARAH.userId,
    teacher: elena,
    serviceId: 'sat-prep',
    minutes: 240,
    startMs: at(4),
    status: 'confirmed',
    createdMs: nowMs - 2 * DAY,
  });
  for (const [days, teacher, service] of [
    [-90, elena, 'piano'],
    [-70, david, 'spanish'],
    [-55, elena, 'piano'],
    [-10, david, 'spanish'],
  ] as const) {
    book({ studentId: SARAH.userId, teacher, serviceId: service, minutes: 60, startMs: at(days), status: 'completed' });
  }
  const sarahRefund = buildRefund(rng, {
    id: SARAH.refundId,
    built: refunded,
    amountCents: refunded.payment.amount_cents,
    method: 'card',
    policyRule: 'override',
    overrideCode: 'PLATFORM_ERROR',
    instructorPayoutCents: 0,
    createdAtMs: at(-19, 3),
    reason: 'Video link failed; lesson cut short',
    staffId: admin?.id ?? null,
  });
  sarahRefund.refund.stripe_refund_id = SARAH.stripeRefundId;
  rows.refunds.push(sarahRefund.refund);
  rows.credit_ledger.push({
    id: nextId(),
    user_id: SARAH.userId,
    amount_cents: 2_000,
    kind: 'promo',
    reason: 'Welcome credit',
    created_at: genTs(nowMs - 319 * DAY),
  });
  rows.booking_notes.push(
    {
      id: nextId(),
      user_id: SARAH.userId,
      booking_id: SARAH.disputedBookingId,
      kind: 'dispute',
      body: 'Card issuer opened a dispute (reason: product_not_received). Student says the lesson happened; evidence due in 7 days.',
      author_staff_id: support?.id ?? null,
      created_at: genTs(nowMs - 6 * DAY + 2 * HOUR),
    },
    {
      id: nextId(),
      user_id: SARAH.userId,
      booking_id: SARAH.refundedBookingId,
      kind: 'support_interaction',
      body: 'Student reported the video link failed halfway. Refunded in full to card.',
      author_staff_id: support?.id ?? null,
      created_at: genTs(at(-19, 2)),
    },
  );
  rows.webhook_events.push(
    buildStripeWebhook({
      id: nextId(),
      eventId: SARAH.disputeWebhookEventId,
      type: 'charge.dispute.created',
      createdMs: nowMs - 6 * DAY,
      object: {
        id: rng.stripeId('du'),
        object: 'dispute',
        amount: disputed.payment.amount_cents,
        currency: 'usd',
        charge: disputed.payment.stripe_charge_id,
        payment_intent: disputed.payment.stripe_payment_intent_id,
        reason: 'product_not_received',
        status: 'needs_response',
        evidence_details: { due_by: Math.floor((nowMs + 7 * DAY) / 1000), has_evidence: false },
      },
      bookingId: SARAH.disputedBookingId,
      paymentId: SARAH.disputedPaymentId,
      userId: SARAH.userId,
    }),
    buildStripeWebhook({
      id: nextId(),
      eventId: rng.stripeId('evt'),
      type: 'charge.refunded',
      createdMs: at(-19, 3) + 60_000,
      object: chargeObject(refunded.payment, SARAH.stripeCustomerId),
      bookingId: SARAH.refundedBookingId,
      paymentId: refunded.payment.id,
      userId: SARAH.userId,
    }),
  );

  // The fraud signal: half of eight bookings refunded, several within a day of each other, $660 in total.
  const fraudRefundTimes = [nowMs - 10 * DAY, nowMs - 10 * DAY + 9 * HOUR, nowMs - 9 * DAY + 2 * HOUR, nowMs - 3 * DAY];
  FRAUD_STUDENT.bookingIds.forEach((id, i) => {
    const b = book({
      id,
      studentId: FRAUD_STUDENT.userId,
      teacher: david,
      serviceId: 'spanish',
      minutes: 90,
      startMs: at(-50 + i * 5, 1),
      status: 'completed',
      priceCents: 16_500,
    });
    if (i < 4) {
      const r = buildRefund(rng, {
        id: FRAUD_STUDENT.refundIds[i] ?? nextId(),
        built: b,
        amountCents: b.payment.amount_cents,
        method: 'card',
        policyRule: 'override',
        overrideCode: 'INSTRUCTOR_NO_SHOW',
        instructorPayoutCents: 0,
        createdAtMs: fraudRefundTimes[i] ?? nowMs,
        reason: 'Student says the instructor did not show up',
        staffId: support?.id ?? null,
      });
      rows.refunds.push(r.refund);
    }
  });

  // Marcus Reid: five upcoming confirmed lessons with five students, three pending and three paid payouts.
  const upcomingStarts = [nowMs + 10 * HOUR, at(1, 6), at(2, 3), at(4, 2), at(6, 5)];
  MARCUS.upcomingBookingIds.forEach((id, i) => {
    book({
      id,
      shortId: MARCUS.upcomingShortIds[i] ?? rng.shortId(),
      studentId: MARCUS.studentIds[i] ?? SARAH.userId,
      teacher: marcus,
      serviceId: 'guitar',
      minutes: 60,
      startMs: upcomingStarts[i] ?? at(3),
      status: 'confirmed',
      createdMs: nowMs - (3 + i) * DAY,
    });
  });
  for (let i = 0; i < 6; i++) {
    const b = book({
      studentId: MARCUS.studentIds[i % 5] ?? SARAH.userId,
      teacher: marcus,
      serviceId: 'guitar',
      minutes: 60,
      startMs: at(-2 - i * 4, 2),
      status: 'completed',
    });
    const pending = i < 3;
    rows.payouts.push({
      id: pending ? (MARCUS.pendingPayoutIds[i] ?? nextId()) : nextId(),
      instructor_id: MARCUS.userId,
      booking_id: b.booking.id,
      amount_cents: b.booking.instructor_payout_cents,
      status: pending ? 'pending' : 'paid',
      scheduled_for: iso(msOf(b.booking.lesson_start) + 7 * DAY),
      paid_at: pending ? null : iso(msOf(b.booking.lesson_start) + 7 * DAY + HOUR),
      stripe_transfer_id: pending ? null : rng.stripeId('tr'),
      created_at: genTs(msOf(b.booking.lesson_start) + 3 * HOUR),
      updated_at: genTs(nowMs - DAY),
    });
  }

  // Payouts for Elena (paid) and David (held) on their completed story lessons.
  for (const b of built.values()) {
    if (b.booking.status !== 'completed' || b.booking.instructor_id === MARCUS.userId) continue;
    const startMs = msOf(b.booking.lesson_start);
    const refundedFully = b.payment.status === 'refunded';
    if (refundedFully) continue;
    const held = b.booking.instructor_id === PAYOUT_HOLD_INSTRUCTOR.userId;
    const due = startMs + 7 * DAY;
    rows.payouts.push({
      id: nextId(),
      instructor_id: b.booking.instructor_id,
      booking_id: b.booking.id,
      amount_cents: b.booking.instructor_payout_cents,
      status: held ? 'held' : due <= nowMs ? 'paid' : 'pending',
      scheduled_for: iso(due),
      paid_at: !held && due <= nowMs ? iso(due + HOUR) : null,
      hold_reason: held ? 'Chargeback review pending' : null,
      stripe_transfer_id: !held && due <= nowMs ? rng.stripeId('tr') : null,
      created_at: genTs(startMs + 3 * HOUR),
      updated_at: genTs(Math.min(nowMs, due + HOUR)),
    });
  }

  // A card declined at authorization two hours ago.
  const failed = book({
    id: FAILED_PAYMENT.bookingId,
    paymentId: FAILED_PAYMENT.paymentId,
    shortId: FAILED_PAYMENT.shortId,
    studentId: MARCUS.studentIds[4] ?? SARAH.userId,
    teacher: elena,
    serviceId: 'piano',
    minutes: 60,
    startMs: nowMs + 20 * HOUR,
    status: 'pending',
    paymentStatus: 'failed',
    createdMs: nowMs - 3 * HOUR,
  });
  failed.payment.failed_at = iso(nowMs - 2 * HOUR);
  failed.payment.updated_at = genTs(nowMs - 2 * HOUR);

  // Two completed lessons whose payments should have been captured hours ago.
  const stuck = STUCK_PAYMENTS.bookingIds.map((id, i) =>
    book({
      id,
      paymentId: STUCK_PAYMENTS.paymentIds[i] ?? nextId(),
      shortId: STUCK_PAYMENTS.shortIds[i] ?? rng.shortId(),
      studentId: MARCUS.studentIds[i] ?? SARAH.userId,
      teacher: elena,
      serviceId: 'piano',
      minutes: 60,
      startMs: nowMs - (30 - i * 8) * HOUR,
      status: 'completed',
      paymentStatus: 'authorized',
    }),
  );

  // Twelve failed Stripe webhooks in the last 24 hours.
  const linkable = [
    ...stuck,
    ...[...built.values()].filter((b) => b.booking.instructor_id === MARCUS.userId && b.booking.status === 'completed'),
  ];
  FAILED_WEBHOOKS.eventIds.forEach((eventId, i) => {
    const type = i % 3 === 2 ? 'charge.refunded' : 'payment_intent.succeeded';
    const linked = i % 2 === 1 ? linkable[(i >> 1) % linkable.length] : undefined;
    const unknownIntent = rng.stripeId('pi');
    const object = linked
      ? type === 'charge.refunded'
        ? chargeObject(linked.payment, customers.get(linked.booking.student_id) ?? null, {
            refunded: true,
            amount_refunded: linked.payment.amount_cents,
          })
        : {
            ...paymentIntentObject(linked.payment, customers.get(linked.booking.student_id) ?? null, linked.booking.short_id),
            status: 'succeeded',
            amount_received: linked.payment.amount_cents,
          }
      : type === 'charge.refunded'
        ? {
            id: rng.stripeId('ch'),
            object: 'charge',
            amount: 9_000,
            amount_refunded: 9_000,
            currency: 'usd',
            payment_intent: unknownIntent,
            refunded: true,
          }
        : {
            id: unknownIntent,
            object: 'payment_intent',
            amount: 9_000,
            amount_received: 9_000,
            currency: 'usd',
            status: 'succeeded',
            capture_method: 'manual',
          };
    rows.webhook_events.push(
      buildStripeWebhook({
        id: FAILED_WEBHOOKS.webhookIds[i] ?? nextId(),
        eventId,
        type,
        createdMs: nowMs - (23 - i * 1.8) * HOUR,
        object,
        status: 'failed',
        attempts: 3,
        durationMs: linked ? 5_000 : 35,
        error: linked ? `timeout updating payment ${linked.payment.id} after 5000ms` : `payment not found for ${unknownIntent}`,
        bookingId: linked?.booking.id ?? null,
        paymentId: linked?.payment.id ?? null,
        userId: linked?.booking.student_id ?? null,
      }),
    );
  });
  rows.webhook_events.push(
    buildStripeWebhook({
      id: nextId(),
      eventId: rng.stripeId('evt'),
      type: 'payment_intent.payment_failed',
      createdMs: nowMs - 2 * HOUR,
      object: {
        ...paymentIntentObject(failed.payment, customers.get(failed.booking.student_id) ?? null, failed.booking.short_id),
        last_payment_error: { code: 'card_declined', message: 'Your card was declined.' },
      },
      bookingId: failed.booking.id,
      paymentId: failed.payment.id,
      userId: failed.booking.student_id,
    }),
  );

  // Notifications for Sarah's lessons.
  for (const b of built.values()) {
    if (b.booking.student_id !== SARAH.userId) continue;
    const startMs = msOf(b.booking.lesson_start);
    const teacherName = b.booking.instructor_id === ELENA.userId ? 'Elena Petrova' : 'David Okafor';
    const vars = {
      firstName: 'Sarah',
      instructorName: teacherName,
      serviceName: b.booking.service_id === 'sat-prep' ? 'SAT prep' : b.booking.service_id === 'piano' ? 'Piano' : 'Spanish',
      lessonTime: lessonTimeText(startMs),
      shortId: b.booking.short_id,
      amount: formatUsd(b.payment.amount_cents),
    };
    rows.notifications.push(
      buildNotification({
        id: nextId(),
        userId: SARAH.userId,
        bookingId: b.booking.id,
        template: 'booking_confirmation',
        vars,
        createdAtMs: msOf(b.booking.created_at) + 5 * 60_000,
      }),
    );
    if (startMs - DAY <= nowMs)
      rows.notifications.push(
        buildNotification({
          id: nextId(),
          userId: SARAH.userId,
          bookingId: b.booking.id,
          template: 'lesson_reminder',
          vars,
          createdAtMs: Math.max(startMs - DAY, msOf(b.booking.created_at) + 10 * 60_000),
        }),
      );
    if (b.booking.status === 'completed')
      rows.notifications.push(
        buildNotification({
          id: nextId(),
          userId: SARAH.userId,
          bookingId: b.booking.id,
          template: 'lesson_completed',
          vars,
          createdAtMs: startMs + 2 * HOUR,
        }),
      );
  }

  // A few past staff actions on the stories.
  if (admin && support) {
    const audit = (
      a: Partial<Insertable<AuditLogTable>> &
        Pick<Insertable<AuditLogTable>, 'action' | 'resource_type' | 'resource_id' | 'occurred_at'>,
      who: StoryStaff,
    ): void => {
      rows.audit_log.push({
        actor_staff_id: who.id,
        actor_email: who.email,
        reason: '',
        request_id: rng.stripeId('req', 16),
        ip: '10.0.4.17',
        user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
        ...a,
      });
    };
    audit(
      {
        action: 'refunds.create',
        resource_type: 'booking',
        resource_id: SARAH.refundedBookingId,
        occurred_at: genTs(at(-19, 3)),
        before: JSON.stringify({ paymentStatus: 'captured' }),
        after: JSON.stringify({ refundId: SARAH.refundId, amountCents: refunded.payment.amount_cents, method: 'card' }),
        reason: 'Video link failed; lesson cut short',
      },
      admin,
    );
    audit(
      {
        action: 'users.pii.reveal',
        resource_type: 'user',
        resource_id: SARAH.userId,
        occurred_at: genTs(nowMs - 6 * DAY + HOUR),
        reason: 'Verifying identity for dispute',
      },
      support,
    );
    audit(
      {
        action: 'bookings.note',
        resource_type: 'booking',
        resource_id: SARAH.disputedBookingId,
        occurred_at: genTs(nowMs - 6 * DAY + 2 * HOUR),
        after: JSON.stringify({ kind: 'dispute' }),
        reason: 'Dispute opened',
      },
      support,
    );
    audit(
      {
        action: 'payouts.hold',
        resource_type: 'instructor',
        resource_id: PAYOUT_HOLD_INSTRUCTOR.userId,
        occurred_at: genTs(nowMs - 4 * DAY),
        before: JSON.stringify({ payoutHold: false }),
        after: JSON.stringify({ payoutHold: true }),
        reason: 'Chargeback review pending',
      },
      admin,
    );
    audit(
      {
        action: 'students.suspend',
        resource_type: 'user',
        resource_id: SUSPENDED_STUDENT.userId,
        occurred_at: genTs(nowMs - 5 * DAY),
        before: JSON.stringify({ status: 'active' }),
        after: JSON.stringify({ status: 'suspended' }),
        reason: 'Abusive messages to instructors',
      },
      admin,
    );
  }
  return rows;
}
