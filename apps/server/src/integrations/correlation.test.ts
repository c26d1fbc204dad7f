import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAxiomClient, type AxiomClient } from './axiom/client.js';
import { startAxiomStandin, type AxiomStandin } from './axiom/standin.js';
import { createSentryClient, type SentryClient } from './sentry/client.js';
import { startSentryStandin, type SentryStandin } from './sentry/standin.js';
import { createPrometheusClient } from './prometheus/client.js';
import { CATALOG } from './prometheus/catalog.js';
import { startPrometheusStandin, type PrometheusStandin } from './prometheus/standin.js';
import { insertPaidBooking, insertPeople, type PaidBooking, type TestPeople } from '../testing.js';
import { useTestDb } from '../testing-hooks.js';

/**
 * The stand-ins' sample data carries the ids the console correlates by: Sentry events tagged with a booking and
 * its payment intent, Axiom lines naming the person and the booking a request was about.
 */
const testDb = useTestDb();
let people: TestPeople;
let older: PaidBooking;
let latest: PaidBooking;
let sentryStandin: SentryStandin;
let axiomStandin: AxiomStandin;
let promStandin: PrometheusStandin;
let sentry: SentryClient;
let axiom: AxiomClient;

beforeAll(async () => {
  people = await insertPeople(testDb.db);
  older = await insertPaidBooking(testDb.db, people, { amountCents: 5_000, status: 'captured' });
  await new Promise((r) => setTimeout(r, 5));
  latest = await insertPaidBooking(testDb.db, people, { amountCents: 7_000, status: 'captured' });
  // Two api releases: one deployed days ago, one half an hour ago (the stand-in's events span the last hours).
  await testDb.db
    .insertInto('deploys')
    .values([
      {
        service: 'api',
        version: '4.1.0',
        sha: 'a'.repeat(40),
        deployed_at: new Date(Date.now() - 3 * 86_400_000),
        deployed_by: 'ci',
      },
      {
        service: 'api',
        version: '4.2.0',
        sha: 'b'.repeat(40),
        deployed_at: new Date(Date.now() - 30 * 60_000),
        deployed_by: 'ci',
      },
    ])
    .execute();
  sentryStandin = await startSentryStandin({ db: testDb.db });
  axiomStandin = await startAxiomStandin({ db: testDb.db });
  promStandin = await startPrometheusStandin({ db: testDb.db });
  sentry = createSentryClient({ url: sentryStandin.url, org: sentryStandin.org, token: sentryStandin.token, timeoutMs: 15_000 });
  axiom = createAxiomClient({
    url: axiomStandin.url,
    token: axiomStandin.token,
    dataset: axiomStandin.dataset,
    timeoutMs: 15_000,
  });
});
afterAll(async () => {
  await (sentryStandin as SentryStandin | undefined)?.close();
  await (axiomStandin as AxiomStandin | undefined)?.close();
  await (promStandin as PrometheusStandin | undefined)?.close();
});

describe('ids the trail correlates by', () => {
  it('Sentry finds the issues tagged with a booking or its payment intent, and none for another booking', async () => {
    const byBooking = await sentry.issuesForTag('booking_id', latest.bookingId, { statsPeriod: '14d' });
    expect(byBooking.length).toBeGreaterThan(0);
    const byIntent = await sentry.issuesForTag('payment_intent', latest.intentId, { statsPeriod: '14d' });
    expect(byIntent.map((i) => i.id).sort()).toEqual(byBooking.map((i) => i.id).sort());
    expect(await sentry.issuesForTag('booking_id', older.bookingId, { statsPeriod: '14d' })).toEqual([]);
    await expect(sentry.issuesForTag('booking_id', 'x" OR "y', { statsPeriod: '14d' })).rejects.toThrow(/invalid/);
  });

  it("a Sentry event's release is the one its service's deploys say ran when it happened", async () => {
    const deploys = await testDb.db.selectFrom('deploys').select(['service', 'version', 'deployed_at']).execute();
    const issues = await sentry.topIssues({ sort: 'freq', statsPeriod: '24h', limit: 25 });
    const releases = new Set<string>();
    for (const issue of issues.filter((i) => i.project.slug === 'api')) {
      const event = await sentry.latestEvent(issue.id);
      const at = Date.parse(event.dateCreated ?? '');
      const ran = deploys
        .filter((d) => d.service === 'api' && new Date(d.deployed_at).getTime() <= at)
        .sort((a, b) => new Date(b.deployed_at).getTime() - new Date(a.deployed_at).getTime())[0];
      expect(event.tags.release).toBe(`api@${ran?.version ?? ''}`);
      releases.add(event.tags.release ?? '');
    }
    expect(releases.size).toBeGreaterThan(0);
  });

  it('Axiom lines about Sarah are requests about her, naming one of her bookings', async () => {
    const lines = await axiom.logsForUser(people.sarah.id, '24h');
    expect(lines.length).toBeGreaterThan(0);
    const mine = new Set([older.bookingId, latest.bookingId]);
    for (const l of lines) {
      expect(['bookings.byId', 'webhooks.stripe']).toContain(l.operation);
      expect(mine.has(String(l.fields.booking_id))).toBe(true);
    }
  });

  it('the 5xx spike Prometheus puts on one endpoint is failing lines of that route in Axiom and an issue raised there in Sentry', async () => {
    const prom = createPrometheusClient({ url: promStandin.url, timeoutMs: 15_000 });
    const promql = CATALOG.find((m) => m.id === 'errors_by_endpoint')?.promql ?? '';
    const { result } = await prom.query(promql);
    const top = result.type === 'vector' ? [...result.series].sort((a, b) => b.sample.value - a.sample.value)[0] : undefined;
    const route = top?.metric.route ?? '';
    expect(route).toBe('/webhooks/stripe');
    expect(top?.sample.value).toBeGreaterThan(0.5);

    const end = new Date();
    const lines = await axiom.search({ start: new Date(end.getTime() - 3_600_000), end, route, limit: 1000 });
    const finished = lines.filter((l) => l.status !== null);
    const failed = finished.filter((l) => (l.status ?? 0) >= 500);
    expect(failed.length).toBeGreaterThanOrEqual(3);
    // The spike is recent: the last half hour's lines for the route fail, as the chart's last points say.
    const recent = finished.filter((l) => Date.parse(l.time) > end.getTime() - 20 * 60_000);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((l) => (l.status ?? 0) >= 500)).toBe(true);

    const [issue] = await sentry.topIssues({ sort: 'freq', statsPeriod: '24h', limit: 1 });
    const event = await sentry.latestEvent(issue?.id ?? '');
    expect(event.request?.url).toMatch(new RegExp(`${route}$`));
    expect(failed.map((l) => l.message)).toContain(`webhook handler failed: ${issue?.title.replace(/^Error: /, '') ?? ''}`);
  });

  it("every Sentry event's request id opens that request's log lines, which end in its failure", async () => {
    const issues = await sentry.topIssues({ sort: 'freq', statsPeriod: '24h', limit: 100 });
    expect(issues.length).toBeGreaterThan(5);
    for (const issue of issues) {
      const event = await sentry.latestEvent(issue.id);
      const requestId = event.tags.request_id ?? '';
      expect(requestId, issue.title).toMatch(/^req_/);
      const lines = await axiom.logsForRequest(requestId);
      expect(lines.length, `${issue.title}: ${requestId}`).toBeGreaterThan(0);
      expect(lines.at(-1)?.status ?? 0, issue.title).toBeGreaterThanOrEqual(500);
      // The event happened when its request ended (the stand-ins started a moment apart).
      expect(Math.abs(Date.parse(lines.at(-1)?.time ?? '') - Date.parse(event.dateCreated ?? ''))).toBeLessThan(60_000);
    }
  });
});
