import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'kysely';
import type Stripe from 'stripe';
import type { Db, PaymentStatus } from '@ops/db';
import { stripeEventEnvelope } from '@ops/db/seed/factories';
import { bearerToken, hexId, listen, readBody, sendJson, sleep, type ListeningServer } from '../http-kit.js';
import { routeConnect } from './standin-connect.js';

/**
 * A Stripe stand-in for the subset the console uses, speaking Stripe's wire format: form-encoded bracket bodies,
 * list envelopes, the error envelope, request ids and idempotency keys. Payment intents, charges, customers and
 * disputes are built on demand from the database rows, so every payment the sample data holds exists here. Refunds
 * made through the stand-in and its idempotency memory live in the database (`stripe_standin_refunds`,
 * `stripe_standin_idempotency`), as Stripe keeps both across our restarts; captures and cancellations are kept in
 * memory.
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
    type?: Stripe.RawErrorType;
    code?: string;
    message?: string;
  }): void;
  /** The next `count` requests are held `ms` before being executed (after their idempotency key is taken). */
  delayNext(ms: number, count?: number): void;
  /** Drops faults and delays not yet used up. */
  clearFaults(): void;
  /** Refunds created through this stand-in since it started (replays do not count). */
  refundsCreated(): number;
  /**
   * Test hook: the next `count` refunds are answered with `status` (`pending` or `requires_action`: settled later
   * with `transitionRefund`; `failed`: refused by the bank) instead of `succeeded`.
   */
  nextRefund(next: { status: 'pending' | 'requires_action' | 'failed'; failureReason?: string; count?: number }): void;
  /**
   * Test hook: a refund made here moves on, as Stripe's do later (`pending` → `succeeded` | `failed` | `canceled`).
   * With a `webhook` target the matching event (`refund.failed`, else `refund.updated`) is delivered to it, signed.
   */
  transitionRefund(id: string, status: 'succeeded' | 'failed' | 'canceled', failureReason?: string): Promise<StripeRefundObject>;
  /** The refunds made here for one payment intent, as Stripe lists them. */
  refundsOf(intentId: string): Promise<StripeRefundObject[]>;
  /** Requests received, optionally only those whose method and path match. */
  requestCount(filter?: { method?: string; path?: string | RegExp }): number;
}

/** Where the stand-in delivers the events of its test hooks, as Stripe delivers to a webhook endpoint. */
export interface StandinWebhookTarget {
  url: string;
  secret: string;
}

export interface StripeStandinOptions {
  db: Db;
  secretKey?: string;
  port?: number;
  /**
   * Serves the test hooks over HTTP on the stand-in's own server (sample mode only, never with a real Stripe):
   * `POST /_standin/refunds/next` `{status, failureReason?, count?}`, `GET /_standin/refunds` (newest first) and
   * `POST /_standin/refunds/:id/transition` `{status, failureReason?}`.
   */
  testHooks?: boolean;
  /** Signed delivery of the events a transition causes (the console's `/webhooks/stripe`). */
  webhook?: StandinWebhookTarget;
}

type FormValue = string | { [key: string]: FormValue };
type Form = { [key: string]: FormValue };
/** A response as Stripe saves it under an idempotency key. */
interface Saved {
  status: number;
  body: unknown;
}
type ErrorType = Stripe.RawErrorType;
/** Stripe's error envelope. */
interface ErrorBody {
  error: Pick<Stripe.StripeRawError, 'type' | 'code' | 'message' | 'param'>;
}
interface Fault {
  status: number;
  remaining: number;
  where: 'edge' | 'api';
  type: ErrorType;
  code: string | undefined;
  message: string;
}
/** Stripe's list envelope. */
type ListBody<T> = Pick<Stripe.ApiList<T>, 'object' | 'data' | 'has_more' | 'url'>;
type IntentObject = Pick<
  Stripe.PaymentIntent,
  | 'id'
  | 'object'
  | 'amount'
  | 'amount_capturable'
  | 'amount_received'
  | 'currency'
  | 'status'
  | 'capture_method'
  | 'cancellation_reason'
  | 'latest_charge'
  | 'customer'
  | 'payment_method'
  | 'last_payment_error'
  | 'metadata'
  | 'livemode'
  | 'created'
>;
type ChargeObject = Pick<
  Stripe.Charge,
  | 'id'
  | 'object'
  | 'amount'
  | 'amount_captured'
  | 'amount_refunded'
  | 'captured'
  | 'refunded'
  | 'paid'
  | 'status'
  | 'currency'
  | 'customer'
  | 'payment_intent'
  | 'disputed'
  | 'failure_code'
  | 'failure_message'
  | 'created'
> & {
  payment_method_details: {
    type: string;
    card: Pick<Stripe.Charge.PaymentMethodDetails.Card, 'brand' | 'last4' | 'exp_month' | 'exp_year'>;
  };
};
type CustomerObject = Pick<Stripe.Customer, 'id' | 'object' | 'email' | 'name' | 'phone' | 'metadata' | 'livemode' | 'created'>;
type PaymentMethodObject = Pick<Stripe.PaymentMethod, 'id' | 'object' | 'type' | 'customer' | 'created'> & {
  card: Pick<Stripe.PaymentMethod.Card, 'brand' | 'last4' | 'exp_month' | 'exp_year' | 'funding'>;
};
type DisputeObject = Pick<
  Stripe.Dispute,
  'id' | 'object' | 'amount' | 'currency' | 'charge' | 'payment_intent' | 'reason' | 'status' | 'created'
> & { evidence_details: Pick<Stripe.Dispute.EvidenceDetails, 'due_by'> };
/** The event a refund transition delivers (its object is the stand-in's refund). */
type RefundEvent = Omit<Stripe.RefundUpdatedEvent, 'type' | 'data'> & {
  type: 'refund.updated' | 'refund.failed';
  data: { object: StripeRefundObject };
};

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
    readonly type: ErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
    /**
     * The request failed parameter validation, before the endpoint started executing: Stripe saves nothing under its
     * idempotency key, so a corrected retry with the same key goes through.
     */
    readonly validation = false,
  ) {
    super(message);
  }
  envelope(): ErrorBody {
    return { error: { type: this.type, code: this.code, message: this.message, param: this.param } };
  }
}
const missing = (kind: string, id: string, param = 'id'): ApiError =>
  new ApiError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, 'resource_missing', param);
/** A parameter that fails validation (400, not saved under the idempotency key). */
const invalidParam = (message: string, code: string, param?: string): ApiError =>
  new ApiError(400, 'invalid_request_error', message, code, param, true);
/** Stripe's request ids: `req_` and 14 characters, unique across restarts. */
const newRequestId = (): string => `req_${randomBytes(7).toString('hex')}`;

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
      'payments.authorized_at as authorizedAt',
      'payments.failed_at as failedAt',
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
/** A refund made through the stand-in (a `stripe_standin_refunds` row). */
interface StandinRefund {
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
  status: Stripe.PaymentIntent.Status;
  amountReceived: number;
  cancellationReason?: Stripe.PaymentIntent.CancellationReason;
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
function intentStatus(status: PaymentStatus): Stripe.PaymentIntent.Status {
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

export async function startStripeStandin(options: StripeStandinOptions): Promise<StripeStandin> {
  const { db } = options;
  const secretKey = options.secretKey ?? 'sk_test_sample';
  /** Customers deleted through DELETE /v1/customers/:id (Stripe then answers retrieve with `deleted: true`). */
  const deletedCustomers = new Set<string>();
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

  const selectStandinRefunds = () =>
    db
      .selectFrom('stripe_standin_refunds')
      .select(['id', 'payment_intent', 'amount', 'status', 'reason', 'failure_reason', 'metadata', 'created']);
  type StandinRow = Awaited<ReturnType<ReturnType<typeof selectStandinRefunds>['executeTakeFirstOrThrow']>>;
  const fromRow = (r: StandinRow): StandinRefund => ({
    id: r.id,
    intentId: r.payment_intent,
    amount: r.amount,
    reason: r.reason,
    status: r.status,
    failureReason: r.failure_reason,
    metadata: typeof r.metadata === 'string' ? (JSON.parse(r.metadata) as Record<string, string>) : r.metadata,
    created: r.created,
  });
  /**
   * The stand-in's refunds, read once at start and written through on every change: the table is what survives a
   * restart, the map keeps reads (every charge and refund list) as cheap as Stripe's.
   */
  const standinRefunds = new Map<string, StandinRefund>(
    (await selectStandinRefunds().orderBy('created').orderBy('id').execute()).map((r) => [r.id, fromRow(r)]),
  );
  /** The refunds made here for one payment intent, oldest first. */
  const standinRefundsOf = (intentId: string): StandinRefund[] =>
    [...standinRefunds.values()].filter((r) => r.intentId === intentId);
  const standinRefund = (id: string): StandinRefund | undefined => standinRefunds.get(id);

  const refundObject = (r: StandinRefund, currency: string, charge: string | null): StripeRefundObject => ({
    id: r.id,
    object: 'refund',
    amount: r.amount,
    currency,
    charge,
    payment_intent: r.intentId,
    reason: r.reason,
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
    const memory = standinRefundsOf(p.intentId);
    const history = await dbRefunds([p.paymentId]);
    const mine = new Set(memory.map((r) => r.id));
    const rows = history.filter((r) => r.stripe_refund_id && !mine.has(r.stripe_refund_id));
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

  const intentObject = (p: PaymentRow): IntentObject => {
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
      last_payment_error: p.failureCode
        ? { code: p.failureCode, ...(p.failureMessage ? { message: p.failureMessage } : {}), type: 'card_error' }
        : null,
      metadata: { payment_id: p.paymentId },
      livemode: false,
      created: unix(p.createdAt),
    };
  };

  const chargeObject = async (p: PaymentRow): Promise<ChargeObject | null> => {
    const intent = intentObject(p);
    const status = intent.status;
    const id = chargeIdOf(p, status);
    if (!id && p.status !== 'failed') return null;
    const captured = status === 'succeeded';
    const amountCaptured = captured ? intent.amount_received : 0;
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
      // A charge is made when the card is authorised (or declined), not when the booking's intent was created.
      created: unix(p.authorizedAt ?? p.failedAt ?? p.createdAt),
    };
  };

  function paymentMethodId(customer: string, brand: string | null, last4: string | null): string {
    return `pm_${hexId(`${customer}:${brand ?? 'visa'}:${last4 ?? '4242'}`, 24)}`;
  }

  /** Stripe's list envelope, newest first, paged by limit / starting_after / ending_before. */
  function list<T extends { id: string; created: number }>(path: string, items: T[], params: Form): ListBody<T> {
    const limitRaw = str(params, 'limit');
    const limit = limitRaw === undefined ? 10 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw invalidParam('Invalid integer: limit must be between 1 and 100', 'parameter_invalid_integer', 'limit');
    }
    const sorted = [...items].sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
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
      return ok<Stripe.DeletedCustomer>({ id, object: 'customer', deleted: true });
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/customers\/([^/]+)$/))) {
      const id = decodeURIComponent(m[1] ?? '');
      if (deletedCustomers.has(id)) return ok<Stripe.DeletedCustomer>({ id, object: 'customer', deleted: true });
      const u = await db
        .selectFrom('users')
        .select(['id', 'email', 'first_name', 'last_name', 'phone', 'created_at'])
        .where('stripe_customer_id', '=', id)
        .executeTakeFirst();
      if (!u) throw missing('customer', id);
      return ok<CustomerObject>({
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
      if (!customer) throw invalidParam('Missing required param: customer.', 'parameter_missing', 'customer');
      const rows = await basePayments().where('users.stripe_customer_id', '=', customer).execute();
      const cards = new Map<string, PaymentMethodObject>();
      for (const p of rows) {
        const id = paymentMethodId(customer, p.cardBrand, p.cardLast4);
        const prev = cards.get(id);
        if (!prev || prev.created > unix(p.createdAt)) {
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
          charges.filter((c): c is ChargeObject => c !== null),
          params,
        ),
      );
    }
    if (method === 'GET' && path === '/v1/refunds') {
      const intent = str(params, 'payment_intent');
      const charge = str(params, 'charge');
      const p = intent ? await paymentByIntent(intent) : charge ? await paymentByCharge(charge) : undefined;
      if (!p) return ok(list<StripeRefundObject>(path, [], params));
      return ok(list(path, (await refundsFor(p)).objects, params));
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/refunds\/([^/]+)$/))) {
      const id = decodeURIComponent(m[1] ?? '');
      const r = standinRefund(id);
      if (!r) throw missing('refund', id);
      const p = await requirePayment(r.intentId);
      return ok(refundObject(r, p.currency, chargeIdOf(p, 'succeeded')));
    }
    if (method === 'GET' && path === '/v1/disputes') {
      const intent = str(params, 'payment_intent');
      const p = intent ? await paymentByIntent(intent) : undefined;
      const disputes: DisputeObject[] =
        p && p.disputedAt
          ? [
              {
                id: `dp_${p.intentId.slice(3)}`,
                object: 'dispute',
                amount: p.amount,
                currency: p.currency,
                charge: chargeIdOf(p, 'succeeded') ?? `ch_${p.intentId.slice(3)}`,
                payment_intent: p.intentId,
                reason: 'product_not_received',
                status:
                  p.disputeStatus !== null &&
                  ['warning_needs_response', 'needs_response', 'under_review', 'won', 'lost'].includes(p.disputeStatus)
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
    throw new ApiError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${method}: ${path}).`,
      undefined,
      undefined,
      true,
    );
  }

  async function createRefund(params: Form): Promise<Saved> {
    const intentId = str(params, 'payment_intent');
    const chargeId = str(params, 'charge');
    if (!intentId && !chargeId) {
      throw invalidParam(
        'One of the following params should be provided for this request: payment_intent or charge.',
        'parameter_missing',
      );
    }
    const p = intentId ? await requirePayment(intentId, 'payment_intent') : await paymentByCharge(chargeId ?? '');
    if (!p) throw missing('charge', chargeId ?? '', 'charge');
    const reason = str(params, 'reason') ?? null;
    if (reason !== null && !REFUND_REASONS.has(reason)) {
      throw invalidParam(
        'Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer',
        'parameter_invalid_string',
        'reason',
      );
    }
    // Stripe validates every parameter before the endpoint starts executing.
    const amountRaw = str(params, 'amount');
    const asked = amountRaw === undefined ? null : Number(amountRaw);
    if (asked !== null && (!Number.isInteger(asked) || asked <= 0)) {
      throw invalidParam('Invalid positive integer', 'parameter_invalid_integer', 'amount');
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
        `Charge ${chargeIdOf(p, intent.status) ?? p.intentId} has been charged back; refunds are not allowed while it is disputed.`,
        'charge_disputed',
      );
    }
    const received = intent.amount_received;
    const { total } = await refundsFor(p);
    const remaining = received - total;
    const charge = chargeIdOf(p, intent.status) ?? p.intentId;
    if (remaining <= 0) {
      throw new ApiError(400, 'invalid_request_error', `Charge ${charge} has already been refunded.`, 'charge_already_refunded');
    }
    const amount = asked ?? remaining;
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
    const refund: StandinRefund = {
      id: `re_${randomBytes(12).toString('hex')}`,
      intentId: p.intentId,
      amount,
      reason,
      status: next?.status ?? 'succeeded',
      failureReason: next?.status === 'failed' ? (next.failureReason ?? 'expired_or_canceled_card') : null,
      metadata: flatStrings(params.metadata),
      created: Math.floor(Date.now() / 1000),
    };
    await db
      .insertInto('stripe_standin_refunds')
      .values({
        id: refund.id,
        payment_intent: refund.intentId,
        amount: refund.amount,
        status: refund.status,
        reason: refund.reason,
        failure_reason: refund.failureReason,
        metadata: JSON.stringify(refund.metadata),
        created: refund.created,
      })
      .execute();
    standinRefunds.set(refund.id, refund);
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
    const asked = str(params, 'cancellation_reason');
    const reasons: Stripe.PaymentIntentCancelParams.CancellationReason[] = [
      'abandoned',
      'duplicate',
      'fraudulent',
      'requested_by_customer',
    ];
    overlays.set(id, {
      status: 'canceled',
      amountReceived: 0,
      cancellationReason: reasons.find((r) => r === asked) ?? 'requested_by_customer',
    });
    return ok(intentObject(p));
  }

  const ok = <T>(body: T): Saved => ({ status: 200, body });

  function takeFault(): Fault | undefined {
    const f = faults[0];
    if (!f) return undefined;
    f.remaining -= 1;
    if (f.remaining <= 0) faults.shift();
    return f;
  }

  const idempotencyError = (message: string, code?: string): Saved => ({
    status: code ? 409 : 400,
    body: { error: { type: 'idempotency_error', code, message } } satisfies ErrorBody,
  });

  /**
   * Takes `key` for this request (a row with no response yet), unless a live row holds it: then that row is the
   * answer (replayed, refused for other parameters, or 409 while its first request still runs). A row older than
   * 24 hours is expired, as Stripe's keys are, and taken over.
   */
  async function claimKey(
    key: string,
    digest: string,
    requestId: string,
  ): Promise<{ claimed: true } | { claimed: false; answer: Saved; replayOf: string | null }> {
    const expired = new Date(Date.now() - IDEMPOTENCY_TTL_MS);
    const taken = await db
      .insertInto('stripe_standin_idempotency')
      .values({ key, digest, status: null, body: null, request_id: requestId })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({ digest, status: null, body: null, request_id: requestId, saved_at: sql`now()` })
          .where('stripe_standin_idempotency.saved_at', '<', expired.toISOString()),
      )
      .returning('key')
      .executeTakeFirst();
    if (taken) return { claimed: true };
    const entry = await db
      .selectFrom('stripe_standin_idempotency')
      .select(['digest', 'status', 'body', 'request_id'])
      .where('key', '=', key)
      .executeTakeFirst();
    // The holder let go in between (its request failed validation): take the key again.
    if (!entry) return claimKey(key, digest, requestId);
    if (entry.digest !== digest) {
      return {
        claimed: false,
        replayOf: null,
        answer: idempotencyError(
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        ),
      };
    }
    if (entry.status === null) {
      return {
        claimed: false,
        replayOf: null,
        answer: idempotencyError(
          `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
          'idempotency_key_in_use',
        ),
      };
    }
    return { claimed: false, replayOf: entry.request_id, answer: { status: entry.status, body: entry.body } };
  }

  const releaseKey = (key: string, requestId: string) =>
    db.deleteFrom('stripe_standin_idempotency').where('key', '=', key).where('request_id', '=', requestId).execute();

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (options.testHooks && path.startsWith('/_standin/')) return handleTestHook(req, res, method, path);
    seen.push({ method, path });
    const requestId = newRequestId();
    const reply = (s: Saved, extra: Record<string, string> = {}) =>
      sendJson(res, s.status, s.body, { 'request-id': requestId, ...extra });

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
        } satisfies ErrorBody,
      });
      return;
    }
    const body = method === 'POST' ? (await readBody(req)).toString('utf8') : url.search.slice(1);
    if (faults[0]?.where === 'edge') {
      const f = takeFault();
      if (f)
        return reply({
          status: f.status,
          body: { error: { type: f.type, code: f.code, message: f.message } } satisfies ErrorBody,
        });
    }
    const params = parseForm(body);

    const idemKey = method === 'POST' ? req.headers['idempotency-key'] : undefined;
    const keyName = typeof idemKey === 'string' && idemKey.length > 0 ? idemKey : null;
    // Stripe compares the whole request: same endpoint and the same parameters, in any order.
    const digest = `${method} ${path} ${JSON.stringify([...new URLSearchParams(body)].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))}`;
    if (keyName) {
      const claim = await claimKey(keyName, digest, requestId);
      if (!claim.claimed) {
        return reply(claim.answer, claim.replayOf ? { 'idempotent-replayed': 'true', 'original-request': claim.replayOf } : {});
      }
    }

    const delay = delays[0];
    if (delay) {
      delay.remaining -= 1;
      if (delay.remaining <= 0) delays.shift();
      await sleep(delay.ms);
    }

    let result: Saved;
    let saved = true;
    const apiFault = faults[0]?.where === 'api' ? takeFault() : undefined;
    if (apiFault) {
      result = {
        status: apiFault.status,
        body: { error: { type: apiFault.type, code: apiFault.code, message: apiFault.message } } satisfies ErrorBody,
      };
    } else {
      try {
        result = (await routeConnect(db, req, method, path, params)) ?? (await route(method, path, params));
      } catch (error) {
        if (!(error instanceof ApiError)) {
          // An unexpected failure (e.g. the database) is not Stripe's answer: free the key so a retry can run.
          if (keyName) await releaseKey(keyName, requestId);
          throw error;
        }
        result = { status: error.status, body: error.envelope() };
        saved = !error.validation;
      }
    }
    if (keyName) {
      if (saved) {
        await db
          .updateTable('stripe_standin_idempotency')
          .set({ status: result.status, body: JSON.stringify(result.body) })
          .where('key', '=', keyName)
          .where('request_id', '=', requestId)
          .execute();
      } else {
        await releaseKey(keyName, requestId);
      }
    }
    reply(result);
  }

  async function transitionRefund(
    id: string,
    status: 'succeeded' | 'failed' | 'canceled',
    failureReason?: string,
  ): Promise<{ refund: StripeRefundObject; delivery: DeliveryResult | null }> {
    const r = standinRefund(id);
    if (!r) throw new HookError(404, `no refund ${id} was made through the stand-in`);
    if (r.status !== 'pending' && r.status !== 'requires_action' && !(r.status === 'succeeded' && status === 'failed'))
      throw new HookError(409, `refund ${id} is ${r.status}; it cannot become ${status}`);
    const moved: StandinRefund = {
      ...r,
      status,
      failureReason: status === 'succeeded' ? null : (failureReason ?? 'expired_or_canceled_card'),
    };
    await db
      .updateTable('stripe_standin_refunds')
      .set({ status: moved.status, failure_reason: moved.failureReason })
      .where('id', '=', id)
      .execute();
    standinRefunds.set(id, moved);
    const p = await paymentByIntent(r.intentId);
    const refund = refundObject(moved, p?.currency ?? 'usd', p ? chargeIdOf(p, 'succeeded') : null);
    const delivery = options.webhook
      ? await deliver(options.webhook, status === 'failed' ? 'refund.failed' : 'refund.updated', refund)
      : null;
    return { refund, delivery };
  }

  /**
   * Delivers one event as Stripe does: POST of the JSON event, `Stripe-Signature: t=…,v1=HMAC-SHA256(secret,
   * "t.body")`, retried on any non-2xx answer (here a few times within seconds, where Stripe keeps trying for days).
   */
  async function deliver(
    target: StandinWebhookTarget,
    type: RefundEvent['type'],
    object: StripeRefundObject,
  ): Promise<DeliveryResult> {
    const event: RefundEvent = stripeEventEnvelope(`evt_${randomBytes(12).toString('hex')}`, type, object);
    const payload = JSON.stringify(event);
    let last: DeliveryResult = { eventId: event.id, type, status: null, error: 'not sent' };
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const t = Math.floor(Date.now() / 1000);
      const signature = createHmac('sha256', target.secret).update(`${t}.${payload}`).digest('hex');
      try {
        const res = await fetch(target.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': `t=${t},v1=${signature}` },
          body: payload,
          signal: AbortSignal.timeout(10_000),
        });
        await res.text();
        last = { eventId: event.id, type, status: res.status, error: null };
        if (res.ok) return last;
      } catch (error) {
        last = { eventId: event.id, type, status: null, error: error instanceof Error ? error.message : String(error) };
      }
      await sleep(250 * attempt);
    }
    return last;
  }

  /** The HTTP test hooks (see `testHooks`): JSON in, JSON out, on the stand-in's own loopback server. */
  async function handleTestHook(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
    try {
      let input: Record<string, unknown> = {};
      if (method === 'POST') {
        const text = (await readBody(req)).toString('utf8');
        const parsed: unknown = text.length > 0 ? JSON.parse(text) : {};
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new HookError(400, 'body must be a JSON object');
        input = parsed as Record<string, unknown>;
      }
      const failure = typeof input.failureReason === 'string' ? input.failureReason : undefined;
      if (method === 'GET' && path === '/_standin/refunds') {
        const rows = [...standinRefunds.values()].sort((a, b) => b.created - a.created || b.id.localeCompare(a.id)).slice(0, 100);
        return sendJson(res, 200, { data: rows.map((r) => refundObject(r, 'usd', null)) });
      }
      if (method === 'POST' && path === '/_standin/refunds/next') {
        const status = input.status;
        if (status !== 'pending' && status !== 'requires_action' && status !== 'failed')
          throw new HookError(400, 'status: must be pending, requires_action or failed');
        const count = typeof input.count === 'number' && Number.isInteger(input.count) && input.count > 0 ? input.count : 1;
        nextRefunds.push({ status, failureReason: failure ?? null, remaining: count });
        return sendJson(res, 200, { next: { status, count } });
      }
      const m = path.match(/^\/_standin\/refunds\/([^/]+)\/transition$/);
      if (method === 'POST' && m) {
        const status = input.status;
        if (status !== 'succeeded' && status !== 'failed' && status !== 'canceled')
          throw new HookError(400, 'status: must be succeeded, failed or canceled');
        const moved = await serialized(() => transitionRefund(decodeURIComponent(m[1] ?? ''), status, failure));
        return sendJson(res, 200, moved);
      }
      throw new HookError(404, `no test hook ${method} ${path}`);
    } catch (error) {
      if (error instanceof HookError) return sendJson(res, error.status, { error: error.message });
      if (error instanceof SyntaxError) return sendJson(res, 400, { error: `body is not JSON: ${error.message}` });
      throw error;
    }
  }

  // Keys older than Stripe's 24 hours are gone for good; a start is a fine moment to let them go.
  await db
    .deleteFrom('stripe_standin_idempotency')
    .where('saved_at', '<', new Date(Date.now() - IDEMPOTENCY_TTL_MS).toISOString())
    .execute();
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
    transitionRefund: async (id, status, failureReason) =>
      (await serialized(() => transitionRefund(id, status, failureReason))).refund,
    refundsOf: async (intentId) => {
      const p = await paymentByIntent(intentId);
      return standinRefundsOf(intentId).map((r) => refundObject(r, p?.currency ?? 'usd', p ? chargeIdOf(p, 'succeeded') : null));
    },
    requestCount: (filter) =>
      seen.filter(
        (r) =>
          (!filter?.method || r.method === filter.method) &&
          (!filter?.path || (typeof filter.path === 'string' ? r.path === filter.path : filter.path.test(r.path))),
      ).length,
  };
}

/** What delivering one event to the webhook target came to (the last attempt's HTTP status, or why none). */
export interface DeliveryResult {
  eventId: string;
  type: string;
  status: number | null;
  error: string | null;
}

class HookError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
