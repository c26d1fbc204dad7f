import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE, localDate, startOfDayInstant } from '@ops/shared';
import { buildStoryRows } from './plant-stories.js';
import { generateSampleRows } from './sample.js';

const TZ = DEFAULT_TIME_ZONE;
const STAFF = [{ email: 'admin@ops.example', name: 'Ada Admin', role: 'admin' as const, passwordHash: 'hash' }];
const ms = (v: unknown): number => (typeof v === 'string' ? Date.parse(v) : v instanceof Date ? v.getTime() : Number.NaN);

/** The console's rule: a payout still pending is overdue once the business day it was scheduled for has passed. */
const overdue = (p: { status?: string; scheduled_for: unknown }, now: Date) =>
  p.status === 'pending' && ms(p.scheduled_for) < startOfDayInstant(localDate(now, TZ), TZ).getTime();

describe('sample payouts', () => {
  // Five minutes past midnight in New York (EST, UTC−5), and ten in the morning.
  it.each(['2026-11-23T05:05:00Z', '2026-11-23T15:00:00Z'])(
    'read as overdue only where a planted story means them to, at any hour, just after midnight too (now %s)',
    (at) => {
      const now = new Date(at);
      const rows = generateSampleRows({ now, seed: 7, staff: STAFF });
      const planted = new Set(buildStoryRows(now, []).users.map((u) => u.id));
      const payouts = (rows.payouts ?? []).filter((p) => !planted.has(p.instructor_id));
      expect(payouts.filter((p) => p.status === 'paid').length).toBeGreaterThan(1_000);
      // Payouts of the day that just ended were there to be paid, and none reads as late.
      expect(payouts.filter((p) => overdue(p, now))).toEqual([]);
      // Paid or failed after their time, never after now.
      const settled = payouts.flatMap((p) => (p.paid_at ? [{ p, at: p.paid_at }] : p.failed_at ? [{ p, at: p.failed_at }] : []));
      expect(settled.filter(({ p, at }) => ms(at) > now.getTime() || ms(at) < ms(p.scheduled_for))).toEqual([]);
    },
  );
});
