import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@ops/db/testing';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import type { BookingStatus, PaymentStatus } from '@ops/db';
import { DEFAULT_TIME_ZONE, addDays, startOfDayInstant } from '@ops/shared';
import { revenueReport, supplyReport, type ReportDeps } from './reports.js';
import { refreshChangedDays } from './worker.js';

/**
 * Today so far against its comparison day by the same time of day: both sides count what had happened by their own
 * cut-off instant. A lesson under way at the cut-off, or ended but not yet marked done, counts on neither side; a
 * no-show whose charge is not captured yet, on neither. Each comparison day is built as today will look once it is
 * over, so today's side has fewer lessons done only because the day is not over.
 */
const TZ = DEFAULT_TIME_ZONE;
const TODAY = '2026-11-18';
const HOUR_MS = 3_600_000;
const at = (day: string, hours: number): Date => new Date(startOfDayInstant(day, TZ).getTime() + hours * HOUR_MS);
/** 15:00 business time: the rollups are refreshed then, and the report read then. */
const NOW = at(TODAY, 15);
const PRICE = 10_000;

let h: TestDatabase;
const deps = (): ReportDeps => ({ analytics: h.dbs.analytics, write: h.dbs.worker, timeZone: TZ, now: NOW });

async function lesson(
  day: string,
  startHour: number,
  status: BookingStatus,
  opts: { markedDoneAfterEndMin?: number; paymentStatus?: PaymentStatus } = {},
): Promise<void> {
  const student = await seedStudent(h.dbs.api, { created_at: at(addDays(TODAY, -60), 9).toISOString() });
  // One instructor per lesson, so the supply page's active instructors count lessons too.
  const instructor = await seedInstructor(h.dbs.api, { created_at: at(addDays(TODAY, -60), 9).toISOString() });
  const lessonStart = at(day, startHour);
  const { booking } = await seedBooking(h.dbs.api, {
    studentId: student.id,
    instructorId: instructor.user.id,
    status,
    lessonStart,
    durationMinutes: 60,
    priceCents: PRICE,
    now: NOW,
    ...(opts.paymentStatus === undefined ? {} : { paymentStatus: opts.paymentStatus }),
  });
  if (opts.markedDoneAfterEndMin !== undefined)
    await h.dbs.api
      .updateTable('bookings')
      .set({ completed_at: new Date(lessonStart.getTime() + (60 + opts.markedDoneAfterEndMin) * 60_000).toISOString() })
      .where('id', '=', booking.id)
      .execute();
}

/** A day of lessons as it ends up once it is over; its instructors mark a lesson done 30 minutes after it ends. */
async function finishedDay(day: string): Promise<void> {
  await lesson(day, 12, 'completed', { markedDoneAfterEndMin: 30 }); // done at 13:30: before the cut-off
  await lesson(day, 14, 'completed', { markedDoneAfterEndMin: 30 }); // ends at the cut-off, done at 15:30
  await lesson(day, 14.5, 'completed', { markedDoneAfterEndMin: 30 }); // under way at the cut-off
  await lesson(day, 17, 'completed', { markedDoneAfterEndMin: 30 }); // starts after the cut-off
  await lesson(day, 10, 'no_show'); // its charge captured at 13:00 (two hours after the lesson)
  await lesson(day, 14, 'no_show'); // its charge captured at 17:00
}

beforeAll(async () => {
  h = await createTestDatabase();
  for (const day of [addDays(TODAY, -1), addDays(TODAY, -7)]) await finishedDay(day);
  // Today at 15:00: the same day under way.
  await lesson(TODAY, 12, 'completed', { markedDoneAfterEndMin: 30 });
  await lesson(TODAY, 14, 'confirmed', { paymentStatus: 'authorized' });
  await lesson(TODAY, 14.5, 'confirmed', { paymentStatus: 'authorized' });
  await lesson(TODAY, 17, 'confirmed', { paymentStatus: 'authorized' });
  await lesson(TODAY, 10, 'no_show');
  await lesson(TODAY, 14, 'no_show', { paymentStatus: 'authorized' });
  await refreshChangedDays(h.dbs.worker, TZ, NOW);
}, 120_000);
afterAll(async () => {
  await h.drop();
});

describe('today so far against the same time of day', () => {
  for (const compare of ['previous_period', 'week'] as const) {
    it(`counts alike on both sides against ${compare === 'week' ? 'the same day a week before' : 'yesterday'}`, async () => {
      const report = await revenueReport(deps(), { preset: 'today', compare });
      expect(report.comparisonUntil).toBe(at(report.comparison?.to ?? '', 15).toISOString());
      // One lesson done and one charge captured by 15:00, on each side.
      const counted = { bookings: 1, gmvCents: PRICE, charges: 1 };
      expect(report.totals).toMatchObject(counted);
      expect(report.previous).toMatchObject(counted);
      expect(report.previous).toEqual(report.totals);
      expect(report.changes.gmvCents).toBe(0);
      expect(report.changes.netRevenueCents).toBe(0);
      expect(report.daily.map((d) => [d.gmvCents, d.previousGmvCents])).toEqual([[PRICE, PRICE]]);

      const supply = await supplyReport(deps(), { preset: 'today', compare });
      expect([supply.activeInstructors, supply.previousActiveInstructors]).toEqual([1, 1]);
      expect(supply.previousHoursPerActiveInstructorX100).toBe(supply.hoursPerActiveInstructorX100);
    });
  }

  it('the comparison day, read whole, still counts every lesson and charge it ended up with', async () => {
    const report = await revenueReport(deps(), { preset: 'yesterday', compare: 'none' });
    expect(report.totals).toMatchObject({ bookings: 4, gmvCents: 4 * PRICE, charges: 2 });
  });
});
