import { describe, expect, it } from 'vitest';
import { evidenceDue, userSuggestions } from './flags.js';

const HOUR = 3_600_000;

describe('evidenceDue', () => {
  it('says how long is left in words that read right at every size', () => {
    expect(evidenceDue(-1)).toBe('the evidence deadline has passed');
    expect(evidenceDue(0)).toBe('the evidence deadline has passed');
    expect(evidenceDue(HOUR / 2)).toBe('evidence due within the hour');
    expect(evidenceDue(1.5 * HOUR)).toBe('evidence due in 1 hour');
    expect(evidenceDue(47.9 * HOUR)).toBe('evidence due in 47 hours');
    expect(evidenceDue(72 * HOUR)).toBe('evidence due in 3 days');
  });
});

describe('userSuggestions', () => {
  const student = (erasedAt: string | null): Parameters<typeof userSuggestions>[0] => ({
    profile: {
      id: '00000000-0000-4000-8000-000000000001',
      role: 'student',
      status: erasedAt === null ? 'active' : 'deactivated',
      displayName: erasedAt === null ? 'Aisha S.' : 'Erased E.',
      maskedEmail: 'a***e@example.com',
      maskedPhone: null,
      verified: false,
      createdAt: '2026-01-05T10:00:00.000Z',
      suspendedAt: null,
      suspensionReason: null,
      erasedAt,
      hasStripeCustomer: false,
      instructor: null,
    },
    stats: {
      bookingsTotal: 3,
      completed: 3,
      cancelled: 0,
      upcoming: 0,
      failedPayments: 1,
      disputes: 0,
      completedValueCents: 24_000,
      refundedCents: 0,
    },
    bookings: [],
    fraudSignals: [],
    creditBalanceCents: 1_500,
  });

  it('warns that a student with bookings has no Stripe customer, unless erasure deleted it on purpose', () => {
    const warning = 'No Stripe customer on file although the person has bookings: the Stripe panel cannot be read.';
    expect(userSuggestions(student(null)).warnings).toContain(warning);
    expect(userSuggestions(student('2026-12-03T15:00:00.000Z')).warnings).not.toContain(warning);
  });

  it('suggests nothing to do with an erased person (no card update, no verification email, no credit reminder)', () => {
    expect(userSuggestions(student(null)).suggestions.map((s) => s.label)).toEqual([
      'Ask the person to update their card',
      'Resend the verification email from the product',
      'Remind them of their $15.00 credit',
    ]);
    expect(userSuggestions(student('2026-12-03T15:00:00.000Z')).suggestions).toEqual([]);
  });
});
