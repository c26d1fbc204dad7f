import type { IncomingMessage, ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import type { Db, PaymentStatus } from '@ops/db';
import { bearerToken, hexId, listen, readBody, sendJson, sleep, type ListeningServer } from '../http-kit.js';
import { routeConnect } from './standin-connect.js';

/**
 * A Stripe stand-in for the subset the console uses, speaking Stripe's wire format: form-encoded bracket bodies,
 * list envelopes, the error envelope and idempotency keys. Payment intents, charges, customers and disputes are
 * built on demand from the database rows, so every payment the sample data holds exists here; refunds, captures
 * and cancellations made through the stand-in are kept in memory.
 */
export interface StripeStandin extends ListeningServer {
  secretKey: string;
  /**
   * The next `count` requests fail with `status`. `where: 'edge'` (default) fails before Stripe's API sees the
   * request (a load balancer 5xx: nothing executes, nothing is saved under the idempotency key, a retry goes
   * through); `where: 'api'` is Stripe's own failure, saved under the key and replayed like any first response.
   */
  failNext(fault: {
    status: number;
    count?: number;
    where?: 'edge' | 'api';
    type?: string;
    code?: string;
    message?: string;
  }): void;
  /** The next `count` requests are held `ms` before being executed (after their idempotency key is taken). */
  delayNext(ms: number, count?: number): void;
  /** Drops faults and delays not yet used up. */
  clearFaults(): void;
  /** Refunds created through this stand-in (replays do not count). */
  refundsCreated(): number;
  /**
   * Test hook: the next `count` refunds are answered with `status` (`pending` or `requires_action`: settled later
   * with `transitionRefund`; `failed`: refused by the bank) instead of `succeeded`.
   */
  nextRefund(next: { status: 'pending' | 'requires_action' | 'failed'; failureReason?: string; count?: number }): void;
  /** Test hook: a refund made here moves on, as Stripe's do later (`pending` → `succeeded` | `failed` | `canceled`). */
  transitionRefund(id: string, status: 'succeeded' | 'failed' | 'canceled', failureReason?: string): StripeRefundObject;
  /** The refunds made here for one payment intent, as Stripe lists them. */
  refundsOf(intentId: string): StripeRefundObject[];
  /** Requests received, optionally only those whose method and path match. */
  requestCount(filter?: { method?: string; path?: string | RegExp }): number;
}

type FormValue = string | { [key: string]: FormValue };
type Form = { [key: string]: FormValue };
interface Saved {
  status: number;
  body: unknown;
}
interface IdempotencyEntry {
  digest: string;
  response: Saved | null;
  savedAt: number;
}
interface Fault {
  status: number;
  remaining: number;
  where: 'edge' | 'api';
  type: string;
  code: string | undefined;
  message: string;
}

const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
const REFUND_REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

/** `a[b][c]=1&expand[0]=x` into nested objects (array indices stay as object keys, which is all we read). */
export function parseForm(text: string): Form {
  const out: Form = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const parts = rawKey.split('[').map((p, i) => (i === 0 ? p : p.replace(/\]$/, '')));
    let node: Form = out;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (typeof next === 'object') node = next;
      else {
        const created: Form = {};
        node[part] = created;
        node = created;
      }
    }
    node[parts[parts.length - 1] ?? rawKey] = value;
  }
  return out;
}

const str = (form: Form, key: string): string | undefined => {
  const v = form[key];
  return typeof v === 'string' ? v : undefined;
};
const flatStrings = (value: FormValue | undefined): Record<string, string> => {
  if (typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
};

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }
  envelope(): unknown {
    return { error: { type: this.type, code: this.code, message: this.message, param: this.param } };
  }
}
const missing = (kind: string, id: string, param = 'id'): ApiError =>
  new ApiError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, 'resource_missing', param);

function selectPayments(db: Db) {
  return db
    .selectFrom('payments')
    .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
    .innerJoin('users', 'users.id', 'bookings.student_id')
    .select([
      'payments.id as paymentId',
      'payments.stripe_payment_intent_id as intentId',
      'payments.stripe_charge_id as chargeId',
      'payments.amount_cents as amount',
      'payments.amount_refunded_cents as refundedDb',
      'payments.currency',
      'payments.status',
      'payments.created_at as createdAt',
      'payments.card_brand as cardBrand',
      'payments.card_last4 as cardLast4',
      'payments.failure_code as failureCode',
      'payments.failure_message as failureMessage',
      'payments.disputed_at as disputedAt',
      'payments.dispute_status as disputeStatus',
      'users.stripe_customer_id as customer',
    ]);
}
type PaymentRow = Awaited<ReturnType<ReturnType<typeof selectPayments>['executeTakeFirstOrThrow']>>;

type RefundStatusName = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
interface MemoryRefund {
  id: string;
  intentId: string;
  amount: number;
  reason: string | null;
  status: RefundStatusName;
  failureReason: string | null;
  metadata: Record<string, string>;
  created: number;
}
/** The fields of Stripe's Refund object the stand-in answers with (typed by the `stripe` package). */
export type StripeRefundObject = Pick<
  Stripe.Refund,
  | 'id'
  | 'object'
  | 'amount'
  | 'currency'
  | 'charge'
  | 'payment_intent'
  | 'reason'
  | 'status'
  | 'failure_reason'
  | 'metadata'
  | 'created'
>;
const REFUND_COUNTS = (s: string | null | undefined): boolean => s !== 'failed' && s !== 'canceled';
/** Dispute statuses under which Stripe refuses a refund of the charge (`charge_disputed`). */
const DISPUTE_BLOCKS = new Set(['warning_needs_response', 'warning_under_review', 'needs_response', 'under_review', 'lost']);
interface IntentOverlay {
  status: string;
  amountReceived: number;
  cancellationReason?: string;
}

/**
 * Unix seconds of a timestamp column. Typed `unknown` because the schema's Generated<Timestamp> columns select as
 * the ColumnType wrapper rather than string; at run time they are ISO strings (or Dates).
 */
const unix = (value: unknown): number => {
  if (typeof value === 'string') return Math.floor(Date.parse(value) / 1000);
  if (value instanceof Date) return Math.floor(value.getTime() / 1000);
  return 0;
};

/** How a payments row reads as a PaymentIntent status before the stand-in changed it. */
function intentStatus(status: PaymentStatus): string {
  switch (status) {
    case 'pending':
      return 'requires_confirmation';
    case 'authorized':
      return 'requires_capture';
    case 'failed':
      return 'requires_payment_method';
    case 'cancelled':
      return 'canceled';
    default:
      return 'succeeded';
  }
}

export async function startStripeStandin(options: { db: Db; secretKey?: string; port?: number }): Promise<StripeStandin> {
  const { db } = options;
  const secretKey = options.secretKey ?? 'sk_test_sample';
  const idempotency = new Map<string, IdempotencyEntry>();
  /** Customers deleted through DELETE /v1/customers/:id (Stripe then answers retrieve with `deleted: true`). */
  const deletedCustomers = new Set<string>();
  const refundsByIntent = new Map<string, MemoryRefund[]>();
  const refundsById = new Map<string, MemoryRefund>();
  const nextRefunds: Array<{ status: RefundStatusName; failureReason: string | null; remaining: number }> = [];
  const overlays = new Map<string, IntentOverlay>();
  const faults: Fault[] = [];
  const delays: Array<{ ms: number; remaining: number }> = [];
  const seen: Array<{ method: string; path: string }> = [];
  let created = 0;
  // Writes run one at a time so per-intent accounting cannot be raced by two keys at once.
  let writeChain: Promise<unknown> = Promise.resolve();
  const serialized = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = writeChain.then(fn, fn);
    writeChain = run.catch(() => undefined);
    return run;
  };

  const basePayments = () => selectPayments(db);

  const paymentByIntent = async (intentId: string): Promise<PaymentRow | undefined> =>
    basePayments().where('payments.stripe_payment_intent_id', '=', intentId).executeTakeFirst();
  const paymentByCharge = async (chargeId: string): Promise<PaymentRow | undefined> => {
    const direct = await basePayments().where('payments.stripe_charge_id', '=', chargeId).executeTakeFirst();
    // A charge id the stand-in derived for a row without one maps back to its intent.
    return direct ?? (chargeId.startsWith('ch_') ? paymentByIntent(`pi_${chargeId.slice(3)}`) : undefined);
  };

  const dbRefunds = async (paymentIds: string[]) =>
    paymentIds.length === 0
      ? []
      : db
          .selectFrom('refunds')
          .select(['payment_id', 'stripe_refund_id', 'amount_cents', 'override_code', 'status', 'created_at', 'id'])
          .where('payment_id', 'in', paymentIds)
          .where('method', '=', 'card')
          .where('stripe_refund_id', 'is not', null)
          .execute();

  const chargeIdOf = (p: PaymentRow, status: string): string | null =>
    p.chargeId ?? (status === 'requires_capture' || status === 'succeeded' ? `ch_${p.intentId.slice(3)}` : null);

  const refundObject = (r: MemoryRefund, currency: string, charge: string | null): StripeRefundObject => ({
    id: r.id,
    object: 'refund',
    amount: r.amount,
    currency,
    charge,
    payment_intent: r.intentId,
    reason: r.reason as Stripe.Refund.Reason | null,
    status: r.status,
    ...(r.failureReason ? { failure_reason: r.failureReason } : {}),
    metadata: r.metadata,
    created: r.created,
  });

  /**
   * The refunds Stripe knows for one payment: those made here (the stand-in's own record, which wins), plus the
   * sample history's card refunds that were never made here. `total` is Stripe's `amount_refunded`: every refund
   * that is not failed or canceled.
   */
  const refundsFor = async (p: PaymentRow): Promise<{ objects: StripeRefundObject[]; total: number }> => {
    const status = overlays.get(p.intentId)?.status ?? intentStatus(p.status);
    const charge = chargeIdOf(p, status);
    const memory = refundsByIntent.get(p.intentId) ?? [];
    const mine = new Set(memory.map((r) => r.id));
    const rows = (await dbRefunds([p.paymentId])).filter((r) => r.stripe_refund_id && !mine.has(r.stripe_refund_id));
    const reason = (code: string | null): Stripe.Refund.Reason =>
      code === 'DUPLICATE' ? 'duplicate' : code === 'FRAUD' ? 'fraudulent' : 'requested_by_customer';
    const objects: StripeRefundObject[] = [
      ...rows.map((r): StripeRefundObject => ({
        id: r.stripe_refund_id ?? '',
        object: 'refund',
        amount: r.amount_cents,
        currency: p.currency,
        charge,
        payment_intent: p.intentId,
        reason: reason(r.override_code),
        status: r.status,
        metadata: { refund_id: r.id },
        created: unix(r.created_at),
      })),
      ...memory.map((r) => refundObject(r, p.currency, charge)),
    ];
    const total = objects.filter((o) => REFUND_COUNTS(o.status)).reduce((sum, o) => sum + o.amount, 0);
    return { objects, total };
  };

  const intentObject = (p: PaymentRow): Record<string, unknown> => {
    const overlay = overlays.get(p.intentId);
    const status = overlay?.status ?? intentStatus(p.status);
    return {
      id: p.intentId,
      object: 'payment_intent',
      amount: p.amount,
      amount_capturable: status === 'requires_capture' ? p.amount : 0,
      amount_received: status === 'succeeded' ? (overlay?.amountReceived ?? p.amount) : 0,
      currency: p.currency,
      status,
      capture_method: 'manual',
      cancellation_reason: overlay?.cancellationReason ?? null,
      latest_charge: chargeIdOf(p, status),
      customer: p.customer,
      payment_method: p.customer ? paymentMethodId(p.customer, p.cardBrand, p.cardLast4) : null,
      last_payment_error: p.failureCode ? { code: p.failureCode, message: p.failureMessage, type: 'card_error' } : null,
      metadata: { payment_id: p.paymentId },
      livemode: false,
      created: unix(p.createdAt),
    };
  };

  const chargeObject = async (p: PaymentRow): Promise<Record<string, unknown> | null> => {
    const intent = intentObject(p);
    const status = String(intent.status);
    const id = chargeIdOf(p, status);
    if (!id && p.status !== 'failed') return null;
    const captured = status === 'succeeded';
    const amountCaptured = captured ? Number(intent.amount_received) : 0;
    const { total } = await refundsFor(p);
    return {
      id: id ?? `ch_${p.intentId.slice(3)}`,
      object: 'charge',
      amount: p.amount,
      amount_captured: amountCaptured,
      amount_refunded: total,
      captured,
      refunded: captured && total >= amountCaptured && amountCaptured > 0,
      paid: p.status !== 'failed',
      status: p.status === 'failed' ? 'failed' : 'succeeded',
      currency: p.currency,
      customer: p.customer,
      payment_intent: p.intentId,
      disputed: p.disputedAt !== null,
      failure_code: p.failureCode,
      failure_message: p.failureMessage,
      payment_method_details: {
        type: 'card',
        card: { brand: p.cardBrand ?? 'visa', last4: p.cardLast4 ?? '4242', exp_month: 12, exp_year: 2030 },
      },
      created: unix(p.createdAt),
    };
  };

  function paymentMethodId(customer: string, brand: string | null, last4: string | null): string {
    return `pm_${hexId(`${customer}:${brand ?? 'visa'}:${last4 ?? '4242'}`, 24)}`;
  }

  /** Stripe's list envelope, newest first, paged by limit / starting_after / ending_before. */
  function list(path: string, items: Array<Record<string, unknown>>, params: Form): unknown {
    const limitRaw = str(params, 'limit');
    const limit = limitRaw === undefined ? 10 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new ApiError(
        400,
        'invalid_request_error',
        'Invalid integer: limit must be between 1 and 100',
        'parameter_invalid_integer',
        'limit',
      );
    }
    const sorted = [...items].sort((a, b) => Number(b.created) - Number(a.created) || String(b.id).localeCompare(String(a.id)));
    let start = 0;
    let end = sorted.length;
    const after = str(params, 'starting_after');
    const before = str(params, 'ending_before');
    if (after !== undefined) {
      const i = sorted.findIndex((o) => o.id === after);
      if (i < 0) throw missing('object', after, 'starting_after');
      start = i + 1;
    }
    if (before !== undefined) {
      const i = sorted.findIndex((o) => o.id === before);
      if (i < 0) throw missing('object', before, 'ending_before');
      end = i;
      start = Math.max(0, end - limit);
    }
    const data = sorted.slice(start, Math.min(end, start + limit));
    const hasMore = before !== undefined ? start > 0 : start + limit < end;
    return { object: 'list', data, has_more: hasMore, url: path };
  }

  async function requirePayment(intentId: string, param = 'id'): Promise<PaymentRow> {
    const p = await paymentByIntent(intentId);
    if (!p) throw missing('payment_intent', intentId, param);
    return p;
  }

  async function route(method: string, path: string, params: Form): Promise<Saved> {
    let m: RegExpMatchArray | null;
    if (method === 'DELETE' && (m = path.match(/^\/v1\/customers\/([^/]+)$/))) {
      const id = decodeURIComponent(m[1] ?? '');
      const u = await db.selectFrom('users').select('id').where('stripe_customer_id', '=', id).executeTakeFirst();
      if (!u || deletedCustomers.has(id)) throw missing('customer', id);
      deletedCustomers.add(id);
      return ok({ id, object: 'customer', deleted: true });
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/customers\/([^/]+)$/))) {
      const id = decodeURIComponent(m[1] ?? '');
      if (deletedCustomers.has(id)) return ok({ id, object: 'customer', deleted: true });
      const u = await db
        .selectFrom('users')
        .select(['id', 'email', 'first_name', 'last_name', 'phone', 'created_at'])
        .where('stripe_customer_id', '=', id)
        .executeTakeFirst();
      if (!u) throw missing('customer', id);
      return ok({
        id,
        object: 'customer',
        email: u.email,
        name: `${u.first_name} ${u.last_name}`,
        phone: u.phone,
        metadata: { user_id: u.id },
        livemode: false,
        created: unix(u.created_at),
      });
    }
    const pmMatch = path.match(/^\/v1\/customers\/([^/]+)\/payment_methods$/);
    if (method === 'GET' && (path === '/v1/payment_methods' || pmMatch)) {
      const customer = pmMatch ? decodeURIComponent(pmMatch[1] ?? '') : str(params, 'customer');
      if (!customer)
        throw new ApiError(400, 'invalid_request_error', 'Missing required param: customer.', 'parameter_missing', 'customer');
      const rows = await basePayments().where('users.stripe_customer_id', '=', customer).execute();
      const cards = new Map<string, Record<string, unknown>>();
      for (const p of rows) {
        const id = paymentMethodId(customer, p.cardBrand, p.cardLast4);
        const prev = cards.get(id);
        if (!prev || Number(prev.created) > unix(p.createdAt)) {
          cards.set(id, {
            id,
            object: 'payment_method',
            type: 'card',
            customer,
            card: {
              brand: p.cardBrand ?? 'visa',
              last4: p.cardLast4 ?? '4242',
              exp_month: 12,
              exp_year: 2030,
              funding: 'credit',
            },
            created: unix(p.createdAt),
          });
        }
      }
      return ok(list(path, [...cards.values()], params));
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/payment_intents\/([^/]+)$/))) {
      return ok(intentObject(await requirePayment(decodeURIComponent(m[1] ?? ''))));
    }
    if (method === 'GET' && path === '/v1/charges') {
      const intent = str(params, 'payment_intent');
      const customer = str(params, 'customer');
      let rows = basePayments();
      if (intent) rows = rows.where('payments.stripe_payment_intent_id', '=', intent);
      if (customer) rows = rows.where('users.stripe_customer_id', '=', customer);
      const charges = await Promise.all((await rows.execute()).map((p) => chargeObject(p)));
      return ok(
        list(
          path,
          charges.filter((c): c is Record<string, unknown> => c !== null),
          params,
        ),
      );
    }
    if (method === 'GET' && path === '/v1/refunds') {
      const intent = str(params, 'payment_intent');
      const charge = str(params, 'charge');
      const p = intent ? await paymentByIntent(intent) : charge ? await paymentByCharge(charge) : undefined;
      if (!p) return ok(list(path, [], params));
      return ok(list(path, (await refundsFor(p)).objects, params));
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/refunds\/([^/]+)$/))) {
      const id = decodeURIComponent(m[1] ?? '');
      const r = refundsById.get(id);
      if (!r) throw missing('refund', id);
      const p = await requirePayment(r.intentId);
      return ok(refundObject(r, p.currency, chargeIdOf(p, 'succeeded')));
    }
    if (method === 'GET' && path === '/v1/disputes') {
      const intent = str(params, 'payment_intent');
      const p = intent ? await paymentByIntent(intent) : undefined;
      const disputes =
        p && p.disputedAt
          ? [
              {
                id: `dp_${p.intentId.slice(3)}`,
                object: 'dispute',
                amount: p.amount,
                currency: p.currency,
                charge: chargeIdOf(p, 'succeeded'),
                payment_intent: p.intentId,
                reason: 'product_not_received',
                status: ['warning_needs_response', 'needs_response', 'under_review', 'won', 'lost'].includes(
                  p.disputeStatus ?? '',
                )
                  ? p.disputeStatus
                  : 'needs_response',
                evidence_details: { due_by: unix(p.disputedAt) + 7 * 86_400 },
                created: unix(p.disputedAt),
              },
            ]
          : [];
      return ok(list(path, disputes, params));
    }
    if (method === 'POST' && path === '/v1/refunds') return serialized(() => createRefund(params));
    if (method === 'POST' && (m = path.match(/^\/v1\/payment_intents\/([^/]+)\/(capture|cancel)$/))) {
      const id = decodeURIComponent(m[1] ?? '');
      const action = m[2];
      return serialized(() => (action === 'capture' ? capture(id, params) : cancel(id, params)));
    }
    throw new ApiError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
  }

  async function createRefund(params: Form): Promise<Saved> {
    const intentId = str(params, 'payment_intent');
    const chargeId = str(params, 'charge');
    if (!intentId && !chargeId) {
      throw new ApiError(
        400,
        'invalid_request_error',
        'One of the following params should be provided for this request: payment_intent or charge.',
        'parameter_missing',
      );
    }
    const p = intentId ? await requirePayment(intentId, 'payment_intent') : await paymentByCharge(chargeId ?? '');
    if (!p) throw missing('charge', chargeId ?? '', 'charge');
    const reason = str(params, 'reason') ?? null;
    if (reason !== null && !REFUND_REASONS.has(reason)) {
      throw new ApiError(
        400,
        'invalid_request_error',
        'Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer',
        'parameter_invalid_string',
        'reason',
      );
    }
    const intent = intentObject(p);
    if (intent.status !== 'succeeded') {
      throw new ApiError(
        400,
        'invalid_request_error',
        `This PaymentIntent (${p.intentId}) does not have a successful charge to refund.`,
        'charge_not_refundable',
        'payment_intent',
      );
    }
    if (p.disputedAt !== null && DISPUTE_BLOCKS.has(p.disputeStatus ?? 'needs_response')) {
      throw new ApiError(
        400,
        'invalid_request_error',
        `Charge ${String(intent.latest_charge)} has been charged back; refunds are not allowed while it is disputed.`,
        'charge_disputed',
      );
    }
    const received = Number(intent.amount_received);
    const { total } = await refundsFor(p);
    const remaining = received - total;
    const charge = String(intent.latest_charge);
    if (remaining <= 0) {
      throw new ApiError(400, 'invalid_request_error', `Charge ${charge} has already been refunded.`, 'charge_already_refunded');
    }
    const amountRaw = str(params, 'amount');
    const amount = amountRaw === undefined ? remaining : Number(amountRaw);
    if (!Number.isInteger(amount) || amount <= 0) {
      throw new ApiError(400, 'invalid_request_error', 'Invalid positive integer', 'parameter_invalid_integer', 'amount');
    }
    if (amount > remaining) {
      const dollars = (c: number) => `$${(c / 100).toFixed(2)}`;
      throw new ApiError(
        400,
        'invalid_request_error',
        `Refund amount (${dollars(amount)}) is greater than unrefunded amount on charge (${dollars(remaining)})`,
        'amount_too_large',
        'amount',
      );
    }
    created += 1;
    const next = nextRefunds[0];
    if (next) {
      next.remaining -= 1;
      if (next.remaining <= 0) nextRefunds.shift();
    }
    const refund: MemoryRefund = {
      id: `re_${hexId(`${p.intentId}:${created}:${Date.now()}`, 24)}`,
      intentId: p.intentId,
      amount,
      reason,
      status: next?.status ?? 'succeeded',
      failureReason: next?.status === 'failed' ? (next.failureReason ?? 'expired_or_canceled_card') : null,
      metadata: flatStrings(params.metadata),
      created: Math.floor(Date.now() / 1000),
    };
    refundsByIntent.set(p.intentId, [...(refundsByIntent.get(p.intentId) ?? []), refund]);
    refundsById.set(refund.id, refund);
    return ok(refundObject(refund, p.currency, charge));
  }

  async function capture(id: string, params: Form): Promise<Saved> {
    const p = await requirePayment(id);
    const intent = intentObject(p);
    if (intent.status !== 'requires_capture') {
      throw new ApiError(
        400,
        'invalid_request_error',
        `This PaymentIntent could not be captured because it has a status of ${String(intent.status)}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
        'payment_intent_unexpected_state',
      );
    }
    const raw = str(params, 'amount_to_capture');
    const amount = raw === undefined ? p.amount : Number(raw);
    if (!Number.isInteger(amount) || amount <= 0 || amount > p.amount) {
      throw new ApiError(
        400,
        'invalid_request_error',
        'The amount_to_capture must be a positive integer no greater than amount_capturable.',
        'amount_too_large',
        'amount_to_capture',
      );
    }
    overlays.set(id, { status: 'succeeded', amountReceived: amount });
    return ok(intentObject(p));
  }

  async function cancel(id: string, params: Form): Promise<Saved> {
    const p = await requirePayment(id);
    const intent = intentObject(p);
    const status = String(intent.status);
    if (status === 'succeeded' || status === 'canceled') {
      throw new ApiError(
        400,
        'invalid_request_error',
        `You cannot cancel this PaymentIntent because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
        'payment_intent_unexpected_state',
      );
    }
    overlays.set(id, {
      status: 'canceled',
      amountReceived: 0,
      cancellationReason: str(params, 'cancellation_reason') ?? 'requested_by_customer',
    });
    return ok(intentObject(p));
  }

  const ok = (body: unknown): Saved => ({ status: 200, body });

  function takeFault(): Fault | undefined {
    const f = faults[0];
    if (!f) return undefined;
    f.remaining -= 1;
    if (f.remaining <= 0) faults.shift();
    return f;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    seen.push({ method, path });
    const reply = (s: Saved, extra: Record<string, string> = {}) =>
      sendJson(res, s.status, s.body, { 'request-id': `req_${hexId(`${seen.length}:${Date.now()}`, 14)}`, ...extra });

    const key = bearerToken(req);
    if (key !== secretKey) {
      const shown = key ? `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : '';
      reply({
        status: 401,
        body: {
          error: {
            type: 'invalid_request_error',
            message: key ? `Invalid API Key provided: ${shown}` : 'You did not provide an API key.',
          },
        },
      });
      return;
    }
    const body = method === 'POST' ? (await readBody(req)).toString('utf8') : url.search.slice(1);
    if (faults[0]?.where === 'edge') {
      const f = takeFault();
      if (f) return reply({ status: f.status, body: { error: { type: f.type, code: f.code, message: f.message } } });
    }
    const params = parseForm(body);

    const idemKey = method === 'POST' ? req.headers['idempotency-key'] : undefined;
    const keyName = typeof idemKey === 'string' && idemKey.length > 0 ? idemKey : null;
    // Stripe compares the whole request: same endpoint and the same parameters, in any order.
    const digest = `${method} ${path} ${JSON.stringify([...new URLSearchParams(body)].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))}`;
    if (keyName) {
      const entry = idempotency.get(keyName);
      if (entry && Date.now() - entry.savedAt < IDEMPOTENCY_TTL_MS) {
        if (entry.digest !== digest) {
          return reply({
            status: 400,
            body: {
              error: {
                type: 'idempotency_error',
                message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${keyName}' if you meant to execute a different request.`,
              },
            },
          });
        }
        if (!entry.response) {
          return reply({
            status: 409,
            body: {
              error: {
                type: 'idempotency_error',
                code: 'idempotency_key_in_use',
                message:
                  'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ' +
                  keyName +
                  '. Please try again later.',
              },
            },
          });
        }
        return reply(entry.response, { 'idempotent-replayed': 'true', 'original-request': 'req_replayed' });
      }
      idempotency.set(keyName, { digest, response: null, savedAt: Date.now() });
    }

    const delay = delays[0];
    if (delay) {
      delay.remaining -= 1;
      if (delay.remaining <= 0) delays.shift();
      await sleep(delay.ms);
    }

    let result: Saved;
    const apiFault = faults[0]?.where === 'api' ? takeFault() : undefined;
    if (apiFault) {
      result = {
        status: apiFault.status,
        body: { error: { type: apiFault.type, code: apiFault.code, message: apiFault.message } },
      };
    } else {
      try {
        result = (await routeConnect(db, req, method, path, params)) ?? (await route(method, path, params));
      } catch (error) {
        if (!(error instanceof ApiError)) {
          // An unexpected failure (e.g. the database) is not Stripe's answer: free the key so a retry can run.
          if (keyName) idempotency.delete(keyName);
          throw error;
        }
        result = { status: error.status, body: error.envelope() };
      }
    }
    if (keyName) idempotency.set(keyName, { digest, response: result, savedAt: Date.now() });
    reply(result);
  }

  const server = await listen(handle, options.port);
  return {
    ...server,
    secretKey,
    failNext: (f) =>
      faults.push({
        status: f.status,
        remaining: f.count ?? 1,
        where: f.where ?? 'edge',
        type: f.type ?? (f.status >= 500 ? 'api_error' : 'invalid_request_error'),
        code: f.code,
        message: f.message ?? 'An unknown error occurred',
      }),
    delayNext: (ms, count = 1) => delays.push({ ms, remaining: count }),
    clearFaults: () => {
      faults.length = 0;
      delays.length = 0;
    },
    refundsCreated: () => created,
    nextRefund: (n) => nextRefunds.push({ status: n.status, failureReason: n.failureReason ?? null, remaining: n.count ?? 1 }),
    transitionRefund: (id, status, failureReason) => {
      const r = refundsById.get(id);
      if (!r) throw new Error(`no refund ${id} was made through the stand-in`);
      if (r.status !== 'pending' && r.status !== 'requires_action' && !(r.status === 'succeeded' && status === 'failed'))
        throw new Error(`refund ${id} is ${r.status}; it cannot become ${status}`);
      r.status = status;
      r.failureReason = status === 'succeeded' ? null : (failureReason ?? 'expired_or_canceled_card');
      return refundObject(r, 'usd', null);
    },
    refundsOf: (intentId) => (refundsByIntent.get(intentId) ?? []).map((r) => refundObject(r, 'usd', null)),
    requestCount: (filter) =>
      seen.filter(
        (r) =>
          (!filter?.method || r.method === filter.method) &&
          (!filter?.path || (typeof filter.path === 'string' ? r.path === filter.path : filter.path.test(r.path))),
      ).length,
  };
}
