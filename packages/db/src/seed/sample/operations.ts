import { MARKETPLACE_BEAT, MARKETPLACE_QUEUES, MARKETPLACE_TASKS } from '@ops/shared';
import { DAY, HOUR, finishedJobRow, genTs, iso } from '../factories.js';
import type { Rng } from '../prng.js';
import { emptyRowSet, type RowSet } from '../row-set.js';

/** The marketplace's job queue over the last three days and its deploy history (shared with the bench set). */
export function buildOperationsRows(rng: Rng, nowMs: number, historyDays: number): RowSet {
  const out = emptyRowSet();
  // Background jobs over the last three days: the per-booking tasks as bookings come, and the beat's on its schedule.
  for (const beat of MARKETPLACE_BEAT) {
    const everyMs = beat.everySeconds * 1000;
    // On the interval's boundaries, as a cron schedule runs; the last one at or before now.
    for (let ms = Math.floor((nowMs - 3 * DAY) / everyMs) * everyMs + everyMs, i = 0; ms <= nowMs; ms += everyMs, i++)
      out.background_jobs.push(
        finishedJobRow({
          queue: beat.queue,
          task: beat.task,
          status: 'succeeded',
          atMs: ms,
          tookMs: 1_000 + ((i * 7_919) % 20_000),
        }),
      );
  }
  // One capture gave up two hours ago, always (on-call's dead-letter story: the count on the command center opens it,
  // and it can be retried); chance adds at most two more dead jobs.
  const deadCaptureAt = nowMs - 2 * HOUR;
  let deadCapturePlanted = false;
  let dead = 0;
  for (let ms = nowMs - 3 * DAY; ms < nowMs - 5 * 60_000; ms += rng.int(60, 300) * 1000) {
    if (!deadCapturePlanted && ms >= deadCaptureAt) {
      deadCapturePlanted = true;
      out.background_jobs.push(
        finishedJobRow({
          queue: 'payments',
          task: 'capture_payment',
          status: 'dead',
          atMs: deadCaptureAt,
          tookMs: 30_800,
          attempts: 5,
          error: 'StripeConnectionError: request timed out after 30000ms',
        }),
      );
    }
    const queue = rng.weighted([
      ['payments', 40],
      ['notifications', 45],
      ['payouts', 15],
    ] as const);
    const task = rng.pick(MARKETPLACE_TASKS[queue]);
    const roll = rng.next();
    const status = dead < 2 && roll < 0.003 ? 'dead' : roll < 0.03 ? 'failed' : 'succeeded';
    if (status === 'dead') dead++;
    const error =
      status === 'succeeded'
        ? null
        : queue === 'notifications'
          ? 'SMTP 451 4.7.1 try again later'
          : queue === 'payments'
            ? 'StripeConnectionError: request timed out after 30000ms'
            : 'StripeInvalidRequestError: No such destination account';
    const attempts = status === 'dead' ? 5 : status === 'failed' ? rng.int(1, 3) : 1;
    out.background_jobs.push(finishedJobRow({ queue, task, status, atMs: ms, tookMs: rng.int(1, 30) * 1000, attempts, error }));
  }
  for (let i = 0; i < 6; i++) {
    const running = i < 3;
    const queue = rng.pick(MARKETPLACE_QUEUES);
    out.background_jobs.push({
      queue,
      task: rng.pick(MARKETPLACE_TASKS[queue]),
      status: running ? 'running' : 'queued',
      attempts: running ? 1 : 0,
      payload: JSON.stringify({}),
      scheduled_at: genTs(nowMs + (running ? -40_000 : rng.int(1, 10) * 60_000)),
      started_at: running ? iso(nowMs - 30_000) : null,
      created_at: genTs(nowMs - 60_000),
    });
  }

  // Deploys: each service every few days, and an api deploy today.
  const deployers = ['ci@deploy', 'jlee', 'mrivera', 'akhan'];
  for (const [service, major] of [
    ['api', 4],
    ['web', 3],
    ['worker', 2],
  ] as const) {
    let minor = 0;
    for (let ms = nowMs - historyDays * DAY + rng.int(0, 3) * DAY; ms < nowMs - 2 * DAY; ms += rng.int(2, 5) * DAY) {
      out.deploys.push({
        id: rng.uuid(),
        service,
        version: `${major}.${Math.floor(minor / 10)}.${minor % 10}`,
        sha: rng.sha(),
        deployed_at: iso(ms),
        deployed_by: rng.pick(deployers),
      });
      minor++;
    }
    if (service === 'api')
      out.deploys.push({
        id: rng.uuid(),
        service,
        version: `${major}.${Math.floor(minor / 10)}.${minor % 10}`,
        sha: rng.sha(),
        deployed_at: iso(nowMs - 2 * HOUR),
        deployed_by: 'ci@deploy',
      });
  }

  return out;
}
