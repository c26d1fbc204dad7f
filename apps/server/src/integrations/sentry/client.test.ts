import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_HOOK_TIMEOUT_MS, insertPaidBooking, insertPeople, type TestPeople } from '../../testing.js';
import { useTestDb } from '../../testing-hooks.js';
import { createSentryClient, SentryError, type SentryClient } from './client.js';
import { startSentryStandin, type SentryStandin } from './standin.js';

const testDb = useTestDb();
let people: TestPeople;
let standin: SentryStandin;
let sentry: SentryClient;

beforeAll(async () => {
  people = await insertPeople(testDb.db);
  standin = await startSentryStandin({ db: testDb.db });
  sentry = createSentryClient({ url: standin.url, org: standin.org, token: standin.token, timeoutMs: 15_000 });
}, DB_HOOK_TIMEOUT_MS);
afterAll(async () => {
  // A failed beforeAll leaves these unset; closing what exists keeps the real error in front.
  await (standin as SentryStandin | undefined)?.close();
});

describe('sentry client against the stand-in', () => {
  it('follows the Link header until results="false"', async () => {
    const before = standin.issueListRequests();
    const issues = await sentry.topIssues({ sort: 'freq', statsPeriod: '24h', limit: 100, pageSize: 5 });
    // 11 unresolved issues in pages of 5: 5 + 5 + 1, the third page's next link says results="false".
    expect(issues).toHaveLength(11);
    expect(standin.issueListRequests() - before).toBe(3);
    expect(new Set(issues.map((i) => i.id)).size).toBe(11);
    const counts = issues.map((i) => i.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    // The sample incident's issue: new, and throwing more than any other.
    expect(issues[0]).toMatchObject({
      title: expect.stringContaining('timeout updating payment') as unknown,
      status: 'unresolved',
    });
    expect(issues[0]?.stats).toHaveLength(24);
    expect(typeof issues[0]?.count).toBe('number');
  });

  it('stops at the limit without reading further pages', async () => {
    const before = standin.issueListRequests();
    const top = await sentry.topIssues({ sort: 'new', statsPeriod: '14d', limit: 3 });
    expect(top).toHaveLength(3);
    expect(standin.issueListRequests() - before).toBe(1);
    expect(top[0]?.stats).toHaveLength(14);
  });

  it('reads an issue, its latest event with parsed stack frames, and the event by id', async () => {
    const top = await sentry.topIssues({ sort: 'freq', statsPeriod: '24h', limit: 3 });
    const first = top.find((i) => i.title.includes('priceCents'));
    if (!first) throw new Error('no checkout issue');
    const detail = await sentry.issue(first.id);
    expect(detail.shortId).toBe(first.shortId);
    const event = await sentry.latestEvent(first.id);
    expect(event.eventId).toMatch(/^[0-9a-f]{32}$/);
    expect(event.exceptions[0]?.type).toBe('TypeError');
    expect(event.exceptions[0]?.frames[0]).toMatchObject({ function: 'createCheckoutSession', inApp: true, lineNo: 58 });
    expect(event.user?.id).toBe(people.sarah.id);
    const byId = await sentry.eventById(event.eventId);
    expect(byId).toMatchObject({ eventId: event.eventId, issueId: first.id, projectSlug: 'api' });
  });

  it("finds the issues of one user by sample user id (sarah.chen's)", async () => {
    const issues = await sentry.issuesForUser(people.sarah.id, { statsPeriod: '14d' });
    expect(issues.length).toBeGreaterThanOrEqual(2);
    expect(issues.map((i) => i.title).join('\n')).toMatch(/priceCents/);
    expect(await sentry.issuesForUser('00000000-0000-0000-0000-000000000000', { statsPeriod: '14d' })).toEqual([]);
  });

  it("surfaces Sentry's 404 detail and a bad token", async () => {
    const missing = await sentry.issue('999999').then(
      () => null,
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(SentryError);
    expect(missing).toMatchObject({ status: 404, message: 'The requested resource does not exist' });
    const bad = createSentryClient({ url: standin.url, org: standin.org, token: 'nope', timeoutMs: 15_000 });
    expect(await bad.issue('4000').catch((e: unknown) => e)).toMatchObject({ status: 401, message: 'Invalid token' });
  });
});

describe("the stand-in's planted story", () => {
  it("tags the failed refund's event with the booking and person it acted on, inside its issue's first and last seen", async () => {
    const paid = await insertPaidBooking(testDb.db, people, { amountCents: 9_000, status: 'captured' });
    // A refund requested three days ago, older than the template says its issue was first seen.
    const at = new Date(Date.now() - 3 * 86_400_000).toISOString();
    await testDb.db
      .insertInto('audit_log')
      .values({
        occurred_at: at,
        actor_email: 'a@ops.example',
        action: 'refunds.create',
        resource_type: 'booking',
        resource_id: paid.bookingId,
        request_id: 'req_plantedstory01',
      })
      .execute();
    const planted = await startSentryStandin({ db: testDb.db });
    try {
      const client = createSentryClient({ url: planted.url, org: planted.org, token: planted.token, timeoutMs: 15_000 });
      const [ref] = await client.eventsForRequest('req_plantedstory01', { statsPeriod: '14d' });
      if (!ref) throw new Error('no event carries the planted request');
      const event = await client.eventById(ref.eventId);
      const tagged = await client.issuesForTag('booking_id', paid.bookingId, { statsPeriod: '14d' });
      expect(tagged.map((i) => i.id)).toContain(event.issueId);
      const issue = { id: event.issueId };
      expect(event.tags).toMatchObject({
        request_id: 'req_plantedstory01',
        booking_id: paid.bookingId,
        payment_intent: paid.intentId,
      });
      expect(event.user?.id).toBe(people.sarah.id);
      const detail = await client.issue(issue.id);
      expect(Date.parse(detail.firstSeen ?? '')).toBeLessThanOrEqual(Date.parse(event.dateCreated ?? ''));
      expect(Date.parse(detail.lastSeen ?? '')).toBeGreaterThanOrEqual(Date.parse(event.dateCreated ?? ''));
    } finally {
      await planted.close();
    }
  });
});
