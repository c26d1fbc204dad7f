import type { OverrideCode } from '../../schema.js';
import { DAY, HOUR, buildBooking, buildRefund, genTs, iso, type BuiltBooking, type RefundSpec } from '../factories.js';
import type { People } from './people.js';
import type { Person, Plan, SampleWorld } from './world.js';

export interface BuiltBookings {
  /** Each booking (with its payment) beside the plan it came from, in booking order. */
  built: Array<{ b: BuiltBooking; plan: Plan }>;
  /** When each person first booked: nobody joins after their first booking. */
  firstBooking: Map<string, number>;
  refundSpecs: RefundSpec[];
}

/**
 * The money side of every planned booking: credit grants and their spending (balances never go negative), the
 * payment each booking's story implies, and the refunds the cancellation policy (or an override) grants.
 * `shortId` hands out short ids the planted stories have not taken.
 */
export function buildBookings(w: SampleWorld, people: People, plans: readonly Plan[], shortId: () => string): BuiltBookings {
  const { rng, nowMs, rows, admins, supports } = w;
  const { students, pickStudent } = people;
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
  return { built, firstBooking, refundSpecs };
}
