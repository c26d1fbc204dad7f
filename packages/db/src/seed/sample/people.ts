import { normalizePhone } from '@ops/shared';
import { AREA_CODES, CATEGORIES, FIRST_NAMES, LAST_NAMES, SERVICES, type CategoryId } from '../catalog.js';
import { DAY, genTs, iso } from '../factories.js';
import type { Journey } from './journeys.js';
import { SAMPLE_SCALE, sampler, type Person, type SampleWorld, type Teacher } from './world.js';

const RATE_RANGE: Record<CategoryId, [number, number]> = {
  music: [6_000, 12_000],
  languages: [4_000, 9_000],
  academics: [5_000, 12_000],
  'test-prep': [8_000, 20_000],
  sports: [5_000, 11_000],
  arts: [4_000, 9_000],
  tech: [7_000, 15_000],
};

export interface People {
  teachers: Teacher[];
  /** The people who booked (each with firstBookingMs). */
  students: Person[];
  /** Everyone who signed up this year, students and the prospects who never booked, with how far they went. */
  signups: Array<{ person: Person; journey: Journey }>;
  /** Busy instructors and frequent students are picked more often. */
  pickTeacher: () => number;
  pickStudent: () => number;
}

/**
 * The marketplace's instructors (with their services and rates) and the people of the sign-up journeys: those who
 * book are the students; users rows come later.
 */
export function buildPeople(w: SampleWorld, journeys: readonly Journey[]): People {
  const { rng, nowMs } = w;
  let emailSeq = 0;
  const person = (role: 'student' | 'instructor', createdMs: number): Person => {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    let tail = String(rng.int(0, 9999)).padStart(4, '0');
    while (w.reservedPhoneTails.has(tail)) tail = String(rng.int(0, 9999)).padStart(4, '0');
    const phone = rng.chance(0.9) ? `+1 ${rng.pick(AREA_CODES)}-555-${tail}` : null;
    const status =
      role === 'student'
        ? rng.weighted([
            ['active', 985],
            ['suspended', 3],
            ['deactivated', 12],
          ] as const)
        : rng.weighted([
            ['active', 95],
            ['suspended', 2],
            ['deactivated', 3],
          ] as const);
    const id = rng.uuid();
    const row: Person['row'] = {
      id,
      role,
      status,
      email: `${first}.${last}${++emailSeq}@example.com`.toLowerCase(),
      phone,
      phone_normalized: phone === null ? null : normalizePhone(phone),
      first_name: first,
      last_name: last,
      verified_at: rng.chance(role === 'student' ? 0.97 : 1) ? iso(createdMs + rng.int(1, 90) * 60_000) : null,
      stripe_customer_id: null,
      marketing_opt_out: rng.chance(0.1),
      suspended_at: status === 'suspended' ? iso(nowMs - rng.int(2, 60) * DAY) : null,
      suspension_reason: status === 'suspended' ? rng.pick(['Chargeback abuse', 'Harassment report', 'Fake account']) : null,
      created_at: genTs(createdMs),
      updated_at: genTs(createdMs),
    };
    return { id, first, last, createdMs, active: status === 'active', row };
  };

  const teachers: Teacher[] = [];
  for (let i = 0; i < SAMPLE_SCALE.instructors; i++) {
    const p = person('instructor', nowMs - rng.int(10, 800) * DAY);
    const tier = rng.weighted([
      ['standard', 70],
      ['preferred', 20],
      ['founding', 10],
    ] as const);
    const hold = p.active && rng.chance(0.01);
    const offerings: Teacher['offerings'] = [];
    const count = rng.weighted([
      [1, 50],
      [2, 35],
      [3, 15],
    ] as const);
    const category = rng.pick(CATEGORIES).id;
    const inCategory = SERVICES.filter((s) => s.category_id === category);
    for (let k = 0; k < count; k++) {
      const s = k === 0 ? rng.pick(inCategory) : rng.pick(SERVICES);
      if (offerings.some((o) => o.serviceId === s.id)) continue;
      const [lo, hi] = RATE_RANGE[s.category_id];
      offerings.push({ id: rng.uuid(), serviceId: s.id, rate: rng.int(lo / 500, hi / 500) * 500 });
    }
    teachers.push({ ...p, tier, hold, offerings });
  }

  const students: Person[] = [];
  const signups: People['signups'] = [];
  for (const journey of journeys) {
    const p = person('student', journey.signupMs);
    p.row.verified_at = journey.verifiedMs === null ? null : iso(journey.verifiedMs);
    if (journey.books && journey.startedMs !== null) {
      p.firstBookingMs = journey.startedMs;
      students.push(p);
    } else {
      // A prospect has never paid: nothing to suspend them for.
      p.active = p.row.status !== 'deactivated';
      if (p.row.status === 'suspended') p.row.status = 'active';
      p.row.suspended_at = null;
      p.row.suspension_reason = null;
    }
    signups.push({ person: p, journey });
  }
  const pickTeacher = sampler(
    rng,
    teachers.map(() => 0.2 + rng.next() * rng.next() * 3),
  );
  const pickStudent = sampler(
    rng,
    students.map(() => 0.1 + rng.next() ** 3 * 5),
  );
  return { teachers, students, signups, pickTeacher, pickStudent };
}
