import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRowById, createHarness, rejection, type TestHarness } from '../testing.js';

describe('jobs: queues, history, schedule, retry and discard of dead jobs', () => {
  let h: TestHarness;
  const now = new Date('2026-11-30T12:00:00Z');
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
  let deadId = 0;
  let secondDeadId = 0;
  let failedId = 0;
  const jobRow = (id: number) =>
    h.dbs.api.selectFrom('background_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    h = await createHarness({ now: () => now });
    const ids = await h.dbs.api
      .insertInto('background_jobs')
      .values([
        {
          queue: 'payments',
          task: 'capture_payment',
          status: 'dead',
          attempts: 5,
          max_attempts: 5,
          payload: '{}',
          scheduled_at: at(90),
          started_at: at(89),
          finished_at: at(88),
          error: 'StripeConnectionError: request timed out after 30000ms',
        },
        { queue: 'payments', task: 'capture_payment', status: 'dead', attempts: 5, payload: '{}', scheduled_at: at(60) },
        {
          queue: 'payments',
          task: 'capture_payment',
          status: 'failed',
          attempts: 2,
          payload: '{}',
          scheduled_at: at(30),
          error: 'x',
        },
        { queue: 'payments', task: 'capture_payment', status: 'queued', payload: '{}', scheduled_at: at(12) },
        { queue: 'notifications', task: 'send_email', status: 'running', attempts: 1, payload: '{}', scheduled_at: at(1) },
        {
          queue: 'payments',
          task: 'reconcile_refunds',
          status: 'succeeded',
          attempts: 1,
          payload: '{}',
          scheduled_at: at(10),
          started_at: at(10),
          finished_at: at(9),
        },
        { queue: 'payouts', task: 'sync_payout_status', status: 'succeeded', attempts: 1, payload: '{}', scheduled_at: at(200) },
      ])
      .returning('id')
      .execute();
    deadId = Number(ids[0]?.id);
    secondDeadId = Number(ids[1]?.id);
    failedId = Number(ids[2]?.id);
  });
  afterAll(async () => {
    await h.close();
  });

  it('shows each queue with its depth, due, running, failed and dead counts', async () => {
    const overview = await h.caller('oncall').jobs.overview();
    expect(overview.queues).toEqual([
      { queue: 'notifications', depth: 0, due: 0, running: 1, failed: 0, dead: 0, oldestDueSeconds: null },
      { queue: 'payments', depth: 1, due: 1, running: 0, failed: 1, dead: 2, oldestDueSeconds: 720 },
    ]);
  });

  it('shows the periodic schedule with last and next run, and flags a schedule that stopped', async () => {
    const { schedule } = await h.caller('oncall').jobs.overview();
    const refunds = schedule.find((s) => s.task === 'reconcile_refunds');
    expect(refunds).toMatchObject({ lastRunAt: at(10), lastStatus: 'succeeded', nextRunAt: at(-5), late: false });
    const payouts = schedule.find((s) => s.task === 'sync_payout_status');
    expect(payouts).toMatchObject({ lastRunAt: at(200), late: true });
    expect(schedule.find((s) => s.task === 'send_reminders')).toMatchObject({ lastRunAt: null, nextRunAt: null, late: false });
  });

  it("lists the console's own daily retention run, late when it has not run for two days", async () => {
    const threeDays = 3 * 24 * 60;
    await h.dbs.api
      .insertInto('background_jobs')
      .values({
        queue: 'privacy',
        task: 'retention',
        status: 'succeeded',
        attempts: 1,
        payload: '{}',
        scheduled_at: at(threeDays),
      })
      .execute();
    const { schedule } = await h.caller('oncall').jobs.overview();
    expect(schedule.find((s) => s.task === 'retention')).toMatchObject({
      queue: 'privacy',
      everySeconds: 86_400,
      lastRunAt: at(threeDays),
      nextRunAt: at(threeDays - 24 * 60),
      late: true,
    });
  });

  it('lists the dead-letter queue with each job task, attempts, timings and error, newest first, keyset-paged', async () => {
    const page1 = await h.caller('oncall').jobs.list({ status: 'dead', limit: 1 });
    expect(page1.items.map((j) => j.id)).toEqual([secondDeadId]);
    expect(page1.nextCursor).toBe(secondDeadId);
    const page2 = await h.caller('oncall').jobs.list({ status: 'dead', limit: 1, cursor: page1.nextCursor });
    expect(page2.items[0]).toMatchObject({
      id: deadId,
      task: 'capture_payment',
      attempts: 5,
      maxAttempts: 5,
      durationMs: 60_000,
      error: 'StripeConnectionError: request timed out after 30000ms',
    });
    expect(page2.nextCursor).toBeNull();
  });

  it('gives a task its history per day and its latest runs', async () => {
    const history = await h.caller('oncall').jobs.task({ task: 'capture_payment' });
    expect(history.days).toEqual([{ day: '2026-11-30', succeeded: 0, failed: 1, dead: 2, p95Ms: 60_000 }]);
    expect(history.recent.map((j) => j.status)).toEqual(['queued', 'failed', 'dead', 'dead']);
  });

  it("cuts a task's days in the business zone: 02:00 UTC on Nov 30 is Nov 29 in New York", async () => {
    const row = await h.dbs.api
      .insertInto('background_jobs')
      .values({ queue: 'payments', task: 'zone_probe', status: 'succeeded', attempts: 1, payload: '{}', scheduled_at: at(600) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const history = await h.caller('oncall').jobs.task({ task: 'zone_probe' });
    await h.dbs.api.deleteFrom('background_jobs').where('id', '=', row.id).execute();
    expect(history.days.map((d) => [d.day, d.succeeded])).toEqual([['2026-11-29', 1]]);
  });

  it('refuses bad filters naming the field', async () => {
    await expect(h.caller('oncall').jobs.list({ status: 'lost' as never })).rejects.toThrow(/status/);
    await expect(h.caller('oncall').jobs.task({ task: "x' or 1=1" })).rejects.toThrow(/task/);
  });

  it('retries a dead job through preview and confirm, audited in the same transaction', async () => {
    const caller = h.caller('oncall');
    const preview = await caller.jobs.retry.preview({ id: deadId });
    expect(preview.effects.map((e) => e.label)).toEqual([
      `Requeue job #${deadId} (capture_payment on payments) on payments, due now`,
      'Reset its attempts from 5 to 0 of 5',
    ]);
    expect((await jobRow(deadId)).status).toBe('dead');
    const result = await caller.jobs.retry.execute({ confirmToken: preview.confirmToken, reason: 'Stripe is back' });
    const job = await jobRow(deadId);
    expect(job).toMatchObject({ status: 'queued', attempts: 0, error: null });
    expect(new Date(job.scheduled_at).toISOString()).toBe(now.toISOString());
    const audit = await auditRowById(h.dbs.api, result.auditId);
    expect(audit).toMatchObject({ action: 'jobs.retry', resource_id: String(deadId), reason: 'Stripe is back' });
    expect(JSON.stringify(audit.before)).toContain('StripeConnectionError');
  });

  it('discards a dead job (it keeps its row) and refuses jobs that are not dead', async () => {
    const caller = h.caller('admin');
    const preview = await caller.jobs.discard.preview({ id: secondDeadId });
    await caller.jobs.discard.execute({ confirmToken: preview.confirmToken, reason: 'duplicate of a retried job' });
    expect((await jobRow(secondDeadId)).status).toBe('discarded');
    const notDead = await rejection(caller.jobs.retry.preview({ id: failedId }));
    expect(notDead.code).toBe('CONFLICT');
    expect(notDead.message).toMatch(/^id: job \d+ is failed/);
    expect((await rejection(caller.jobs.discard.preview({ id: 999_999 }))).code).toBe('NOT_FOUND');
  });

  it('refuses with CONFLICT to discard a dead job someone retried since the preview, and changes nothing', async () => {
    const { id } = await h.dbs.api
      .insertInto('background_jobs')
      .values({ queue: 'payments', task: 'capture_payment', status: 'dead', attempts: 5, payload: '{}', scheduled_at: at(5) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const discard = await h.caller('admin').jobs.discard.preview({ id });
    const retry = await h.caller('oncall').jobs.retry.preview({ id });
    await h.caller('oncall').jobs.retry.execute({ confirmToken: retry.confirmToken, reason: 'Stripe is back' });
    const refused = await rejection(
      h.caller('admin').jobs.discard.execute({ confirmToken: discard.confirmToken, reason: 'dup' }),
    );
    expect(refused).toEqual({
      code: 'CONFLICT',
      message: `id: job ${id} is queued; only a dead job can be retried or discarded`,
    });
    expect((await jobRow(id)).status).toBe('queued');
    // A list read before the retry offers the discard again: its preview is the same conflict.
    expect((await rejection(h.caller('admin').jobs.discard.preview({ id }))).code).toBe('CONFLICT');
  });

  it('lets support and exec read but not retry', async () => {
    await expect(h.caller('support').jobs.retry.preview({ id: deadId })).rejects.toThrow(/needs jobs.manage/);
    await expect(h.caller('exec').jobs.overview()).resolves.toBeDefined();
  });
});
