import { sql, type Transaction } from 'kysely';
import { formatCents } from '@ops/shared';
import type { Database, Db, RefundKind } from '@ops/db';
import type { Services } from '../../context.js';
import { StripeGatewayError, type StripeRefundInfo } from '../../integrations/stripe/gateway.js';
import type { Worker } from '../../workers.js';
import type { ApplyResult } from '../actions/define.js';
import { writeAudit } from '../audit/write.js';
import type { PaymentAudit } from './audit.js';
import { planStripeRefunds, rowStatusOf } from './ledger.js';
import { settleNote } from './messages.js';
import { grantCreditAndShare } from './record.js';
import { stripeOf } from './stripe.js';
import { planRefundUndo } from './undo.js';

export type SettleOutcome = 'succeeded' | 'failed' | 'pending' | 'already_settled';

/** What settling asks of Stripe for one refund row: a refund, a release (all or part), or a capture. */
type SettleRequest = 'refund' | 'release' | 'partial_release' | 'capture';

/** Stripe's answers that will not change on a retry with the same key: the refund failed for good. */
const DEFINITIVE: ReadonlySet<string> = new Set(['card', 'invalid_request']);

/**
 * Settles one pending refund: calls Stripe with the refund's stored idempotency key (so a retry, a second worker or
 * a crash before the database update can never move money twice) — or, once Stripe has named the refund, reads it
 * back — and writes Stripe's answer through the refund ledger (ledger.ts), which derives the payment's refunded
 * total from the rows. A refund Stripe holds as `pending` stays pending here until Stripe decides.
 */
export async function settleRefund(services: Services, refundId: string): Promise<SettleOutcome> {
  const row = await loadSettleRow(services.dbs.api, refundId);
  return row ? settleRow(services, row) : 'already_settled';
}

/** A refund row with what settling it needs of its payment and booking. */
function loadSettleRow(db: Db, refundId: string) {
  return db
    .selectFrom('refunds')
    .innerJoin('payments', 'payments.id', 'refunds.payment_id')
    .innerJoin('bookings', 'bookings.id', 'refunds.booking_id')
    .select([
      'refunds.id',
      'refunds.status',
      'refunds.kind',
      'refunds.method',
      'refunds.amount_cents',
      'refunds.instructor_payout_cents',
      'refunds.idempotency_key',
      'refunds.override_code',
      'refunds.reason',
      'refunds.created_by_staff_id',
      'refunds.student_id',
      'refunds.booking_id',
      'refunds.stripe_refund_id',
      'bookings.instructor_id',
      'payments.id as payment_id',
      'payments.status as payment_status',
      'payments.amount_cents as payment_amount_cents',
      'payments.stripe_payment_intent_id as intent_id',
    ])
    .where('refunds.id', '=', refundId)
    .executeTakeFirst();
}

type SettleRow = NonNullable<Awaited<ReturnType<typeof loadSettleRow>>>;

async function settleRow(services: Services, row: SettleRow): Promise<SettleOutcome> {
  if (row.status !== 'pending') return 'already_settled';
  const db = services.dbs.api;
  const stripe = stripeOf(services);
  await db
    .updateTable('refunds')
    .set({
      attempts: sql<number>`attempts + 1`,
      last_attempt_at: services.now(),
      ...(stripe ? {} : { error: 'Stripe is not configured' }),
    })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .execute();
  if (!stripe) return 'pending';
  const key = row.idempotency_key ?? `ops-refund-${row.id}`;
  const captured = ['captured', 'partially_refunded', 'refunded'].includes(row.payment_status);
  const ledgerPayment = { id: row.payment_id, booking_id: row.booking_id, student_id: row.student_id };
  let stripeRefund: StripeRefundInfo | null = null;
  const kind: SettleRequest =
    row.kind === 'refund' && row.method === 'card'
      ? 'refund'
      : row.kind === 'release'
        ? row.amount_cents < row.payment_amount_cents
          ? 'partial_release'
          : 'release'
        : 'capture';
  try {
    if (kind === 'refund') {
      stripeRefund = row.stripe_refund_id
        ? await stripe.getRefund(row.stripe_refund_id)
        : await stripe.createRefund(
            {
              paymentIntent: row.intent_id,
              amountCents: row.amount_cents,
              reason:
                row.override_code === 'DUPLICATE'
                  ? 'duplicate'
                  : row.override_code === 'FRAUD'
                    ? 'fraudulent'
                    : 'requested_by_customer',
              metadata: { refund_id: row.id, booking_id: row.booking_id },
            },
            { idempotencyKey: key },
          );
    } else if (kind === 'partial_release') {
      // Part of an authorization goes back: capture only what is kept; Stripe releases the rest.
      if (!captured)
        await stripe.capturePaymentIntent(
          row.intent_id,
          { amountToCapture: row.payment_amount_cents - row.amount_cents },
          { idempotencyKey: key },
        );
    } else if (kind === 'release') {
      if (row.payment_status !== 'cancelled') await stripe.cancelPaymentIntent(row.intent_id, { idempotencyKey: key });
    } else {
      if (!captured)
        await stripe.capturePaymentIntent(row.intent_id, { amountToCapture: row.payment_amount_cents }, { idempotencyKey: key });
    }
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const definitive = error instanceof StripeGatewayError && DEFINITIVE.has(error.kind);
    if (definitive) await failRefund(db, row, kind, why, services.now());
    else await db.updateTable('refunds').set({ error: why }).where('id', '=', row.id).where('status', '=', 'pending').execute();
    services.logger.warn({ refundId: row.id, err: error, definitive }, 'refund not settled');
    return definitive ? 'failed' : 'pending';
  }

  return db.transaction().execute(async (tx): Promise<SettleOutcome> => {
    const now = services.now();
    const paymentBefore = await paymentNow(tx, row.payment_id);
    if (kind === 'refund' && stripeRefund) {
      // Stripe's answer names our row in its metadata; the ledger applies it like any webhook would.
      const answer = { ...stripeRefund, metadata: { ...stripeRefund.metadata, refund_id: row.id } };
      const plan = await planStripeRefunds(tx, ledgerPayment, [answer]);
      await plan.apply(tx, now);
      const after = rowStatusOf(stripeRefund.status);
      // Audited when Stripe first answers and when it decides, not on every pass that finds it still pending.
      if (row.stripe_refund_id === null || after !== 'pending')
        await auditSettle(tx, row, {
          request: 'refund',
          status: after,
          stripe: { refundId: stripeRefund.id, status: stripeRefund.status },
          paymentBefore,
          reason:
            after === 'succeeded'
              ? `Stripe refunded ${formatCents(row.amount_cents)} to the card.`
              : after === 'failed'
                ? 'Stripe could not refund the card; what the refund cut or returned is undone.'
                : `Stripe accepted the refund of ${formatCents(row.amount_cents)}; it is pending at Stripe.`,
        });
      return after === 'pending' ? 'pending' : after;
    }
    if (!(await closePending(tx, row.id, { status: 'succeeded', settled_at: now, error: null }))) return 'already_settled';
    if (kind === 'release') {
      await tx.updateTable('payments').set({ status: 'cancelled', updated_at: now }).where('id', '=', row.payment_id).execute();
    } else {
      // A partial release captured only what is kept: Stripe's charge is that amount, and so is ours.
      const capturedCents = kind === 'partial_release' ? row.payment_amount_cents - row.amount_cents : row.payment_amount_cents;
      await tx
        .updateTable('payments')
        .set({ status: 'captured', captured_at: now, amount_captured_cents: capturedCents, updated_at: now })
        .where('id', '=', row.payment_id)
        .where('status', '=', 'authorized')
        .execute();
    }
    if (kind === 'capture') {
      await grantCreditAndShare(
        tx,
        [
          {
            refundId: row.id,
            refund: {
              bookingId: row.booking_id,
              studentId: row.student_id,
              instructorId: row.instructor_id,
              decision: {
                rule: 'override',
                method: 'credit',
                studentCents: row.amount_cents,
                instructorCents: row.instructor_payout_cents,
                explanation: '',
              },
            },
          },
        ],
        row.reason,
        row.created_by_staff_id,
        now,
      );
    }
    const kept = row.payment_amount_cents - row.amount_cents;
    await auditSettle(tx, row, {
      request: kind,
      status: 'succeeded',
      stripe: null,
      paymentBefore,
      reason:
        kind === 'release'
          ? `Stripe released the authorization of ${formatCents(row.payment_amount_cents)}; the card was never charged.`
          : kind === 'partial_release'
            ? `Stripe captured ${formatCents(kept)} (what is kept) and released ${formatCents(row.amount_cents)}.`
            : `Stripe captured ${formatCents(row.payment_amount_cents)}; ${formatCents(row.amount_cents)} of credit is granted.`,
    });
    return 'succeeded';
  });
}

/** A system step, not a person: the audit row of what Stripe answered names no staff member. */
const SETTLEMENT_ACTOR = { id: null, email: 'system' } as const;

/** The audit action of a refund's settlement with Stripe, after the transaction that recorded it committed. */
export const REFUND_SETTLED = 'refunds.settle';

async function paymentNow(tx: Transaction<Database>, paymentId: string): Promise<PaymentAudit | null> {
  const p = await tx
    .selectFrom('payments')
    .select(['status', 'amount_refunded_cents', 'amount_captured_cents'])
    .where('id', '=', paymentId)
    .executeTakeFirst();
  return p ? { status: p.status, refundedCents: p.amount_refunded_cents, capturedCents: p.amount_captured_cents } : null;
}

/**
 * The audit row of what Stripe did with a recorded refund, in the transaction that writes Stripe's answer: when it
 * happened, the payment before and after, and the id of the audit row that recorded the refund (the refund, the force
 * cancel or the suspension's booking row), so "when did Stripe refund or capture this" has an answer in the log.
 */
async function auditSettle(
  tx: Transaction<Database>,
  row: SettleRow,
  outcome: {
    request: SettleRequest;
    status: 'succeeded' | 'failed' | 'pending';
    stripe: { refundId: string; status: string | null } | null;
    paymentBefore: PaymentAudit | null;
    reason: string;
    error?: string;
  },
): Promise<void> {
  // The booking's own rows, newest first (the resource index): the one naming this refund recorded it.
  const recorded = await tx
    .selectFrom('audit_log')
    .select(['id', 'after', 'request_id'])
    .where('resource_type', '=', 'booking')
    .where('resource_id', '=', row.booking_id)
    .where('action', 'not in', [REFUND_SETTLED, 'approvals.requested'])
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  const recordedBy = recorded.find((a) => JSON.stringify(a.after ?? null).includes(row.id)) ?? null;
  // Under the request that recorded the refund, so that request's trail ends with what Stripe did.
  const requestId = recordedBy?.request_id ?? row.idempotency_key ?? `ops-refund-${row.id}`;
  await writeAudit(
    tx,
    SETTLEMENT_ACTOR,
    { requestId, ip: null, userAgent: null },
    {
      action: REFUND_SETTLED,
      resourceType: 'booking',
      resourceId: row.booking_id,
      before: { refund: { id: row.id, status: 'pending' }, payment: outcome.paymentBefore },
      after: {
        refund: { id: row.id, kind: row.kind, method: row.method, amountCents: row.amount_cents, status: outcome.status },
        stripe: { request: outcome.request, ...(outcome.stripe ?? {}), ...(outcome.error ? { error: outcome.error } : {}) },
        payment: await paymentNow(tx, row.payment_id),
        recordedByAuditId: recordedBy === null ? null : Number(recordedBy.id),
      },
      reason: outcome.reason,
    },
  );
}

/**
 * Closes a refund that is still pending, once: false when another settle (a replica, a webhook) closed it first, so
 * what follows closing it is done by that one alone.
 */
async function closePending(
  tx: Transaction<Database>,
  refundId: string,
  set: { status: 'succeeded' | 'failed'; settled_at: Date; error: string | null },
): Promise<boolean> {
  const closed = await tx
    .updateTable('refunds')
    .set(set)
    .where('id', '=', refundId)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  return closed !== undefined;
}

/**
 * A refund Stripe refused for good: failed, what it did to payouts and credit undone, and the refusal audited, in
 * one transaction.
 */
async function failRefund(db: Db, row: SettleRow, request: SettleRequest, why: string, now: Date): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const paymentBefore = await paymentNow(tx, row.payment_id);
    if (!(await closePending(tx, row.id, { status: 'failed', error: why, settled_at: now }))) return;
    await (await planRefundUndo(tx, [row.id])).apply(tx, now);
    await auditSettle(tx, row, {
      request,
      status: 'failed',
      stripe: null,
      paymentBefore,
      error: why,
      reason: 'Stripe refused it for good; what the refund cut or returned is undone.',
    });
  });
}

/**
 * What settling asked of Stripe: a card refund, a release of money never charged (not a refund), or the capture a
 * credit refund of an only-authorized payment waits for (nothing goes back at Stripe; the credit follows).
 */
export type SettleKind = 'refund' | 'release' | 'capture';

/** How settling went, per kind of request to Stripe. */
export type SettleTally = Record<SettleKind, { succeeded: number; pending: number; failed: number }>;

const settleKindOf = (row: { kind: RefundKind; method: string }): SettleKind =>
  row.kind === 'release' ? 'release' : row.method === 'card' ? 'refund' : 'capture';

/** Settles refunds one after another; counts, per kind, how many succeeded, failed and are still pending. */
export async function settleRefunds(services: Services, ids: string[]): Promise<SettleTally> {
  const tally: SettleTally = {
    refund: { succeeded: 0, pending: 0, failed: 0 },
    release: { succeeded: 0, pending: 0, failed: 0 },
    capture: { succeeded: 0, pending: 0, failed: 0 },
  };
  for (const id of ids) {
    const row = await loadSettleRow(services.dbs.api, id);
    if (!row) continue;
    const result = await settleRow(services, row);
    const counts = tally[settleKindOf(row)];
    if (result === 'succeeded') counts.succeeded += 1;
    else if (result === 'pending') counts.pending += 1;
    else if (result === 'failed') counts.failed += 1;
  }
  return tally;
}

/**
 * The follow-up of an action that recorded refunds as pending: once its transaction commits, settle them at Stripe
 * and tell the person how that went. No follow-up when none are pending.
 */
export function settleAfterCommit(services: Services, pendingIds: string[]): Pick<ApplyResult, 'afterCommit'> {
  return pendingIds.length > 0 ? { afterCommit: async () => settleNote(await settleRefunds(services, pendingIds)) } : {};
}

/** Pending refunds older than this are the reconciliation's (younger ones are still in their action's follow-up). */
export const RECONCILE_AFTER_MS = 15_000;

/** One reconciliation pass: settles the oldest pending refunds with their stored idempotency keys. */
export async function reconcilePendingRefunds(
  services: Services,
  opts: { olderThanMs?: number; limit?: number } = {},
): Promise<number> {
  const cutoff = new Date(services.now().getTime() - (opts.olderThanMs ?? RECONCILE_AFTER_MS));
  const pending = await services.dbs.api
    .selectFrom('refunds')
    .select('id')
    .where('status', '=', 'pending')
    .where('created_at', '<=', cutoff.toISOString())
    .orderBy('created_at')
    .limit(opts.limit ?? 50)
    .execute();
  const tally = await settleRefunds(
    services,
    pending.map((p) => p.id),
  );
  return Object.values(tally).reduce((n, t) => n + t.succeeded + t.failed, 0);
}

export const refundReconciliationWorker: Worker = {
  name: 'refunds.reconcile',
  intervalMs: 30_000,
  // Refunds left pending by a stopped console (its follow-ups died with it) go to Stripe as the console starts, not
  // half a minute later while someone reads them as "not sent yet".
  initialDelayMs: 0,
  tick: (services) => reconcilePendingRefunds(services),
};
