import { sql } from 'kysely';
import type { Db, PoolStats } from '@ops/db';
import {
  localDate,
  startOfDayInstant,
  type GrowthHealth,
  type JobsHealth,
  type PaymentsHealth,
  type PoolHealth,
  type WebhooksHealth,
} from '@ops/shared';

/**
 * The command center's Postgres sources: each is one cheap aggregate over an indexed status column (no scan of
 * history), so the snapshot stays inside its budget on the bench data set too.
 */

const DAY_MS = 86_400_000;
/** A scheduled payment step counts as overdue once it is this late (the marketplace's worker runs every few minutes). */
export const PAYMENT_GRACE_MS = 15 * 60_000;

/** Queue depth, failures and dead letters of the marketplace's job queue, per queue and in total. */
export async function jobsHealth(db: Db, now: Date): Promise<JobsHealth> {
  const rows = await db
    .selectFrom('background_jobs')
    .where('status', 'in', ['queued', 'running', 'failed', 'dead'])
    .select((eb) => [
      'queue',
      sql<number>`count(*) filter (where status = 'queued')::int`.as('queued'),
      sql<number>`count(*) filter (where status = 'queued' and scheduled_at <= ${now})::int`.as('due'),
      sql<number>`count(*) filter (where status = 'running')::int`.as('running'),
      sql<number>`count(*) filter (where status = 'failed')::int`.as('failed'),
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
  const sum = (k: 'queued' | 'due' | 'running' | 'failed' | 'dead') => rows.reduce((s, r) => s + r[k], 0);
  return {
    queued: sum('queued'),
    due: sum('due'),
    running: sum('running'),
    failed: sum('failed'),
    dead: sum('dead'),
    oldestDueSeconds: oldest === null ? null : Math.max(0, Math.round((now.getTime() - oldest) / 1000)),
    queues: rows.map((r) => ({ queue: r.queue, queued: r.queued, failed: r.failed, dead: r.dead })),
  };
}

/**
 * Payments pipeline: authorisations and captures overdue against their scheduled times, failures in the last 24 h,
 * and refunds still pending at Stripe. Three small queries on (status, time) indexes, run in parallel.
 */
export async function paymentsHealth(db: Db, now: Date): Promise<PaymentsHealth> {
  const cutoff = new Date(now.getTime() - PAYMENT_GRACE_MS);
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const [overdue, totals, refunds] = await Promise.all([
    db
      .selectFrom('payments')
      .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
      .select([
        'payments.id as paymentId',
        'payments.booking_id as bookingId',
        'bookings.short_id as shortId',
        'payments.status',
        'payments.authorize_at',
        'payments.capture_at',
        'payments.amount_cents as amountCents',
      ])
      .where((eb) =>
        eb.or([
          eb.and([eb('payments.status', '=', 'pending'), eb('payments.authorize_at', '<', cutoff.toISOString())]),
          eb.and([eb('payments.status', '=', 'authorized'), eb('payments.capture_at', '<', cutoff.toISOString())]),
        ]),
      )
      .orderBy(sql`coalesce(payments.capture_at, payments.authorize_at)`)
      .limit(10)
      .execute(),
    db
      .selectFrom('payments')
      .select([
        sql<number>`count(*) filter (where status = 'pending' and authorize_at < ${cutoff})::int`.as('authOverdue'),
        sql<number>`count(*) filter (where status = 'authorized' and capture_at < ${cutoff})::int`.as('captureOverdue'),
        sql<number>`coalesce(sum(amount_cents) filter (where status in ('pending', 'authorized')), 0)::bigint`.as('overdueCents'),
        sql<number>`count(*) filter (where status = 'failed' and failed_at >= ${dayAgo})::int`.as('failures24h'),
      ])
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('authorize_at', '<', cutoff.toISOString())]),
          eb.and([eb('status', '=', 'authorized'), eb('capture_at', '<', cutoff.toISOString())]),
          eb.and([eb('status', '=', 'failed'), eb('failed_at', '>=', dayAgo.toISOString())]),
        ]),
      )
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('refunds')
      .select([sql<number>`count(*)::int`.as('count'), sql<number>`coalesce(sum(amount_cents), 0)::bigint`.as('cents')])
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow(),
  ]);
  return {
    authorizationsOverdue: totals.authOverdue,
    capturesOverdue: totals.captureOverdue,
    overdueAmountCents: Number(totals.overdueCents),
    failures24h: totals.failures24h,
    pendingRefunds: refunds.count,
    pendingRefundsCents: Number(refunds.cents),
    overdue: overdue.map((p) => {
      const kind = p.status === 'pending' ? ('authorize' as const) : ('capture' as const);
      return {
        paymentId: p.paymentId,
        bookingId: p.bookingId,
        shortId: p.shortId,
        kind,
        dueAt: (kind === 'authorize' ? p.authorize_at : p.capture_at) ?? '',
        amountCents: p.amountCents,
      };
    }),
  };
}

/** Webhook events that failed (and were not replayed successfully since): last 24 h and in total, by source. */
export async function webhooksHealth(db: Db, now: Date): Promise<WebhooksHealth> {
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const rows = await db
    .selectFrom('webhook_events')
    .select([
      'source',
      sql<number>`count(*)::int`.as('failed'),
      sql<number>`count(*) filter (where received_at >= ${dayAgo})::int`.as('failed24h'),
    ])
    .where('status', '=', 'failed')
    // A permanent failure (an event about something we do not have) needs no person; a retryable one does.
    .where((eb) => eb.or([eb('retryable', 'is', null), eb('retryable', '=', true)]))
    .groupBy('source')
    .orderBy('source')
    .execute();
  return {
    failed24h: rows.reduce((s, r) => s + r.failed24h, 0),
    failedTotal: rows.reduce((s, r) => s + r.failed, 0),
    bySource: rows.map((r) => ({ source: r.source, failed: r.failed })),
  };
}

/** The console's own connection pools against their configured maximum. */
export function poolHealth(stats: PoolStats[], max: Record<string, number>): PoolHealth {
  return {
    pools: stats.map((s) => ({ pool: s.pool, size: s.size, inUse: s.inUse, waiting: s.waiting, max: max[s.pool] ?? s.size })),
  };
}

/**
 * Today's bookings and signups against yesterday up to the same time of day (business time zone). Two counts on
 * the created_at indexes over two days of rows.
 */
export async function growthHealth(db: Db, now: Date, timeZone: string): Promise<GrowthHealth> {
  const today = localDate(now, timeZone);
  const todayStart = startOfDayInstant(today, timeZone);
  const elapsed = now.getTime() - todayStart.getTime();
  const yesterdayStart = startOfDayInstant(localDate(todayStart.getTime() - 12 * 3_600_000, timeZone), timeZone);
  const yesterdaySameTime = new Date(yesterdayStart.getTime() + elapsed);
  const bookings = db
    .selectFrom('bookings')
    .select([
      sql<number>`count(*) filter (where created_at >= ${todayStart} and created_at <= ${now})::int`.as('today'),
      sql<number>`count(*) filter (where created_at < ${yesterdaySameTime})::int`.as('yesterday'),
    ])
    .where('created_at', '>=', yesterdayStart.toISOString())
    .where('created_at', '<=', now.toISOString())
    .executeTakeFirstOrThrow();
  const signups = db
    .selectFrom('users')
    .select([
      sql<number>`count(*) filter (where created_at >= ${todayStart} and created_at <= ${now})::int`.as('today'),
      sql<number>`count(*) filter (where created_at < ${yesterdaySameTime})::int`.as('yesterday'),
    ])
    .where('role', '=', 'student')
    .where('created_at', '>=', yesterdayStart.toISOString())
    .where('created_at', '<=', now.toISOString())
    .executeTakeFirstOrThrow();
  const [booked, users] = await Promise.all([bookings, signups]);
  return {
    bookingsToday: booked.today,
    bookingsYesterday: booked.yesterday,
    signupsToday: users.today,
    signupsYesterday: users.yesterday,
    comparedAt: yesterdaySameTime.toISOString(),
  };
}
