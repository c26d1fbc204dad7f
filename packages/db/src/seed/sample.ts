import type { Kysely } from 'kysely';
import { DEFAULT_TIME_ZONE, addDays, localDate, startOfDayInstant } from '@ops/shared';
import type { Database, StaffRole } from '../schema.js';
import { CATEGORIES, SERVICES } from './catalog.js';
import { DAY, genTs, msOf } from './factories.js';
import { buildStoryRows, type StoryStaff } from './plant-stories.js';
import { Rng } from './prng.js';
import { countRowSet, emptyRowSet, insertRowSet, mergeRowSets, type RowSet } from './row-set.js';
import { addBookingRows } from './sample/booking-rows.js';
import { buildBookings } from './sample/bookings.js';
import { addCampaigns } from './sample/campaigns.js';
import { addFunnel } from './sample/funnel.js';
import { planJourneys } from './sample/journeys.js';
import { addNotes } from './sample/notes.js';
import { buildOperationsRows } from './sample/operations.js';
import { buildPeople } from './sample/people.js';
import { planBookings } from './sample/plans.js';
import { addStaffActions } from './sample/staff-actions.js';
import { buildTemplateRows } from './sample/templates.js';
import { addUsers } from './sample/users.js';
import { SAMPLE_SCALE, type SampleWorld } from './sample/world.js';

export { SAMPLE_SCALE } from './sample/world.js';
export { buildOperationsRows } from './sample/operations.js';
export { buildTemplateRows } from './sample/templates.js';

export interface StaffSeed {
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
}

export interface SampleOptions {
  now?: Date;
  seed?: number;
  staff: StaffSeed[];
}

export interface SampleSummary {
  counts: Partial<Record<keyof Database, number>>;
  elapsedMs: number;
}

const TZ = DEFAULT_TIME_ZONE;

/**
 * Builds every row of the sample data set in memory; pure and deterministic for a given seed and `now`. Each part
 * lives in its own module under sample/ and draws from the one random stream in the order below, so reordering the
 * calls changes the data.
 */
export function generateSampleRows(opts: SampleOptions): RowSet {
  const now = opts.now ?? new Date();
  const nowMs = now.getTime();
  const rng = new Rng(opts.seed ?? 42);
  const rows = emptyRowSet();
  const { historyDays, futureDays } = SAMPLE_SCALE;

  // Staff, catalogue, templates.
  const staff: StoryStaff[] = opts.staff.map((s) => ({ id: rng.uuid(), email: s.email.toLowerCase(), role: s.role }));
  opts.staff.forEach((s, i) => {
    const id = staff[i]?.id ?? rng.uuid();
    rows.staff_users.push({
      id,
      email: s.email.toLowerCase(),
      name: s.name,
      role: s.role,
      password_hash: s.passwordHash,
      created_at: genTs(nowMs - 400 * DAY),
    });
  });
  const admins = staff.filter((s) => s.role === 'admin');
  rows.service_categories.push(...CATEGORIES.map((c) => ({ id: c.id, name: c.name })));
  rows.services.push(...SERVICES.map((s) => ({ ...s })));
  rows.message_templates.push(...buildTemplateRows(rng, nowMs, admins[0]?.id ?? null));

  // The planted stories come first so their short ids, emails and phone numbers' last digits are reserved.
  const stories = buildStoryRows(now, staff);
  const reservedPhoneTails = new Set(stories.users.flatMap((u) => (u.phone_normalized ? [u.phone_normalized.slice(-4)] : [])));
  const usedShort = new Set(stories.bookings.map((b) => b.short_id));
  const shortId = (): string => {
    for (;;) {
      const s = rng.shortId();
      if (!usedShort.has(s)) {
        usedShort.add(s);
        return s;
      }
    }
  };

  // Day starts in the business time zone, from the oldest history day to the last future day.
  const today = localDate(now, TZ);
  const dayStart = new Map<number, number>();
  for (let d = -historyDays - 1; d <= futureDays + 1; d++) dayStart.set(d, startOfDayInstant(addDays(today, d), TZ).getTime());

  const world: SampleWorld = {
    rng,
    nowMs,
    rows,
    reservedPhoneTails,
    historyDays,
    futureDays,
    startOf: (d) => dayStart.get(d) ?? nowMs + d * DAY,
    staff,
    admins,
    supports: staff.filter((s) => s.role === 'support' || s.role === 'admin'),
    oncalls: staff.filter((s) => s.role === 'oncall' || s.role === 'admin'),
    serviceName: new Map(SERVICES.map((s) => [s.id, s.name])),
  };
  const people = buildPeople(world, planJourneys(world));
  const plans = planBookings(world, people, stories.bookings.length);
  const booked = buildBookings(world, people, plans, shortId);
  addUsers(world, people, booked.firstBooking);
  addBookingRows(world, people, booked);
  const pastBuilt = booked.built.filter((x) => x.plan.startMs < nowMs);
  addNotes(world, pastBuilt);
  addCampaigns(world, people);
  addFunnel(world, people, booked);
  mergeRowSets(rows, buildOperationsRows(rng, nowMs, historyDays));
  addStaffActions(world, pastBuilt);

  mergeRowSets(rows, stories);
  // The planted students signed up too: the funnel's signups are every student account.
  for (const u of stories.users)
    if (u.role === 'student' && u.created_at !== undefined)
      rows.funnel_events.push({ user_id: u.id, stage: 'signup', category_id: null, occurred_at: u.created_at });
  rows.audit_log.sort((a, b) => msOf(a.occurred_at) - msOf(b.occurred_at));
  return rows;
}

/** Loads the sample data set into a freshly migrated database, in one transaction. */
export async function loadSampleData(db: Kysely<Database>, opts: SampleOptions): Promise<SampleSummary> {
  const started = performance.now();
  const rows = generateSampleRows(opts);
  await db.transaction().execute((trx) => insertRowSet(trx, rows));
  return { counts: countRowSet(rows), elapsedMs: Math.round(performance.now() - started) };
}
