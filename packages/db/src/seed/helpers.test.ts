import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitPrice } from '@ops/shared';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { seedBooking, seedCategoriesAndServices, seedCredit, seedInstructor, seedStaff, seedStudent } from './helpers.js';
import { Rng } from './prng.js';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);

afterAll(async () => {
  await t.drop();
});

describe('seed helpers', () => {
  it('seeds the catalogue idempotently', async () => {
    const a = await seedCategoriesAndServices(t.dbs.api);
    const b = await seedCategoriesAndServices(t.dbs.api);
    expect(a.services.length).toBeGreaterThan(10);
    expect(b.services).toEqual(a.services);
  });

  it('seeds a student with a normalized phone and a lower-case email', async () => {
    const s = await seedStudent(t.dbs.api, { email: 'Mixed.Case@Example.com', phone: '+1 (646) 555-0101' });
    expect(s.email).toBe('mixed.case@example.com');
    expect(s.phone_normalized).toBe('16465550101');
    expect(s.stripe_customer_id).toMatch(/^cus_/);
  });

  it('seeds an instructor and a booking whose payment matches its status and tier', async () => {
    const student = await seedStudent(t.dbs.api);
    const { user, instructorService } = await seedInstructor(t.dbs.api, {
      profile: { commission_tier: 'preferred' },
      hourlyRateCents: 9_999,
    });
    const now = new Date();
    const { booking, payment } = await seedBooking(t.dbs.api, {
      studentId: student.id,
      instructorId: user.id,
      lessonStart: new Date(now.getTime() + 8 * 3_600_000),
      creditsAppliedCents: 500,
      now,
    });
    expect(booking.instructor_service_id).toBe(instructorService.id);
    expect(booking.price_cents).toBe(9_999);
    const split = splitPrice(9_999, 'preferred');
    expect(booking.platform_fee_cents).toBe(split.platformFeeCents);
    expect(booking.platform_fee_cents + booking.instructor_payout_cents).toBe(booking.price_cents);
    expect(payment.amount_cents).toBe(9_499);
    expect(payment.status).toBe('authorized');
    expect(payment.stripe_payment_intent_id).toMatch(/^pi_/);
    expect(payment.stripe_charge_id).toMatch(/^ch_/);

    const past = await seedBooking(t.dbs.api, {
      studentId: student.id,
      instructorId: user.id,
      status: 'completed',
      lessonStart: new Date(now.getTime() - 72 * 3_600_000),
      now,
    });
    expect(past.payment.status).toBe('captured');
    expect(past.booking.completed_at).not.toBeNull();
  });

  it('seeds staff and credits', async () => {
    const staff = await seedStaff(t.dbs.api, { email: 'Helper@ops.example', name: 'Helper', role: 'support', passwordHash: 'x' });
    expect(staff.email).toBe('helper@ops.example');
    const student = await seedStudent(t.dbs.api);
    const credit = await seedCredit(t.dbs.api, student.id, 2_500, 'promo');
    expect(credit.amount_cents).toBe(2_500);
  });
});

describe('prng', () => {
  it('is reproducible and shapes ids', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    const seqA = Array.from({ length: 5 }, () => a.uuid());
    expect(Array.from({ length: 5 }, () => b.uuid())).toEqual(seqA);
    expect(seqA[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.shortId()).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    const counts = { x: 0, y: 0 };
    for (let i = 0; i < 4_000; i++)
      counts[
        a.weighted([
          ['x', 3],
          ['y', 1],
        ] as const)
      ]++;
    expect(counts.x / counts.y).toBeGreaterThan(2.5);
    expect(counts.x / counts.y).toBeLessThan(3.5);
  });

  it('deals a deck: every full run of draws holds each value in proportion, in a shuffled order', () => {
    const deal = new Rng(3).deck(
      [
        ['completed', 84],
        ['cancelled', 11],
        ['no_show', 5],
      ],
      100,
    );
    const hands = Array.from({ length: 3 }, () => Array.from({ length: 100 }, deal));
    for (const hand of hands) {
      expect(hand.filter((x) => x === 'completed')).toHaveLength(84);
      expect(hand.filter((x) => x === 'cancelled')).toHaveLength(11);
      expect(hand.filter((x) => x === 'no_show')).toHaveLength(5);
    }
    // Reshuffled between runs: the order is drawn, only the proportions are fixed.
    expect(hands[1]).not.toEqual(hands[0]);
  });
});
