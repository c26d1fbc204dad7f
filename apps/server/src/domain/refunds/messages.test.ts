import { describe, expect, it } from 'vitest';
import { describeLessonTime, settleNote } from './messages.js';

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
  it('counts the refunds Stripe settled, left pending and refused, and says nothing when none went to Stripe', () => {
    expect(settleNote({ succeeded: 1, pending: 0, failed: 0 })).toBe('Stripe: 1 refund settled.');
    expect(settleNote({ succeeded: 2, pending: 1, failed: 1 })).toBe(
      "Stripe: 2 refunds settled, 1 refund still pending (reconciliation will finish it), 1 refund refused (see the refund's error).",
    );
    expect(settleNote({ succeeded: 0, pending: 3, failed: 0 })).toBe(
      'Stripe: 3 refunds still pending (reconciliation will finish them).',
    );
    expect(settleNote({ succeeded: 0, pending: 0, failed: 0 })).toBeUndefined();
  });
});
