import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBooking, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { writeAudit } from '../domain/audit/write.js';
import { createAxiomClient } from '../integrations/axiom/client.js';
import { startAxiomStandin, type AxiomStandin } from '../integrations/axiom/standin.js';
import { createSentryClient } from '../integrations/sentry/client.js';
import { startSentryStandin, type SentryStandin } from '../integrations/sentry/standin.js';
import { createHarness, noIntegrations, type TestHarness } from '../testing.js';

/**
 * The logs page's reads through the real Axiom and Sentry clients against their stand-ins: a request id audited in
 * our database is found in the logs, on a Sentry event and in the audit log, in one answer.
 */
let h: TestHarness;
let axiom: AxiomStandin;
let sentry: SentryStandin;
const integrations = noIntegrations({ sentry: true, axiom: true });
const REQUEST_ID = 'req_failedrefund0001';
let bookingId = '';
let auditId = 0;

beforeAll(async () => {
  h = await createHarness({ integrations });
  const db = h.dbs.api;
  const student = await seedStudent(db);
  const teacher = await seedInstructor(db);
  const booking = await seedBooking(db, { studentId: student.id, instructorId: teacher.user.id, status: 'confirmed' });
  bookingId = booking.booking.id;
  auditId = await writeAudit(
    db,
    h.staff.admin,
    { requestId: REQUEST_ID, ip: '10.0.0.1', userAgent: 'test' },
    {
      action: 'refunds.create',
      resourceType: 'booking',
      resourceId: bookingId,
      reason: 'Instructor did not show up',
    },
  );
  [axiom, sentry] = await Promise.all([
    startAxiomStandin({ db }),
    startSentryStandin({ db, org: 'acme', token: 'sentry-token' }),
  ]);
  integrations.axiom = createAxiomClient({ url: axiom.url, token: axiom.token, dataset: axiom.dataset, timeoutMs: 5_000 });
  integrations.sentry = createSentryClient({ url: sentry.url, org: 'acme', token: 'sentry-token', timeoutMs: 5_000 });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await Promise.all([axiom?.close(), sentry?.close()]);
});

describe('logs.request: one request from every side', () => {
  it("stitches the request's log lines, the Sentry event carrying it and our audit row", async () => {
    const trace = await h.caller('oncall').logs.request({ requestId: REQUEST_ID });
    expect(trace.logs.source.state).toBe('ok');
    expect(trace.logs.lines?.map((l) => l.message)).toEqual([
      'request started',
      'audit row written',
      'stripe follow-up failed: Request aborted due to timeout being reached (8000ms)',
    ]);
    expect(trace.logs.lines?.at(-1)).toMatchObject({ level: 'error', status: 502, bookingId, requestId: REQUEST_ID });
    expect(trace.errors.source.state).toBe('ok');
    expect(trace.errors.events).toHaveLength(1);
    expect(trace.errors.events?.[0]?.title).toMatch(/^StripeConnectionError/);
    expect(trace.audit).toEqual([
      expect.objectContaining({
        id: auditId,
        action: 'refunds.create',
        resourceId: bookingId,
        reason: 'Instructor did not show up',
      }),
    ]);
  });

  it('opens the Sentry event by its id, with the request id it carries', async () => {
    const trace = await h.caller('oncall').logs.request({ requestId: REQUEST_ID });
    const eventId = trace.errors.events?.[0]?.eventId ?? '';
    const view = await h.caller('oncall').logs.event({ eventId: eventId.toUpperCase() });
    expect(view.source.state).toBe('ok');
    expect(view.event).toMatchObject({ eventId, requestId: REQUEST_ID });
    expect(view.event?.exceptions[0]?.frames.length).toBeGreaterThan(0);
    const missing = await h.caller('oncall').logs.event({ eventId: '0'.repeat(32) });
    expect(missing).toMatchObject({ source: { state: 'ok' }, event: null });
  });

  it('leaves the audit rows out for a role that may not read the audit log', async () => {
    const trace = await h.caller('exec').logs.request({ requestId: REQUEST_ID });
    expect(trace.audit).toBeNull();
    expect(trace.logs.lines?.length).toBe(3);
  });

  it('still shows the audit row when Axiom and Sentry are not configured', async () => {
    const saved = { axiom: integrations.axiom, sentry: integrations.sentry };
    integrations.axiom = null;
    integrations.sentry = null;
    try {
      const trace = await h.caller('oncall').logs.request({ requestId: REQUEST_ID });
      expect(trace.logs).toEqual({ source: expect.objectContaining({ state: 'not_configured' }), lines: null });
      expect(trace.errors.source.state).toBe('not_configured');
      expect(trace.audit?.map((a) => a.id)).toEqual([auditId]);
    } finally {
      Object.assign(integrations, saved);
    }
  });
});

describe('logs.search', () => {
  it('filters by level, status and time range', async () => {
    const result = await h.caller('oncall').logs.search({ period: '24h', level: 'error', status: 500 });
    expect(result.source.state).toBe('ok');
    expect(result.lines?.length).toBeGreaterThan(0);
    expect(result.lines?.every((l) => l.level === 'error' && l.status === 500)).toBe(true);
    expect(Date.parse(result.range.to) - Date.parse(result.range.from)).toBe(86_400_000);
  });

  it('filters by route and by booking id', async () => {
    const byRoute = await h.caller('oncall').logs.search({ period: '24h', route: '/trpc/support.search' });
    expect(byRoute.lines?.length).toBeGreaterThan(0);
    expect(byRoute.lines?.every((l) => l.route === '/trpc/support.search')).toBe(true);
    const from = new Date(Date.now() - 200 * 86_400_000).toISOString();
    const byBooking = await h.caller('oncall').logs.search({ from, to: new Date().toISOString(), bookingId });
    expect(byBooking.lines?.some((l) => l.requestId === REQUEST_ID)).toBe(true);
  });

  it("filters by operation, finding a worker job's lines, which have no route", async () => {
    const byOperation = await h.caller('oncall').logs.search({ period: '24h', operation: 'jobs.capturePayments' });
    expect(byOperation.lines?.length).toBeGreaterThan(0);
    expect(byOperation.lines?.every((l) => l.operation === 'jobs.capturePayments' && l.route === null)).toBe(true);
    await expect(h.caller('oncall').logs.search({ operation: 'jobs" or true' })).rejects.toThrow(/^operation: /);
  });

  it('lists only the requests slower than a duration: those that missed a latency SLO of it', async () => {
    const result = await h.caller('oncall').logs.search({ period: '6h', minDurationMs: 500, limit: 500 });
    expect(result.source.state).toBe('ok');
    const lines = result.lines ?? [];
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.status !== null && l.durationMs !== null && l.durationMs > 500)).toBe(true);
    const slo = await integrations.axiom?.latencySlo('6h', 500);
    expect(slo && slo.total - slo.within).toBe(lines.length);
  });

  it('refuses bad filters naming the field', async () => {
    await expect(h.caller('oncall').logs.search({ status: 42 })).rejects.toThrow(/^status: /);
    await expect(h.caller('oncall').logs.search({ minDurationMs: 0 })).rejects.toThrow(/^minDurationMs: /);
    await expect(h.caller('oncall').logs.search({ minDurationMs: 'slow' })).rejects.toThrow(/^minDurationMs: /);
    await expect(h.caller('oncall').logs.search({ route: 'no-slash' })).rejects.toThrow(/^route: /);
    await expect(h.caller('oncall').logs.request({ requestId: 'req" or true' })).rejects.toThrow(/^requestId: /);
    // A word is no request id: refused, naming the field, rather than an empty trace.
    await expect(h.caller('oncall').logs.request({ requestId: 'hello' })).rejects.toThrow(/^requestId: .*request id/);
    await expect(h.caller('oncall').logs.event({ eventId: 'abc' })).rejects.toThrow(/^eventId: /);
    await expect(h.caller('oncall').logs.search({ from: '2026-11-30T12:00:00Z', to: '2026-11-30T11:00:00Z' })).rejects.toThrow(
      /from must be before to/,
    );
  });
});
