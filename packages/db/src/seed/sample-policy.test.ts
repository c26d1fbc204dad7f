import { describe, expect, it } from 'vitest';
import { generateSampleRows } from './sample.js';

const NOW = new Date('2026-11-22T15:30:00Z');
const HOUR = 3_600_000;
const STAFF = [
  { email: 'admin@ops.example', name: 'Ada Admin', role: 'admin' as const, passwordHash: 'hash' },
  { email: 'support@ops.example', name: 'Sam Support', role: 'support' as const, passwordHash: 'hash' },
];
const RULES = new Set(['card_24h_plus', 'credit_12_to_24h', 'split_under_12h', 'override']);
const ms = (v: unknown): number => (typeof v === 'string' ? Date.parse(v) : v instanceof Date ? v.getTime() : Number.NaN);

/** The refund policy the console enforces, checked over every refund the sample data holds. */
describe('sample data obeys the refund policy', () => {
  const rows = generateSampleRows({ now: NOW, seed: 7, staff: STAFF });
  const refunds = rows.refunds ?? [];
  const bookings = new Map((rows.bookings ?? []).map((b) => [b.id, b]));
  const payments = new Map((rows.payments ?? []).map((p) => [p.booking_id, p]));
  const payoutsByBooking = new Map<string, number>();
  for (const p of rows.payouts ?? [])
    if (p.booking_id) payoutsByBooking.set(p.booking_id, (payoutsByBooking.get(p.booking_id) ?? 0) + p.amount_cents);

  it('holds refunds at all', () => {
    expect(refunds.length).toBeGreaterThan(100);
  });

  it('refunds plus the instructor share never exceed what was paid', () => {
    const refundedByBooking = new Map<string, number>();
    for (const r of refunds)
      if (r.status !== 'failed') refundedByBooking.set(r.booking_id, (refundedByBooking.get(r.booking_id) ?? 0) + r.amount_cents);
    const over = [...refundedByBooking].filter(([bookingId, refunded]) => {
      const paid = payments.get(bookingId)?.amount_cents ?? 0;
      return refunded + (payoutsByBooking.get(bookingId) ?? 0) > paid;
    });
    expect(over).toEqual([]);
  });

  it('override refunds pay the instructor nothing', () => {
    expect(refunds.filter((r) => r.policy_rule === 'override' && (r.instructor_payout_cents ?? 0) !== 0)).toEqual([]);
  });

  it("every refund's rule is a rule of the policy and matches when it was asked for", () => {
    const wrong = refunds.filter((r) => {
      if (!RULES.has(r.policy_rule)) return true;
      if (r.policy_rule === 'override') return false;
      const b = bookings.get(r.booking_id);
      if (!b) return true;
      const cancelled = ms(b.cancelled_at);
      const hoursBefore = (ms(b.lesson_start) - cancelled) / HOUR;
      if (r.policy_rule === 'card_24h_plus') return !(hoursBefore >= 24) || r.method !== 'card';
      if (r.policy_rule === 'credit_12_to_24h') return !(hoursBefore >= 12 && hoursBefore < 24) || r.method !== 'credit';
      return !(hoursBefore < 12 && hoursBefore >= 0) || r.method !== 'credit';
    });
    expect(wrong.map((r) => [r.policy_rule, r.method, r.booking_id])).toEqual([]);
  });

  it("a payment's refunded total is the sum of its succeeded card refunds", () => {
    const sums = new Map<string, number>();
    for (const r of refunds)
      if (r.method === 'card' && r.status === 'succeeded' && r.payment_id)
        sums.set(r.payment_id, (sums.get(r.payment_id) ?? 0) + r.amount_cents);
    const off = (rows.payments ?? []).filter((p) => (p.amount_refunded_cents ?? 0) !== (sums.get(p.id ?? '') ?? 0));
    expect(off.map((p) => [p.id, p.amount_refunded_cents, sums.get(p.id ?? '') ?? 0])).toEqual([]);
  });
});
