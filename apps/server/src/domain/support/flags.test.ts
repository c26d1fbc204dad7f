import { describe, expect, it } from 'vitest';
import { accountFlags, bookingSuggestions, evidenceDue, userSuggestions } from './flags.js';

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
      noShows: 0,
      upcoming: 0,
      notMarked: 0,
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

describe('a person who cannot book', () => {
  const unverifiedWithCredit = (status: 'active' | 'suspended' | 'deactivated'): Parameters<typeof userSuggestions>[0] => ({
    profile: {
      id: '00000000-0000-4000-8000-000000000003',
      role: 'student',
      status,
      displayName: 'Sam S.',
      maskedEmail: 's***m@example.com',
      maskedPhone: null,
      verified: false,
      createdAt: '2026-01-05T10:00:00.000Z',
      suspendedAt: status === 'suspended' ? '2026-12-01T10:00:00.000Z' : null,
      suspensionReason: status === 'suspended' ? 'Chargeback pattern' : null,
      erasedAt: null,
      hasStripeCustomer: true,
      instructor: null,
    },
    stats: {
      bookingsTotal: 2,
      completed: 1,
      cancelled: 1,
      noShows: 0,
      upcoming: 0,
      notMarked: 0,
      failedPayments: 0,
      disputes: 0,
      completedValueCents: 8_000,
      refundedCents: 0,
    },
    bookings: [],
    fraudSignals: [],
    creditBalanceCents: 8_000,
  });

  it('is not reminded of credit for the next booking, nor sent a verification email to start booking', () => {
    expect(userSuggestions(unverifiedWithCredit('active')).suggestions.map((s) => s.label)).toEqual([
      'Resend the verification email from the product',
      'Remind them of their $80.00 credit',
    ]);
    for (const status of ['suspended', 'deactivated'] as const) {
      expect(userSuggestions(unverifiedWithCredit(status)).suggestions, status).toEqual([]);
    }
    expect(userSuggestions(unverifiedWithCredit('suspended')).warnings).toEqual([
      'Suspended: Chargeback pattern. Do not promise anything before an admin reviews it.',
    ]);
  });
});

describe('a booking whose student cannot book', () => {
  const NOW = new Date('2026-12-03T15:00:00.000Z');
  const parts = (status: string, erasedAt: string | null = null): Parameters<typeof bookingSuggestions>[0] => ({
    booking: {
      id: '00000000-0000-4000-8000-000000000020',
      shortId: 'SUSP0001',
      status: 'confirmed',
      serviceId: 'piano',
      serviceName: 'Piano',
      lessonStart: '2026-12-07T15:00:00.000Z',
      durationMinutes: 60,
      priceCents: 8_000,
      platformFeeCents: 1_200,
      instructorPayoutCents: 6_800,
      creditsAppliedCents: 0,
      createdAt: '2026-12-01T10:00:00.000Z',
      confirmedAt: '2026-12-01T10:00:00.000Z',
      completedAt: null,
      cancelledAt: null,
      cancelledBy: null,
      cancellationReason: null,
    },
    student: {
      id: '00000000-0000-4000-8000-000000000003',
      displayName: 'Sam S.',
      maskedEmail: 's***m@example.com',
      status,
      erasedAt,
    },
    payment: {
      id: '00000000-0000-4000-8000-000000000021',
      status: 'failed',
      amountCents: 8_000,
      amountRefundedCents: 0,
      authorizeAt: '2026-12-06T15:00:00.000Z',
      captureAt: null,
      authorizedAt: null,
      capturedAt: null,
      failedAt: '2026-12-02T15:00:00.000Z',
      failureCode: 'card_declined',
      failureMessage: 'Your card was declined.',
      cardBrand: 'visa',
      cardLast4: '4242',
      disputedAt: null,
      disputeStatus: null,
      disputeEvidenceDueBy: null,
    },
    refunds: [],
  });

  it('asks nothing of a suspended or erased student: no card update, no confirmation to resend', () => {
    expect(bookingSuggestions(parts('active'), NOW).map((s) => s.label)).toEqual([
      'Ask the student to update their card, then resend the confirmation',
      'Resend the booking confirmation if the student cannot find it',
    ]);
    expect(bookingSuggestions(parts('suspended'), NOW)).toEqual([]);
    expect(bookingSuggestions(parts('deactivated', '2026-12-02T10:00:00.000Z'), NOW)).toEqual([]);
  });
});

describe("a failed payment on an instructor's page", () => {
  const view = (role: 'student' | 'instructor'): Parameters<typeof userSuggestions>[0] => ({
    profile: {
      id: '00000000-0000-4000-8000-000000000002',
      role,
      status: 'active',
      displayName: 'Elena P.',
      maskedEmail: 'e***a@example.com',
      maskedPhone: null,
      verified: true,
      createdAt: '2026-01-05T10:00:00.000Z',
      suspendedAt: null,
      suspensionReason: null,
      erasedAt: null,
      hasStripeCustomer: true,
      instructor:
        role === 'instructor'
          ? {
              backgroundCheckStatus: 'passed',
              commissionTier: 'standard',
              payoutHold: false,
              payoutHoldReason: null,
              verificationOverride: false,
              city: 'Boston',
            }
          : null,
    },
    stats: {
      bookingsTotal: 2,
      completed: 1,
      cancelled: 0,
      noShows: 0,
      upcoming: 1,
      notMarked: 0,
      failedPayments: 1,
      disputes: 0,
      completedValueCents: 8_000,
      refundedCents: 0,
    },
    bookings: [
      {
        id: '00000000-0000-4000-8000-000000000010',
        shortId: 'FA1DPAY0',
        status: 'confirmed',
        counterpartName: 'Noah K.',
        serviceId: 'piano',
        serviceName: 'Piano',
        lessonStart: '2026-12-10T15:00:00.000Z',
        priceCents: 8_000,
        paymentStatus: 'failed',
        amountCents: 8_000,
        amountRefundedCents: 0,
        disputed: false,
        createdAt: '2026-12-01T10:00:00.000Z',
      },
      {
        id: '00000000-0000-4000-8000-000000000011',
        shortId: 'PAIDOK01',
        status: 'completed',
        counterpartName: 'Ava L.',
        serviceId: 'piano',
        serviceName: 'Piano',
        lessonStart: '2026-11-10T15:00:00.000Z',
        priceCents: 8_000,
        paymentStatus: 'captured',
        amountCents: 8_000,
        amountRefundedCents: 0,
        disputed: false,
        createdAt: '2026-11-01T10:00:00.000Z',
      },
    ],
    fraudSignals: [],
    creditBalanceCents: 0,
  });

  it("names the student's payment and its booking, and asks the instructor for no card", () => {
    const instructor = view('instructor');
    expect(accountFlags(instructor.profile, instructor.stats, []).map((f) => f.label)).toEqual(['1 failed student payment']);
    const suggestions = userSuggestions(instructor).suggestions;
    expect(suggestions).toEqual([
      {
        label: 'Check the failed student payment on booking FA1DPAY0',
        why: "A student's payment on this instructor's lessons failed; the student updates their card from the booking, nothing is asked of the instructor.",
      },
    ]);
    expect(suggestions.map((s) => s.label).join(' ')).not.toMatch(/update their card/);
  });

  it('still asks a student to update their own card', () => {
    const student = view('student');
    expect(accountFlags(student.profile, student.stats, []).map((f) => f.label)).toEqual(['1 failed payment']);
    expect(userSuggestions(student).suggestions.map((s) => s.label)).toEqual(['Ask the person to update their card']);
  });
});
