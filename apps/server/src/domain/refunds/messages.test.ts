import { describe, expect, it } from 'vitest';
import { refundComputation } from '../../testing.js';
import { describeLessonTime, refundRecorded, settleNote } from './messages.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * 3_600_000).toISOString();

describe('describeLessonTime', () => {
  it('reads hours near the policy’s 24-hour line and days beyond two days, either side of now', () => {
    expect(describeLessonTime(at(23.5), NOW)).toBe('lesson in 23.5 h');
    expect(describeLessonTime(at(-2), NOW)).toBe('lesson 2.0 h ago');
    expect(describeLessonTime(at(47.9), NOW)).toBe('lesson in 47.9 h');
    expect(describeLessonTime(at(72), NOW)).toBe('lesson in 3 days');
    // Not "241.1 h ago".
    expect(describeLessonTime(at(-241.1), NOW)).toBe('lesson 10 days ago');
  });
});

describe('settleNote', () => {
  const none = { succeeded: 0, pending: 0, failed: 0 };
  const refunds = (counts: typeof none) => ({ refund: counts, release: none, capture: none });

  it('counts the refunds Stripe settled, left pending and refused, and says nothing when none went to Stripe', () => {
    expect(settleNote(refunds({ succeeded: 1, pending: 0, failed: 0 }))).toBe('Stripe: 1 refund settled.');
    expect(settleNote(refunds({ succeeded: 2, pending: 1, failed: 1 }))).toBe(
      "Stripe: 2 refunds settled, 1 refund still pending (reconciliation will finish it), 1 refund refused (see the refund's error).",
    );
    expect(settleNote(refunds({ succeeded: 0, pending: 3, failed: 0 }))).toBe(
      'Stripe: 3 refunds still pending (reconciliation will finish them).',
    );
    expect(settleNote(refunds(none))).toBeUndefined();
  });

  it('calls a release a release, beside the refunds of the same action', () => {
    expect(settleNote({ refund: none, release: { succeeded: 1, pending: 0, failed: 0 }, capture: none })).toBe(
      'Stripe: 1 release settled.',
    );
    expect(
      settleNote({
        refund: { succeeded: 2, pending: 0, failed: 0 },
        release: { succeeded: 1, pending: 0, failed: 0 },
        capture: none,
      }),
    ).toBe('Stripe: 2 refunds settled, 1 release settled.');
  });

  it('calls the capture a credit refund waited for a capture, not a refund: nothing went back at Stripe', () => {
    expect(settleNote({ refund: none, release: none, capture: { succeeded: 1, pending: 0, failed: 0 } })).toBe(
      'Stripe: 1 payment captured; its credit is granted.',
    );
  });
});

describe('refundRecorded', () => {
  it('calls money that was never charged a release, as the preview did, and a captured one a refund', () => {
    expect(refundRecorded(refundComputation({}))).toBe('Refund recorded: $640.00 to the card.');
    expect(refundRecorded(refundComputation({ captured: false, releasesPayment: true, kind: 'release' }))).toBe(
      'Release recorded: the $640.00 payment is cancelled before it is charged (no refund).',
    );
    expect(
      refundRecorded(
        refundComputation(
          { captured: false, releasesPayment: true, kind: 'release', captureCents: 16_000 },
          { studentCents: 48_000 },
        ),
      ),
    ).toBe('Release recorded: $480.00 of the authorization released (never charged), $160.00 captured.');
  });

  it('names credit, a capture made first, and the instructor’s share', () => {
    expect(
      refundRecorded(
        refundComputation(
          { captured: false, capturesFirst: true, captureCents: 64_000 },
          { method: 'credit', studentCents: 32_000, instructorCents: 32_000 },
        ),
      ),
    ).toBe('Refund recorded: $320.00 as credit, after capturing $640.00, $320.00 to the instructor.');
  });
});
