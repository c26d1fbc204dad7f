import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueryClient, QueryObserver, type QueryFilters, type QueryKey } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { CHANGED_BY, changedByDecision, ACTION_CHANGES, refreshAfter } from './invalidate';
import { queryClient, trpc } from './trpc';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The web source files a page renders: its module and every module under features/ or components/ it imports,
 * statically or as a lazily loaded chunk (`import('./Panel')`).
 */
function reachableFiles(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    for (const m of text.matchAll(/(?:from |import\()'(\.{1,2}\/[^']+)'/g)) {
      const spec = m[1] ?? '';
      const base = resolve(dirname(file), spec);
      if (!base.includes('/features/') && !base.includes('/components/')) continue;
      for (const candidate of [`${base}.tsx`, `${base}.ts`, `${base}/index.tsx`, `${base}/index.ts`]) {
        try {
          readFileSync(candidate);
          visit(candidate);
          break;
        } catch {
          // not this extension
        }
      }
    }
  };
  visit(entry);
  return seen;
}

/** `trpc.students.adjustCredit.preview.mutationOptions` or `useActionOf(trpc.students.adjustCredit, …)` → `students.adjustCredit`. */
function mutationsIn(text: string): string[] {
  const calls =
    /trpc\.([a-zA-Z]+)\.([a-zA-Z]+)(?:\.(?:preview|execute))?\.mutationOptions|useActionOf\(\s*trpc\.([a-zA-Z]+)\.([a-zA-Z]+)\s*,/g;
  return [...text.matchAll(calls)].map((m) => `${m[1] ?? m[3] ?? ''}.${m[2] ?? m[4] ?? ''}`);
}

describe('what the support pages can do, and what each action refreshes', () => {
  it('every mutation reachable from the 360 and the booking page has an entry in the invalidation map', () => {
    const files = new Map([
      ...reachableFiles(resolve(SRC, 'features/support/User360Page.tsx')),
      ...reachableFiles(resolve(SRC, 'features/bookings/BookingPage.tsx')),
    ]);
    const actions = new Set([...files.values()].flatMap(mutationsIn));
    // The pages do embed the money and account actions; an empty scan would prove nothing.
    for (const known of ['support.addNote', 'refunds.create', 'students.adjustCredit', 'instructors.payoutHold'])
      expect(actions).toContain(known);
    const missing = [...actions].filter((a) => !(a in ACTION_CHANGES));
    expect(missing, 'actions without an entry in ACTION_CHANGES').toEqual([]);
    for (const kind of Object.values(ACTION_CHANGES)) expect(CHANGED_BY).toHaveProperty(kind);
  });

  it('every component that runs one of those actions refreshes through the map', () => {
    const files = new Map([
      ...reachableFiles(resolve(SRC, 'features/support/User360Page.tsx')),
      ...reachableFiles(resolve(SRC, 'features/bookings/BookingPage.tsx')),
    ]);
    for (const [file, text] of files) {
      if (mutationsIn(text).length === 0) continue;
      expect(text, file).toMatch(/refreshAfter\(CHANGED_BY\.\w+\(/);
    }
  });

  const USER = '00000000-0000-4000-8000-000000000001';
  const OTHER = '00000000-0000-4000-8000-000000000002';
  const BOOKING = '00000000-0000-4000-8000-0000000000b1';
  const OTHER_BOOKING = '00000000-0000-4000-8000-0000000000b2';
  const keys: Record<string, QueryKey> = {
    user: trpc.support.user.queryKey({ userId: USER }),
    otherUser: trpc.support.user.queryKey({ userId: OTHER }),
    userTrail: trpc.support.trail.queryKey({ userId: USER }),
    bookingTrail: trpc.support.trail.queryKey({ bookingId: BOOKING }),
    booking: trpc.bookings.detail.queryKey({ bookingId: BOOKING }),
    otherBooking: trpc.bookings.detail.queryKey({ bookingId: OTHER_BOOKING }),
    stripe: trpc.support.stripe.queryKey({ userId: USER }),
    payoutAccount: trpc.support.payoutAccount.queryKey({ userId: USER }),
    audit: trpc.audit.search.queryKey(),
    search: trpc.support.search.queryKey({ q: 'sarah' }),
    revenue: trpc.revenue.pathKey(),
    approvals: trpc.approvals.list.queryKey({ view: 'pending' }),
    campaigns: trpc.communications.list.queryKey({ cursor: null, limit: 50 }),
  };

  /** Which of `keys` an entry marks stale, on a cache that holds all of them. */
  async function refreshed(filters: QueryFilters[]): Promise<string[]> {
    const client = new QueryClient();
    for (const key of Object.values(keys)) client.setQueryData(key, { cached: true });
    await Promise.all(filters.map((f) => client.invalidateQueries({ ...f, refetchType: 'none' })));
    return Object.entries(keys)
      .filter(([, key]) => client.getQueryState(key)?.isInvalidated)
      .map(([name]) => name)
      .sort();
  }

  it('a credit adjustment refreshes the card, the ledger (the 360), their trail and the audit — not others', async () => {
    expect(await refreshed(CHANGED_BY.creditAdjusted(USER))).toEqual(['audit', 'user', 'userTrail']);
  });

  it('a note refreshes the person, the booking it is about, both trails and the audit', async () => {
    expect(await refreshed(CHANGED_BY.noteAdded(USER, BOOKING))).toEqual([
      'audit',
      'booking',
      'bookingTrail',
      'user',
      'userTrail',
    ]);
    expect(await refreshed(CHANGED_BY.noteAdded(USER, null))).toEqual(['audit', 'user', 'userTrail']);
  });

  it('a refund refreshes its booking, the 360s, Stripe and the payouts, and leaves other bookings and the search alone', async () => {
    const changed = await refreshed(CHANGED_BY.bookingChanged(BOOKING));
    expect(changed).toEqual(
      ['audit', 'booking', 'bookingTrail', 'otherUser', 'payoutAccount', 'stripe', 'user', 'userTrail'].sort(),
    );
    expect(changed).not.toContain('otherBooking');
    expect(changed).not.toContain('search');
  });

  it('a click-through after a refund never shows pre-refund totals: what changed off screen is dropped, on screen refetched', async () => {
    // The student's page, opened before the refund and not on screen now; the booking's page, on screen.
    const person: QueryKey = trpc.support.user.queryKey({ userId: USER });
    const booking: QueryKey = trpc.bookings.detail.queryKey({ bookingId: BOOKING });
    const search: QueryKey = trpc.support.search.queryKey({ q: 'sarah' });
    queryClient.setQueryData(person, { refundedCents: 9_500 });
    queryClient.setQueryData(search, { results: [] });
    queryClient.setQueryData(booking, { refundedCents: 5_000 });
    const onScreen = new QueryObserver(queryClient, {
      queryKey: booking,
      queryFn: () => Promise.resolve({ refundedCents: 7_000 }),
      staleTime: Infinity,
    });
    const stop = onScreen.subscribe(() => undefined);
    try {
      await refreshAfter(CHANGED_BY.bookingChanged(BOOKING));
      // Not in the cache, so the person's page fetches it before showing it (a stale answer would show first).
      expect(queryClient.getQueryData(person)).toBeUndefined();
      expect(queryClient.getQueryData(booking)).toEqual({ refundedCents: 7_000 });
      // What the refund does not change stays as it was.
      expect(queryClient.getQueryState(search)?.isInvalidated).toBe(false);
      expect(queryClient.getQueryData(search)).toEqual({ results: [] });
    } finally {
      stop();
      queryClient.clear();
    }
  });

  it('a reveal refreshes only the person’s audit trail, their trail and the audit list', async () => {
    expect(await refreshed(CHANGED_BY.piiRevealed(USER))).toEqual(['audit', 'user', 'userTrail']);
  });

  it('a payout hold refreshes the instructor’s payout account', async () => {
    expect(await refreshed(CHANGED_BY.instructorChanged(USER))).toContain('payoutAccount');
  });

  it('an approved refund refreshes its booking as the refund itself would, plus the approvals; a rejection the pages that showed it waiting', async () => {
    const request = { action: 'refunds.create', resourceType: 'booking', resourceId: BOOKING };
    const approved = await refreshed(changedByDecision(request, true));
    expect(approved).toEqual([...(await refreshed(CHANGED_BY.bookingChanged(BOOKING))), 'approvals'].sort());
    expect(approved).not.toContain('otherBooking');
    // Rejected or failed, nothing moved: no Stripe, no payouts; but the booking's page and both people's no longer
    // show it waiting, and their trails gain the decision's audit row.
    expect(await refreshed(changedByDecision(request, false))).toEqual(
      ['approvals', 'audit', 'booking', 'bookingTrail', 'otherUser', 'user', 'userTrail'].sort(),
    );
    expect(
      await refreshed(changedByDecision({ action: 'students.suspend', resourceType: 'user', resourceId: USER }, false)),
    ).toEqual(['approvals', 'audit', 'bookingTrail', 'user', 'userTrail']);
  });

  it('an approved campaign refreshes the campaigns; an action the map does not know refreshes everything', async () => {
    expect(
      await refreshed(changedByDecision({ action: 'communications.send', resourceType: 'campaign', resourceId: 'c1' }, true)),
    ).toEqual(['approvals', 'audit', 'campaigns']);
    expect(await refreshed(changedByDecision({ action: 'jobs.retry', resourceType: 'job', resourceId: 'j1' }, true))).toEqual(
      Object.keys(keys).sort(),
    );
  });
});
