import { describe, expect, it } from 'vitest';
import { fraudSignals } from './fraud.js';

const DAY = 24 * 3_600_000;
const at = (ms: number) => new Date(Date.UTC(2026, 10, 1) + ms).toISOString();

describe('fraudSignals', () => {
  it('flags the planted fraud story: 4 of 8 refunded, two within a day, $660 in total', () => {
    const refunds = [0, 9 * 3_600_000, DAY + 2 * 3_600_000, 7 * DAY].map((t, i) => ({
      bookingId: `b${i}`,
      amountCents: 16_500,
      createdAt: at(t),
    }));
    const signals = fraudSignals({ bookingCount: 8, refunds });
    expect(signals.map((s) => s.code)).toEqual(['refund_rate', 'rapid_refunds', 'refund_total']);
    expect(signals[0]?.label).toBe('4 of 8 bookings refunded (50.0 %, over 30 %)');
    expect(signals[1]?.label).toContain('2 refunds within 24 h');
    expect(signals[1]?.label).toContain('closest 9.0 h apart');
    expect(signals[2]?.label).toBe('$660.00 refunded in total (over $500.00)');
  });

  it('stays quiet for an ordinary student (1 refund of 8)', () => {
    expect(fraudSignals({ bookingCount: 8, refunds: [{ bookingId: 'b1', amountCents: 8_000, createdAt: at(0) }] })).toEqual([]);
  });

  it('uses strict thresholds: exactly 30 %, exactly 24 h apart and exactly $500 do not trip', () => {
    const refunds = [
      { bookingId: 'a', amountCents: 20_000, createdAt: at(0) },
      { bookingId: 'b', amountCents: 20_000, createdAt: at(DAY) },
      { bookingId: 'c', amountCents: 10_000, createdAt: at(2 * DAY) },
    ];
    expect(fraudSignals({ bookingCount: 10, refunds })).toEqual([]);
    const justOver = [...refunds.slice(0, 2), { bookingId: 'c', amountCents: 10_001, createdAt: at(2 * DAY - 1) }];
    expect(fraudSignals({ bookingCount: 9, refunds: justOver }).map((s) => s.code)).toEqual([
      'refund_rate',
      'rapid_refunds',
      'refund_total',
    ]);
  });

  it('counts refunded bookings, not refunds, for the rate, and ignores failed refunds', () => {
    const partials = [
      { bookingId: 'a', amountCents: 1_000, createdAt: at(0) },
      { bookingId: 'a', amountCents: 1_000, createdAt: at(3 * DAY) },
      { bookingId: 'a', amountCents: 1_000, createdAt: at(6 * DAY) },
    ];
    expect(fraudSignals({ bookingCount: 5, refunds: partials })).toEqual([]);
    const failed = [{ bookingId: 'x', amountCents: 90_000, createdAt: at(0), status: 'failed' }];
    expect(fraudSignals({ bookingCount: 1, refunds: failed })).toEqual([]);
  });

  it('handles a user with no bookings', () => {
    expect(fraudSignals({ bookingCount: 0, refunds: [] })).toEqual([]);
  });
});
