import { CITIES } from '../catalog.js';
import { DAY, HOUR, genTs, iso } from '../factories.js';
import type { People } from './people.js';
import type { SampleWorld } from './world.js';

/**
 * The users rows (each created no later than their first booking; a Stripe customer for everyone who paid), the
 * instructors' profiles and the services they offer.
 */
export function addUsers(w: SampleWorld, people: People, firstBooking: ReadonlyMap<string, number>): void {
  const { rng, rows, serviceName } = w;
  const { teachers, signups } = people;
  for (const p of [...teachers, ...signups.map((s) => s.person)]) {
    const first = firstBooking.get(p.id);
    if (first !== undefined && first < p.createdMs) {
      p.createdMs = first - rng.int(1, 20) * DAY;
      p.row.created_at = genTs(p.createdMs);
      p.row.updated_at = genTs(p.createdMs);
      if (p.row.verified_at) p.row.verified_at = iso(p.createdMs + rng.int(1, 90) * 60_000);
    }
    if (p.row.role === 'student' && (first !== undefined || rng.chance(0.3))) p.row.stripe_customer_id = rng.stripeId('cus', 14);
    rows.users.push(p.row);
  }
  for (const t of teachers) {
    rows.instructor_profiles.push({
      user_id: t.id,
      headline: `${serviceName.get(t.offerings[0]?.serviceId ?? 'piano') ?? 'Lessons'} teacher, ${rng.int(2, 25)} years of experience`,
      city: rng.pick(CITIES),
      background_check_status: t.active
        ? rng.weighted([
            ['passed', 95],
            ['pending', 5],
          ] as const)
        : rng.weighted([
            ['passed', 60],
            ['failed', 25],
            ['not_started', 15],
          ] as const),
      verification_override: false,
      commission_tier: t.tier,
      founding: t.tier === 'founding',
      payout_hold: t.hold,
      payout_hold_reason: t.hold ? 'Identity re-verification' : null,
      stripe_account_id: rng.stripeId('acct', 16),
      created_at: genTs(t.createdMs),
      updated_at: genTs(t.createdMs),
    });
    for (const o of t.offerings)
      rows.instructor_services.push({
        id: o.id,
        instructor_id: t.id,
        service_id: o.serviceId,
        hourly_rate_cents: o.rate,
        created_at: genTs(t.createdMs + HOUR),
      });
  }
}
