import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandles } from '@ops/db';
import { seedBooking, seedCategoriesAndServices, seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { createTestDatabase } from '@ops/db/testing';
import { assessOverall } from './assess.js';
import { createPoolSampler } from './pool-sampler.js';
import { failedWebhooksFilter, failedWebhooksHref } from '@ops/shared';
import { listWebhookEvents } from '../webhooks/ledger.js';
import { listJobs } from '../jobs/queries.js';
import { growthHealth, jobsHealth, paymentsHealth, webhooksHealth } from './postgres-sources.js';

const NOW = new Date('2026-11-20T18:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

let dbs: DbHandles;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ dbs, drop } = await createTestDatabase());
  const db = dbs.api;
  await seedCategoriesAndServices(db);
  const student = await seedStudent(db, { created_at: new Date(NOW.getTime() - 1 * HOUR) });
  const older = await seedStudent(db, { created_at: new Date(NOW.getTime() - 25 * HOUR) });
  // Signups are funnel signup events (the funnel counts the same ones); the second signup event of a person is not a
  // new signup, and one after yesterday's same time of day does not count for yesterday.
  await db
    .insertInto('funnel_events')
    .values([
      { user_id: student.id, stage: 'signup', category_id: null, occurred_at: new Date(NOW.getTime() - 1 * HOUR).toISOString() },
      { user_id: older.id, stage: 'signup', category_id: null, occurred_at: new Date(NOW.getTime() - 25 * HOUR).toISOString() },
      { user_id: older.id, stage: 'signup', category_id: null, occurred_at: new Date(NOW.getTime() - 2 * HOUR).toISOString() },
      { user_id: null, stage: 'signup', category_id: null, occurred_at: new Date(NOW.getTime() - 3 * HOUR).toISOString() },
      {
        user_id: '00000000-0000-4000-8000-00000000abcd',
        stage: 'signup',
        category_id: null,
        occurred_at: new Date(NOW.getTime() - 23 * HOUR).toISOString(),
      },
    ])
    .execute();
  const { user: instructor } = await seedInstructor(db);
  const base = { studentId: student.id, instructorId: instructor.id, now: NOW, createdAt: new Date(NOW.getTime() - 2 * HOUR) };
  // A capture 3 h late, an authorisation 1 h late, one capture late by less than the grace, one failure 2 h ago, one failure 30 h ago.
  const lateCapture = await seedBooking(db, { ...base, status: 'completed', paymentStatus: 'authorized', priceCents: 9_000 });
  await db
    .updateTable('payments')
    .set({ capture_at: new Date(NOW.getTime() - 3 * HOUR) })
    .where('id', '=', lateCapture.payment.id)
    .execute();
  const lateAuth = await seedBooking(db, { ...base, status: 'confirmed', paymentStatus: 'pending', priceCents: 5_000 });
  await db
    .updateTable('payments')
    .set({ authorize_at: new Date(NOW.getTime() - HOUR) })
    .where('id', '=', lateAuth.payment.id)
    .execute();
  const notYet = await seedBooking(db, { ...base, status: 'completed', paymentStatus: 'authorized' });
  await db
    .updateTable('payments')
    .set({ capture_at: new Date(NOW.getTime() - 5 * MIN) })
    .where('id', '=', notYet.payment.id)
    .execute();
  const failed = await seedBooking(db, { ...base, status: 'pending', paymentStatus: 'failed' });
  await db
    .updateTable('payments')
    .set({ failed_at: new Date(NOW.getTime() - 2 * HOUR), authorize_at: null })
    .where('id', '=', failed.payment.id)
    .execute();
  const oldFail = await seedBooking(db, {
    ...base,
    status: 'pending',
    paymentStatus: 'failed',
    createdAt: new Date(NOW.getTime() - 40 * HOUR),
  });
  await db
    .updateTable('payments')
    .set({ failed_at: new Date(NOW.getTime() - 30 * HOUR), authorize_at: null })
    .where('id', '=', oldFail.payment.id)
    .execute();
  await db
    .insertInto('refunds')
    .values({
      booking_id: lateCapture.booking.id,
      student_id: student.id,
      amount_cents: 2_500,
      method: 'card',
      policy_rule: 'test',
      status: 'pending',
    })
    .execute();

  await db
    .insertInto('webhook_events')
    .values([
      {
        source: 'stripe',
        event_id: 'evt_1',
        type: 'payment_intent.succeeded',
        status: 'failed',
        headers: '{}',
        received_at: new Date(NOW.getTime() - HOUR),
      },
      {
        source: 'stripe',
        event_id: 'evt_2',
        type: 'charge.refunded',
        status: 'failed',
        headers: '{}',
        received_at: new Date(NOW.getTime() - 48 * HOUR),
      },
      {
        source: 'checkr',
        event_id: 'chk_1',
        type: 'report.completed',
        status: 'failed',
        headers: '{}',
        received_at: new Date(NOW.getTime() - 2 * HOUR),
      },
      // Permanent failures (an event about a payment we do not have, a replay its handler refused): a replay cannot fix
      // them, a person reconciles them by hand; they count with the rest.
      {
        source: 'stripe',
        event_id: 'evt_4',
        type: 'payment_intent.succeeded',
        status: 'failed',
        retryable: false,
        headers: '{}',
        received_at: new Date(NOW.getTime() - 3 * HOUR),
      },
      {
        source: 'stripe',
        event_id: 'evt_5',
        type: 'charge.refunded',
        status: 'failed',
        retryable: true,
        headers: '{}',
        received_at: new Date(NOW.getTime() - 23 * HOUR),
      },
      {
        source: 'stripe',
        event_id: 'evt_3',
        type: 'payment_intent.succeeded',
        status: 'processed',
        headers: '{}',
        received_at: new Date(NOW.getTime() - HOUR),
      },
    ])
    .execute();

  const job = (queue: string, status: 'queued' | 'running' | 'failed' | 'dead' | 'succeeded', scheduledMsAgo: number) => ({
    queue,
    task: 'send',
    status,
    payload: '{}',
    scheduled_at: new Date(NOW.getTime() - scheduledMsAgo),
  });
  await db
    .insertInto('background_jobs')
    .values([
      job('email', 'queued', 10 * MIN),
      job('email', 'queued', -10 * MIN),
      job('email', 'dead', HOUR),
      job('payments', 'failed', HOUR),
      // Failed jobs finished 2 h and 30 h ago: one inside the command center's 24 h, one before it.
      { ...job('payments', 'failed', 2 * HOUR), finished_at: new Date(NOW.getTime() - 2 * HOUR) },
      { ...job('email', 'failed', 30 * HOUR), finished_at: new Date(NOW.getTime() - 30 * HOUR) },
      job('payments', 'running', MIN),
      job('payments', 'succeeded', HOUR),
    ])
    .execute();
}, 60_000);

afterAll(async () => {
  await drop();
});

describe('command center Postgres sources', () => {
  it('counts payments overdue against their scheduled times (past the grace), failures in 24 h and pending refunds', async () => {
    const p = await paymentsHealth(dbs.api, NOW);
    expect(p.capturesOverdue).toBe(1);
    expect(p.authorizationsOverdue).toBe(1);
    expect(p.overdueAmountCents).toBe(14_000);
    expect(p.failures24h).toBe(1);
    expect(p.pendingRefunds).toBe(1);
    expect(p.pendingRefundsCents).toBe(2_500);
    expect(p.overdue.map((o) => o.kind).sort()).toEqual(['authorize', 'capture']);
  });

  it('counts every failed webhook, in 24 h split into retryable and permanent, and in total by source', async () => {
    const w = await webhooksHealth(dbs.api, NOW);
    expect(w).toMatchObject({ failed24h: 4, retryable24h: 3, permanent24h: 1, failedTotal: 5 });
    expect(w.since).toBe('2026-11-19T18:00:00.000Z');
    expect(w.bySource).toEqual([
      { source: 'checkr', failed: 1 },
      { source: 'stripe', failed: 4 },
    ]);
  });

  it("lists through a figure's link exactly the events the figure counts", async () => {
    const w = await webhooksHealth(dbs.api, NOW);
    const list = (since: string | null, retryable: boolean | null = null) =>
      listWebhookEvents(dbs.api, { ...failedWebhooksFilter(since, retryable), limit: 200 });
    const [day, retryable, permanent, all] = await Promise.all([
      list(w.since),
      list(w.since, true),
      list(w.since, false),
      list(null),
    ]);
    expect(day.items).toHaveLength(w.failed24h);
    expect(retryable.items).toHaveLength(w.retryable24h);
    expect(permanent.items.map((i) => i.eventId)).toEqual(['evt_4']);
    expect(all.items).toHaveLength(w.failedTotal);
    // The figure's link is the ledger's plain failed view of the window, the one the alert's count matches.
    expect(Object.fromEntries(new URL(failedWebhooksHref(w.since), 'http://console').searchParams)).toEqual({
      status: 'failed',
      since: w.since,
    });
    expect(new URL(failedWebhooksHref(w.since, false), 'http://console').searchParams.get('retryable')).toBe('false');
  });

  it('reports queue depth, due jobs, failures and dead letters per queue', async () => {
    const j = await jobsHealth(dbs.api, NOW);
    expect(j).toMatchObject({ queued: 2, due: 1, running: 1, failed: 3, failed24h: 1, dead: 1, oldestDueSeconds: 600 });
    expect(j.queues.find((q) => q.queue === 'email')).toEqual({ queue: 'email', queued: 2, failed: 1, dead: 1 });
  });

  it("lists through the failed-jobs figure's link exactly the jobs it counts: failed, finished in the last 24 h", async () => {
    const j = await jobsHealth(dbs.api, NOW);
    expect(j.failedSince).toBe('2026-11-19T18:00:00.000Z');
    const page = await listJobs(dbs.api, { status: 'failed', since: j.failedSince, limit: 200 });
    expect(page.items).toHaveLength(j.failed24h);
    expect(page.items.every((i) => i.finishedAt !== null && i.finishedAt >= j.failedSince)).toBe(true);
  });

  it('compares today with yesterday up to the same time of day', async () => {
    const g = await growthHealth(dbs.api, NOW, 'America/New_York');
    expect(g.signupsToday).toBe(1);
    expect(g.signupsYesterday).toBe(1);
    expect(g.bookingsToday).toBe(4);
  });

  it('turns the figures into one verdict with links to where to look', async () => {
    const [payments, webhooks, jobs] = await Promise.all([
      paymentsHealth(dbs.api, NOW),
      webhooksHealth(dbs.api, NOW),
      jobsHealth(dbs.api, NOW),
    ]);
    const ok = { state: 'ok' as const, latencyMs: 1, error: null, sample: false };
    const sampler = createPoolSampler(() => [{ pool: 'api', size: 10, inUse: 10, waiting: 3 }], {
      timer: false,
      windowMs: 10_000,
    });
    for (let t = 0; t <= 10_000; t += 1_000) sampler.sample(t);
    const overall = assessOverall({
      sources: [
        { source: 'payments', ...ok },
        { source: 'sentry', state: 'down', latencyMs: 2000, error: 'timeout', sample: false },
      ],
      stability: {
        logs: null,
        errorRate: { metricId: 'error_rate', value: 0.07 },
        p99LatencySeconds: null,
        requestRate: null,
        topErrors: null,
        alerts: null,
        deploys: null,
      },
      money: { payments, webhooks },
      growth: null,
      operations: { jobs, pool: sampler.summary({ api: 10 }, 10_000), redis: null },
    });
    expect(overall.level).toBe('critical');
    expect(overall.problems[0]?.message).toContain('Error rate 7.00 %');
    expect(overall.problems.find((p) => p.href === failedWebhooksHref(webhooks.since))?.message).toBe(
      '4 webhooks failed in 24 h: 1 permanent (reconcile by hand), 3 retryable (a replay may fix)',
    );
    expect(overall.problems.some((p) => p.message.includes('api had requests waiting 100 % of the last 10 s (peak 3)'))).toBe(
      true,
    );
    expect(overall.unavailable).toEqual(['sentry']);
  });
});
