import { sql } from 'kysely';
import type { Db } from '@ops/db';
import {
  failedJobsSince,
  failedWebhooksSince,
  yesterdayByNow,
  type GrowthHealth,
  type JobsHealth,
  type PaymentsHealth,
  type RefundAttention,
  type WebhooksHealth,
} from '@ops/shared';
import { countSignups } from '../analytics/signups.js';
import { isOverdue, overdueCutoff, overduePayments } from '../payments/overdue.js';

/**
 * The command center's Postgres sources: each is one cheap aggregate over an indexed status column (no scan of
 * history), so the snapshot stays inside its budget on the bench data set too.
 */

const DAY_MS = 86_400_000;

/** Queue depth, failures (in all and in the last 24 h) and dead letters of the marketplace's job queue, per queue and in total. */
export async function jobsHealth(db: Db, now: Date): Promise<JobsHealth> {
  const failedSince = failedJobsSince(now);
  const rows = await db
    .selectFrom('background_jobs')
    .where('status', 'in', ['queued', 'running', 'failed', 'dead'])
    .select((eb) => [
      'queue',
      sql<number>`count(*) filter (where status = 'queued')::int`.as('queued'),
      sql<number>`count(*) filter (where status = 'queued' and scheduled_at <= ${now})::int`.as('due'),
      sql<number>`count(*) filter (where status = 'running')::int`.as('running'),
      sql<number>`count(*) filter (where status = 'failed')::int`.as('failed'),
      sql<number>`count(*) filter (where status = 'failed' and finished_at >= ${failedSince})::int`.as('failed24h'),
      sql<number>`count(*) filter (where status = 'dead')::int`.as('dead'),
      sql<string | null>`min(scheduled_at) filter (where status = 'queued' and scheduled_at <= ${now})`.as('oldest_due'),
      eb.fn.countAll<number>().as('total'),
    ])
    .groupBy('queue')
    .orderBy('queue')
    .execute();
  let oldest: number | null = null;
  for (const r of rows) {
    if (r.oldest_due !== null) {
      const t = Date.parse(r.oldest_due);
      oldest = oldest === null ? t : Math.min(oldest, t);
    }
  }
  const sum = (k: 'queued' | 'due' | 'running' | 'failed' | 'failed24h' | 'dead') => rows.reduce((s, r) => s + r[k], 0);
  return {
    queued: sum('queued'),
    due: sum('due'),
    running: sum('running'),
    failed: sum('failed'),
    failed24h: sum('failed24h'),
    failedSince,
    dead: sum('dead'),
    oldestDueSeconds: oldest === null ? null : Math.max(0, Math.round((now.getTime() - oldest) / 1000)),
    queues: rows.map((r) => ({ queue: r.queue, queued: r.queued, failed: r.failed, dead: r.dead })),
  };
}

/** A refund still pending after this many settle attempts, or this long, waits for a person (not a silent retry). */
export const REFUND_STUCK_ATTEMPTS = 5;
export const REFUND_STUCK_AFTER_MS = 3_600_000;
/** A failed refund stays on the command center this long unless the booking was refunded again since. */
export const REFUND_FAILED_WINDOW_MS = 7 * DAY_MS;
const ATTENTION_LIMIT = 10;

/**
 * Refunds on-call must look at: pending after REFUND_STUCK_ATTEMPTS attempts or REFUND_STUCK_AFTER_MS, and card
 * refunds that failed in the last week with no refund of the same booking started after them. Both read the
 * (status, created_at) index; the lists are capped, the counts are not.
 */
export async function refundsNeedingAttention(db: Db, now: Date): Promise<PaymentsHealth['refundsNeedingAttention']> {
  const stuckBefore = new Date(now.getTime() - REFUND_STUCK_AFTER_MS).toISOString();
  const failedSince = new Date(now.getTime() - REFUND_FAILED_WINDOW_MS).toISOString();
  const base = () =>
    db
      .selectFrom('refunds as r')
      .innerJoin('bookings as b', 'b.id', 'r.booking_id')
      .select([
        'r.id',
        'r.booking_id',
        'b.short_id',
        'r.amount_cents',
        'r.attempts',
        'r.created_at',
        'r.error',
        sql<number>`count(*) over ()::int`.as('total'),
      ]);
  const [stuck, failed] = await Promise.all([
    base()
      .where('r.status', '=', 'pending')
      .where((eb) => eb.or([eb('r.attempts', '>=', REFUND_STUCK_ATTEMPTS), eb('r.created_at', '<', stuckBefore)]))
      .orderBy('r.created_at')
      .limit(ATTENTION_LIMIT)
      .execute(),
    base()
      .where('r.status', '=', 'failed')
      .where('r.kind', '=', 'refund')
      .where('r.method', '=', 'card')
      .where('r.created_at', '>=', failedSince)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('refunds as later')
              .select('later.id')
              .whereRef('later.booking_id', '=', 'r.booking_id')
              .whereRef('later.created_at', '>', 'r.created_at')
              .where('later.status', '<>', 'failed'),
          ),
        ),
      )
      .orderBy('r.created_at', 'desc')
      .limit(ATTENTION_LIMIT)
      .execute(),
  ]);
  const item =
    (kind: RefundAttention['kind']) =>
    (r: (typeof stuck)[number]): RefundAttention => ({
      kind,
      refundId: r.id,
      bookingId: r.booking_id,
      shortId: r.short_id,
      amountCents: r.amount_cents,
      attempts: r.attempts,
      createdAt: r.created_at,
      error: kind === 'failed' ? r.error : null,
    });
  return {
    stuck: stuck[0]?.total ?? 0,
    failed: failed[0]?.total ?? 0,
    items: [...stuck.map(item('stuck')), ...failed.map(item('failed'))],
  };
}

/**
 * Payments pipeline: authorisations and captures overdue against their scheduled times, failures in the last 24 h,
 * refunds still pending at Stripe, and the refunds that need a person. Small queries on (status, time) indexes, run
 * in parallel.
 */
export async function paymentsHealth(db: Db, now: Date): Promise<PaymentsHealth> {
  const cutoff = overdueCutoff(now);
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const [overdue, totals, refunds, attention] = await Promise.all([
    overduePayments(db, now, 10),
    db
      .selectFrom('payments')
      .select([
        sql<number>`count(*) filter (where status = 'pending' and authorize_at < ${cutoff})::int`.as('authOverdue'),
        sql<number>`count(*) filter (where status = 'authorized' and capture_at < ${cutoff})::int`.as('captureOverdue'),
        sql<number>`coalesce(sum(amount_cents) filter (where status in ('pending', 'authorized')), 0)::bigint`.as('overdueCents'),
        sql<number>`count(*) filter (where status = 'failed' and failed_at >= ${dayAgo})::int`.as('failures24h'),
      ])
      .where((eb) =>
        eb.or([isOverdue(cutoff)(eb), eb.and([eb('status', '=', 'failed'), eb('failed_at', '>=', dayAgo.toISOString())])]),
      )
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('refunds')
      .select([sql<number>`count(*)::int`.as('count'), sql<number>`coalesce(sum(amount_cents), 0)::bigint`.as('cents')])
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow(),
    refundsNeedingAttention(db, now),
  ]);
  return {
    authorizationsOverdue: totals.authOverdue,
    capturesOverdue: totals.captureOverdue,
    overdueAmountCents: Number(totals.overdueCents),
    failures24h: totals.failures24h,
    pendingRefunds: refunds.count,
    pendingRefundsCents: Number(refunds.cents),
    refundsNeedingAttention: attention,
    overdue,
  };
}

/**
 * Failed webhook events (not replayed since): every one received since `failedWebhooksSince(now)`, split into
 * retryable and permanent (shared `failedMayRetry`, the ledger's `retryable` filter), and every one at any time, by
 * source. The ledger's failed view with the same `since` and `retryable` lists exactly what each figure counts.
 */
export async function webhooksHealth(db: Db, now: Date): Promise<WebhooksHealth> {
  const since = failedWebhooksSince(now);
  const rows = await db
    .selectFrom('webhook_events')
    .select([
      'source',
      sql<number>`count(*)::int`.as('failed'),
      sql<number>`count(*) filter (where received_at >= ${since})::int`.as('failed24h'),
      sql<number>`count(*) filter (where received_at >= ${since} and retryable = false)::int`.as('permanent24h'),
    ])
    .where('status', '=', 'failed')
    .groupBy('source')
    .orderBy('source')
    .execute();
  const failed24h = rows.reduce((s, r) => s + r.failed24h, 0);
  const permanent24h = rows.reduce((s, r) => s + r.permanent24h, 0);
  return {
    failed24h,
    retryable24h: failed24h - permanent24h,
    permanent24h,
    since,
    failedTotal: rows.reduce((s, r) => s + r.failed, 0),
    bySource: rows.map((r) => ({ source: r.source, failed: r.failed })),
  };
}

/**
 * Today's bookings and signups against yesterday up to the same time of day (business time zone, shared
 * yesterdayByNow). Signups are the one count of signups (countSignups: first funnel signup events).
 */
export async function growthHealth(db: Db, now: Date, timeZone: string): Promise<GrowthHealth> {
  const { todayStart, yesterdayStart, yesterdaySameTime } = yesterdayByNow(now, timeZone);
  const bookings = db
    .selectFrom('bookings')
    .select([
      sql<number>`count(*) filter (where created_at >= ${todayStart} and created_at <= ${now})::int`.as('today'),
      sql<number>`count(*) filter (where created_at < ${yesterdaySameTime})::int`.as('yesterday'),
    ])
    .where('created_at', '>=', yesterdayStart.toISOString())
    .where('created_at', '<=', now.toISOString())
    .executeTakeFirstOrThrow();
  const nowEnd = new Date(now.getTime() + 1);
  const signups = countSignups(db, [
    { start: todayStart, end: nowEnd },
    { start: yesterdayStart, end: yesterdaySameTime },
  ]);
  const [booked, [signupsToday = 0, signupsYesterday = 0]] = await Promise.all([bookings, signups]);
  return {
    bookingsToday: booked.today,
    bookingsYesterday: booked.yesterday,
    signupsToday,
    signupsYesterday,
    comparedAt: yesterdaySameTime.toISOString(),
  };
}
