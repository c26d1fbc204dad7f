import type { BookingStatus } from '../../schema.js';
import { FUNNEL_WINDOW_DAYS } from '@ops/shared';
import { DAY, HOUR } from '../factories.js';
import { REVENUE_SPIKE } from '../stories.js';
import type { People } from './people.js';
import { SAMPLE_SCALE, dayOf, sampler, type Person, type Plan, type SampleWorld, type Teacher } from './world.js';

/** How far ahead a lesson is booked, in hours (a range drawn by weight). */
const LEAD_HOURS: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[2, 24], 15],
  [[24, 72], 35],
  [[72, 240], 35],
  [[240, 720], 15],
];
/** How a lesson in the past ended. */
const PAST_OUTCOMES: ReadonlyArray<readonly [BookingStatus, number]> = [
  ['completed', 84],
  ['cancelled', 11],
  ['no_show', 5],
];

/**
 * The bookings to build, oldest booked first: day weights grow over the year, weekends are busier, future days only
 * partly booked, and one day carries the planted revenue spike. `storyBookings` are already planted, so the total
 * stays at the documented scale.
 */
export function planBookings(w: SampleWorld, people: People, storyBookings: number): Plan[] {
  const { rng, nowMs, historyDays, futureDays, startOf } = w;
  const { teachers, students, pickTeacher, pickStudent } = people;
  const days: number[] = [];
  const dayWeights: number[] = [];
  for (let d = -historyDays; d <= futureDays; d++) {
    const growth = 0.55 + (0.45 * (historyDays + Math.min(d, 0))) / historyDays;
    const weekday = new Date(startOf(d) + 12 * HOUR).getUTCDay();
    const future = d > 0 ? Math.max(0.1, 1 - d / 24) : 1;
    days.push(d);
    dayWeights.push(growth * (weekday === 0 || weekday === 6 ? 1.25 : 1) * future);
  }
  const pickDay = sampler(rng, dayWeights);

  // A first booking's lead time and outcome decide whether its cohort completes a lesson within the funnel's window:
  // dealt from decks, in the order the students first booked, so no week's cohort lands on a run of luck.
  const firstLead = rng.deck(LEAD_HOURS);
  const firstOutcome = rng.deck(PAST_OUTCOMES);
  const plans: Plan[] = [];
  const spikeDay = -REVENUE_SPIKE.daysAgo;
  const spikeStart = startOf(spikeDay);
  // The spike's extra lessons are regulars': a student whose first booking is recent enough for the spike to fall in
  // their first-lesson window would lift the funnel's completion for that week, a second story the sample never meant.
  const regularBy = spikeStart - (FUNNEL_WINDOW_DAYS.lesson_completed + 1) * DAY;
  const slot = (d: number): number => startOf(d) + rng.int(8, 20) * HOUR + rng.pick([0, 30]) * 60_000;
  /** Plans a lesson on day `d`, or a student's first booking (made when their journey started it). */
  const plan = (d: number, forceCompleted: boolean, first?: { student: Person; bookedMs: number }): void => {
    let startMs = slot(d);
    const future = (): boolean => startMs > nowMs;
    const minutes = rng.weighted([
      [30, 10],
      [45, 10],
      [60, 55],
      [90, 15],
      [120, 10],
    ] as const);
    const leadMs = first === undefined ? rng.weighted(LEAD_HOURS) : firstLead();
    let createdMs: number;
    if (first === undefined) {
      // A lesson booked further ahead than its lead time was booked at some point in the last two weeks, not all today.
      const bookedMs = startMs - rng.int(leadMs[0], leadMs[1]) * HOUR;
      createdMs = bookedMs < nowMs - 5 * 60_000 ? bookedMs : nowMs - rng.int(5, 14 * 24 * 60) * 60_000;
    } else {
      createdMs = first.bookedMs;
      const wanted = dayOf(w, createdMs + rng.int(leadMs[0], leadMs[1]) * HOUR);
      startMs = slot(wanted);
      if (startMs < createdMs + 2 * HOUR) startMs = slot(wanted + 1);
    }
    // Instructors join over time: one is booked only once they have joined (so the newer ones form the instructor
    // cohorts of the last months), and a lesson still to come or completed is an active one's.
    const bookable = (t: Teacher): boolean => t.createdMs < createdMs && (t.active || !(future() || forceCompleted));
    let teacher = teachers[pickTeacher()] as Teacher;
    for (let k = 0; k < 8 && !bookable(teacher); k++) teacher = teachers[pickTeacher()] as Teacher;
    // Students book again only after their first booking (and, for a lesson to come, while their account is open).
    const canBook = (s: Person): boolean =>
      (s.firstBookingMs ?? Infinity) < (forceCompleted ? Math.min(createdMs, regularBy) : createdMs) && (s.active || !future());
    const draw = (): Person => students[pickStudent()] as Person;
    let student = first?.student ?? draw();
    for (let k = 0; k < 30 && !canBook(student) && first === undefined; k++) student = draw();
    if (first === undefined && !canBook(student)) return;
    const offering = rng.pick(teacher.offerings);
    const endMs = startMs + minutes * 60_000;
    let status: BookingStatus;
    if (forceCompleted) status = 'completed';
    // A first booking is a confirmed one (the funnel's booking_confirmed); a closed account's lesson to come was
    // cancelled when it closed.
    else if (future() && !student.active) status = 'cancelled';
    else if (future())
      status = rng.weighted([
        ['confirmed', 84],
        ['pending', first === undefined ? 11 : 0],
        ['cancelled', 5],
      ] as const);
    // A lesson ended in the last two hours may not be marked done yet; one still under way is not done at all (its
    // instructor marks it once it ends, as the sample's beat does), so today's completed lessons are the ones ended.
    else if (endMs > nowMs - 2 * HOUR && (rng.chance(0.5) || endMs > nowMs)) status = 'confirmed';
    else status = first === undefined ? rng.weighted(PAST_OUTCOMES) : firstOutcome();
    const p: Plan = { teacher, student, offering, minutes, startMs, createdMs, status };
    if (status === 'cancelled') {
      const by = rng.weighted([
        ['student', 75],
        ['instructor', 15],
        ['admin', 4],
        ['system', 6],
      ] as const);
      const hoursBefore = rng.weighted([
        [[24, 240], 60],
        [[12, 23], 22],
        [[1, 11], 18],
      ] as const);
      let at = Math.max(createdMs + 10 * 60_000, startMs - rng.int(hoursBefore[0], hoursBefore[1]) * HOUR);
      if (at > nowMs) at = createdMs + Math.floor((nowMs - createdMs) * rng.next());
      p.cancelledAtMs = at;
      p.cancelledBy = by;
      p.cancellationReason =
        by === 'student'
          ? rng.pick(['Schedule conflict', 'Feeling unwell', 'Found another time', 'Travel'])
          : by === 'instructor'
            ? rng.pick(['Instructor unavailable', 'Instructor illness'])
            : by === 'admin'
              ? 'Cancelled by support at student request'
              : 'Payment authorization failed';
    }
    if (status === 'no_show') p.studentNoShowOrInstructor = rng.chance(0.7) ? 'student' : 'instructor';
    plans.push(p);
  };
  const byFirstBooking = [...students].sort((a, b) => (a.firstBookingMs ?? nowMs) - (b.firstBookingMs ?? nowMs));
  for (const student of byFirstBooking) plan(0, false, { student, bookedMs: student.firstBookingMs ?? nowMs });
  // Then the repeat bookings, up to the documented scale (a draw that finds nobody who has booked yet is skipped).
  const base = SAMPLE_SCALE.bookings - storyBookings;
  for (let i = 0; i < 3 * base && plans.length < base; i++) plan(days[pickDay()] ?? 0, false);
  // The revenue spike: twice the day's usual completed lessons again, on one day.
  const spikeEnd = startOf(spikeDay + 1);
  const onSpike = plans.filter((p) => p.status === 'completed' && p.startMs >= spikeStart && p.startMs < spikeEnd).length;
  for (let i = 0; i < (REVENUE_SPIKE.factor - 1) * Math.max(onSpike, 40); i++) plan(spikeDay, true);
  plans.sort((a, b) => a.createdMs - b.createdMs);
  return plans;
}
