import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleData } from '@ops/db/seed/sample';
import { MARCUS, SARAH } from '@ops/db/seed/stories';
import { encodeSearchCursor, type SearchResponse } from '@ops/shared';
import { createHarness, type TestHarness } from '../../testing.js';
import { NAME_TOTAL_CAP } from './search.js';

/** People in one statement: `count` of them named first / last, with the given email tag. */
async function seedPeople(h: TestHarness, tag: string, names: Array<[first: string, last: string]>): Promise<string[]> {
  const rows = await h.dbs.api
    .insertInto('users')
    .values(
      names.map(([first, last], i) => ({
        role: 'student' as const,
        email: `${tag}${i}@example.com`,
        first_name: first,
        last_name: last,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

const times = (n: number, name: (i: number) => [string, string]): Array<[string, string]> =>
  Array.from({ length: n }, (_, i) => name(i));

/** Every page of a search, following "show more" to the end. */
async function allPages(h: TestHarness, q: string): Promise<SearchResponse[]> {
  const pages = [await h.caller('support').support.search({ q })];
  for (let next = pages[0]?.nextCursor; next; next = pages.at(-1)?.nextCursor) {
    pages.push(await h.caller('support').support.search({ q, cursor: next }));
    if (pages.length > 20) throw new Error('show more never ends');
  }
  return pages;
}

describe('name search tiers and "show more"', () => {
  let h: TestHarness;
  const tier: { exact: string[]; prefix: string[]; similar: string[] } = { exact: [], prefix: [], similar: [] };

  beforeAll(async () => {
    h = await createHarness();
    // 25 exact (first or last name "Lin"), 20 prefixes ("Linda", "Lindqvist"), 22 similar full names ("Colin Lim", "Colin Limon").
    // Pages of 20 then end inside the exact tier, inside the prefix tier and inside the similar tier.
    tier.exact = [
      ...(await seedPeople(
        h,
        'exact-first',
        times(13, (i) => ['Lin', `Walker${String.fromCharCode(97 + i)}`]),
      )),
      ...(await seedPeople(
        h,
        'exact-last',
        times(12, (i) => [`Ava${String.fromCharCode(97 + i)}`, 'Lin']),
      )),
    ];
    tier.prefix = [
      ...(await seedPeople(
        h,
        'prefix-first',
        times(12, (i) => ['Linda', `Stone${String.fromCharCode(97 + i)}`]),
      )),
      ...(await seedPeople(
        h,
        'prefix-last',
        times(8, (i) => [`Omar${String.fromCharCode(97 + i)}`, 'Lindqvist']),
      )),
    ];
    tier.similar = [
      ...(await seedPeople(
        h,
        'similar-a',
        times(15, () => ['Colin', 'Lim']),
      )),
      ...(await seedPeople(
        h,
        'similar-b',
        times(7, () => ['Colin', 'Limon']),
      )),
    ];
    // Not a match at all.
    await seedPeople(
      h,
      'other',
      times(5, (i) => ['Maria', `Okafor${i}`]),
    );
  });
  afterAll(async () => {
    await h.close();
  });

  it('continues across the exact, prefix and similar tiers without repeating or skipping anyone', async () => {
    const pages = await allPages(h, 'lin');
    expect(pages.map((p) => p.results.length)).toEqual([20, 20, 20, 7]);
    const ids = pages.flatMap((p) => p.results.map((r) => r.userId));
    expect(new Set(ids).size).toBe(ids.length);
    // Tier by tier: every exact match before any prefix, every prefix before any similar name.
    const e = tier.exact.length;
    const p = tier.prefix.length;
    expect(new Set(ids.slice(0, e))).toEqual(new Set(tier.exact));
    expect(new Set(ids.slice(e, e + p))).toEqual(new Set(tier.prefix));
    expect(new Set(ids.slice(e + p))).toEqual(new Set(tier.similar));
    expect(pages[0]).toMatchObject({ total: 67, totalCapped: false });
    expect(pages.at(-1)?.nextCursor).toBeNull();
  });

  it('ranks inside a tier: the shorter prefix first, the most similar name first', async () => {
    const ids = (await allPages(h, 'lin')).flatMap((p) => p.results.map((r) => r.userId));
    const prefixIds = ids.slice(tier.exact.length, tier.exact.length + tier.prefix.length);
    // "Linda" (5 letters) covers more of the text than "Lindqvist" (9).
    expect(new Set(prefixIds.slice(0, 12))).toEqual(new Set(tier.prefix.slice(0, 12)));
    const similarIds = ids.slice(tier.exact.length + tier.prefix.length);
    // "colin lim" is nearer to "lin" than "colin limon".
    expect(new Set(similarIds.slice(0, 15))).toEqual(new Set(tier.similar.slice(0, 15)));
  });

  it('reads a hand-made cursor with an absurd length as a place in the list, not a server error', async () => {
    const cursor = encodeSearchCursor([4, 1e308, 'linda', 'stonea', '00000000-0000-4000-8000-000000000000']);
    const res = await h.caller('support').support.search({ q: 'lin', cursor });
    // Past every prefix: the page is the similar names, nearest ("Colin Lim") first.
    const ids = res.results.map((r) => r.userId);
    expect(ids).toHaveLength(20);
    expect(new Set(ids.slice(0, 15))).toEqual(new Set(tier.similar.slice(0, 15)));
    expect(ids.every((id) => tier.similar.includes(id))).toBe(true);
  });

  it('reads two words in either order and the display form, exact before prefix', async () => {
    const exact = await h.caller('support').support.search({ q: 'Lin Walkera' });
    expect(exact.results[0]?.userId).toBe(tier.exact[0]);
    const reversed = await h.caller('support').support.search({ q: 'walkera, lin' });
    expect(reversed.results[0]?.userId).toBe(tier.exact[0]);
    const display = await h.caller('support').support.search({ q: 'Linda S.' });
    expect(new Set(display.results.map((r) => r.userId))).toEqual(new Set(tier.prefix.slice(0, 12)));
    expect(display.total).toBe(12);
  });
});

describe('the capped total', () => {
  let h: TestHarness;

  beforeAll(async () => {
    h = await createHarness();
    await seedPeople(
      h,
      'okafor',
      times(NAME_TOTAL_CAP + 5, (i) => [`Ada${i}`, 'Okafor']),
    );
    await seedPeople(
      h,
      'mensah',
      times(NAME_TOTAL_CAP, (i) => [`Kofi${i}`, 'Mensah']),
    );
  });
  afterAll(async () => {
    await h.close();
  });

  it('says "at least 1,000" past the cap, and still pages', async () => {
    const res = await h.caller('support').support.search({ q: 'okafor' });
    expect(res).toMatchObject({ total: NAME_TOTAL_CAP, totalCapped: true });
    expect(res.results).toHaveLength(20);
    expect(res.nextCursor).not.toBeNull();
  });

  it('gives the exact figure up to the cap', async () => {
    const res = await h.caller('support').support.search({ q: 'mensah' });
    expect(res).toMatchObject({ total: NAME_TOTAL_CAP, totalCapped: false });
  });
});

describe('on the sample data', () => {
  let h: TestHarness;

  beforeAll(async () => {
    h = await createHarness();
    await loadSampleData(h.dbs.api, {
      staff: [{ email: 'seed-admin@sample.example', name: 'Seed Admin', role: 'admin', passwordHash: 'scrypt$unusable' }],
    });
  }, 600_000);
  afterAll(async () => {
    await h.close();
  });

  it('puts Sarah Chen first for sa, Sarah C., chen sarah and 0142', async () => {
    for (const q of ['sa', 'Sarah C.', 'chen sarah', '0142']) {
      const res = await h.caller('support').support.search({ q });
      expect(res.results[0]?.userId, q).toBe(SARAH.userId);
    }
  });

  it('opens the person of a Stripe customer id and the booking of a payment intent, charge or refund id', async () => {
    const payment = await h.dbs.api
      .selectFrom('payments')
      .select(['stripe_payment_intent_id', 'stripe_charge_id'])
      .where('id', '=', SARAH.disputedPaymentId)
      .executeTakeFirstOrThrow();
    const found = async (q: string) => {
      const res = await h.caller('support').support.search({ q: ` ${q} ` });
      expect(res.readAs, q).toEqual(['stripe_id']);
      return res.results.map((r) => ({
        kind: r.kind,
        userId: r.userId,
        bookingId: r.bookingId,
        matchedOn: r.matchedOn,
        exact: r.exact,
      }));
    };
    const sarah = { userId: SARAH.userId, matchedOn: 'stripe_id', exact: true };
    expect(await found(SARAH.stripeCustomerId)).toEqual([{ ...sarah, kind: 'user', bookingId: null }]);
    expect(await found(payment.stripe_payment_intent_id)).toEqual([
      { ...sarah, kind: 'booking', bookingId: SARAH.disputedBookingId },
    ]);
    expect(payment.stripe_charge_id).not.toBeNull();
    expect(await found(payment.stripe_charge_id ?? '')).toEqual([
      { ...sarah, kind: 'booking', bookingId: SARAH.disputedBookingId },
    ]);
    expect(await found(SARAH.stripeRefundId)).toEqual([{ ...sarah, kind: 'booking', bookingId: SARAH.refundedBookingId }]);
    // Stripe ids are case-sensitive: another case is another (unknown) id, not an email prefix.
    expect(await found(SARAH.stripeCustomerId.toLowerCase())).toEqual([]);
  });

  it('opens the instructor of a Stripe connected account id, as their page shows it', async () => {
    const { stripe_account_id: account } = await h.dbs.api
      .selectFrom('instructor_profiles')
      .select('stripe_account_id')
      .where('user_id', '=', MARCUS.userId)
      .executeTakeFirstOrThrow();
    expect(account).toMatch(/^acct_/);
    const res = await h.caller('support').support.search({ q: ` ${account ?? ''} ` });
    expect(res.readAs).toEqual(['stripe_id']);
    expect(res.results.map((r) => [r.kind, r.userId, r.role, r.matchedOn, r.exact])).toEqual([
      ['user', MARCUS.userId, 'instructor', 'stripe_id', true],
    ]);
    const unknown = await h.caller('support').support.search({ q: 'acct_NoSuchAccount0000' });
    expect([unknown.readAs, unknown.results]).toEqual([['stripe_id'], []]);
  });

  it("opens the booking a Stripe transfer id paid the instructor's payout for", async () => {
    const payout = await h.dbs.api
      .selectFrom('payouts')
      .innerJoin('bookings', 'bookings.id', 'payouts.booking_id')
      .select(['payouts.stripe_transfer_id', 'bookings.id as bookingId', 'bookings.short_id'])
      .where('payouts.stripe_transfer_id', 'is not', null)
      .orderBy('payouts.id')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(payout.stripe_transfer_id).toMatch(/^tr_/);
    const res = await h.caller('support').support.search({ q: payout.stripe_transfer_id ?? '' });
    expect(res.readAs).toEqual(['stripe_id']);
    expect(res.results.map((r) => [r.kind, r.bookingId, r.shortId, r.matchedOn, r.exact])).toEqual([
      ['booking', payout.bookingId, payout.short_id, 'stripe_id', true],
    ]);
  });
});
