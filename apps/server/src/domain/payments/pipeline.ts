import type { Db } from '@ops/db';
import type { PaymentsPipeline } from '@ops/shared';
import { refundsNeedingAttention } from '../health/postgres-sources.js';
import { overduePayments, PAYMENT_GRACE_MS } from './overdue.js';

const DAY_MS = 86_400_000;
const LIMIT = 100;
const iso = (v: string | Date) => new Date(v).toISOString();

/**
 * The lists behind the command center's payment counts, each one indexed read bounded by LIMIT: the same overdue
 * rule (scheduled time + grace) as the counts, failures of the last 7 days, refunds still pending, and the refunds the
 * command center's banner names (stuck or failed) by the same rule.
 */
export async function paymentsPipeline(db: Db, now: Date): Promise<PaymentsPipeline> {
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS).toISOString();
  const [overdue, failures, refunds, attention] = await Promise.all([
    overduePayments(db, now, LIMIT),
    db
      .selectFrom('payments')
      .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
      .select([
        'payments.id',
        'payments.booking_id',
        'bookings.short_id',
        'payments.amount_cents',
        'payments.stripe_payment_intent_id',
        'payments.failed_at',
        'payments.failure_code',
        'payments.failure_message',
      ])
      .where('payments.status', '=', 'failed')
      .where('payments.failed_at', '>=', weekAgo)
      .orderBy('payments.failed_at', 'desc')
      .orderBy('payments.id')
      .limit(LIMIT)
      .execute(),
    db
      .selectFrom('refunds')
      .innerJoin('bookings', 'bookings.id', 'refunds.booking_id')
      .select([
        'refunds.id',
        'refunds.booking_id',
        'bookings.short_id',
        'refunds.created_at',
        'refunds.amount_cents',
        'refunds.method',
        'refunds.kind',
        'refunds.stripe_refund_id',
        'refunds.error',
      ])
      .where('refunds.status', '=', 'pending')
      .orderBy('refunds.created_at')
      .orderBy('refunds.id')
      .limit(LIMIT)
      .execute(),
    refundsNeedingAttention(db, now),
  ]);
  return {
    graceMinutes: Math.round(PAYMENT_GRACE_MS / 60_000),
    limit: LIMIT,
    overdue,
    failures: failures.map((p) => ({
      paymentId: p.id,
      bookingId: p.booking_id,
      shortId: p.short_id,
      failedAt: p.failed_at === null ? '' : iso(p.failed_at),
      amountCents: p.amount_cents,
      failureCode: p.failure_code,
      failureMessage: p.failure_message,
      paymentIntentId: p.stripe_payment_intent_id,
    })),
    pendingRefunds: refunds.map((r) => ({
      refundId: r.id,
      bookingId: r.booking_id,
      shortId: r.short_id,
      createdAt: iso(r.created_at),
      amountCents: r.amount_cents,
      method: r.method,
      kind: r.kind,
      stripeRefundId: r.stripe_refund_id,
      error: r.error,
    })),
    refundsNeedingAttention: attention,
  };
}
