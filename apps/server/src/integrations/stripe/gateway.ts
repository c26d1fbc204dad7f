import Stripe from 'stripe';
import type { PayoutAccountSummary, PayoutSummary } from '@ops/shared';

/** How a Stripe failure is told apart by callers (a refund flow treats `card` and `connection` very differently). */
export type StripeErrorKind =
  'card' | 'invalid_request' | 'idempotency' | 'authentication' | 'rate_limit' | 'api' | 'timeout' | 'connection';

export class StripeGatewayError extends Error {
  constructor(
    message: string,
    readonly kind: StripeErrorKind,
    /** Stripe's error code (`amount_too_large`, `resource_missing`, `idempotency_key_in_use`, …) when it sent one. */
    readonly code: string | null,
    readonly statusCode: number | null,
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'StripeGatewayError';
  }
}

export interface StripeCustomerInfo {
  id: string;
  email: string | null;
  name: string | null;
  createdAt: string;
  metadata: Record<string, string>;
}
export interface StripeCard {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}
export interface StripePaymentMethodInfo {
  id: string;
  type: string;
  card: StripeCard | null;
  createdAt: string;
}
const INTENT_STATUSES = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'requires_capture',
  'canceled',
  'succeeded',
] as const;
/** `unknown` stands for a status newer than this code (Stripe adds values without a version bump). */
export type StripeIntentStatus = (typeof INTENT_STATUSES)[number] | 'unknown';
const CHARGE_STATUSES = ['succeeded', 'pending', 'failed'] as const;
export type StripeChargeStatus = (typeof CHARGE_STATUSES)[number] | 'unknown';
const known = <T extends string>(values: readonly T[], value: string): T | 'unknown' =>
  (values as readonly string[]).includes(value) ? (value as T) : 'unknown';
export interface StripePaymentIntentInfo {
  id: string;
  status: StripeIntentStatus;
  amountCents: number;
  amountCapturableCents: number;
  amountReceivedCents: number;
  currency: string;
  customerId: string | null;
  latestChargeId: string | null;
  lastErrorCode: string | null;
  metadata: Record<string, string>;
  createdAt: string;
}
export interface StripeChargeInfo {
  id: string;
  status: StripeChargeStatus;
  amountCents: number;
  amountCapturedCents: number;
  amountRefundedCents: number;
  captured: boolean;
  refunded: boolean;
  paid: boolean;
  disputed: boolean;
  paymentIntentId: string | null;
  card: Pick<StripeCard, 'brand' | 'last4'> | null;
  failureCode: string | null;
  createdAt: string;
}
export type StripeRefundReason = 'duplicate' | 'fraudulent' | 'requested_by_customer';
export interface StripeRefundInfo {
  id: string;
  amountCents: number;
  currency: string;
  chargeId: string | null;
  paymentIntentId: string | null;
  reason: string | null;
  status: string | null;
  /** Why a failed or canceled refund did not go through (`expired_or_canceled_card`, `lost_or_stolen_card`, …). */
  failureReason: string | null;
  metadata: Record<string, string>;
  createdAt: string;
}
export interface StripeDisputeInfo {
  id: string;
  amountCents: number;
  status: string;
  reason: string;
  chargeId: string | null;
  paymentIntentId: string | null;
  createdAt: string;
}

/** A connected (Stripe Connect) account: an instructor's payout account. */
export interface StripeConnectAccountInfo extends PayoutAccountSummary {
  createdAt: string | null;
}
export interface StripeBalanceAmount {
  amountCents: number;
  currency: string;
}
/** A connected account's balance, one entry per currency. */
export interface StripeBalanceInfo {
  available: StripeBalanceAmount[];
  pending: StripeBalanceAmount[];
}
export interface StripePayoutInfo extends PayoutSummary {
  createdAt: string;
}

export interface StripeGatewayOptions {
  secretKey: string;
  /** Another origin for the API, e.g. a stand-in at http://127.0.0.1:4242; production leaves it unset. */
  apiBase?: string | undefined;
  timeoutMs: number;
  /** Retries on connection errors, 409 and 5xx (stripe-node reuses the idempotency key for them). Default 2. */
  maxNetworkRetries?: number;
}

/** Per-call options of the money-moving calls: the idempotency key is required, never defaulted. */
export interface IdempotentCall {
  idempotencyKey: string;
}

export interface StripeGateway {
  getCustomer(id: string, signal?: AbortSignal): Promise<StripeCustomerInfo>;
  listPaymentMethods(customerId: string, signal?: AbortSignal): Promise<StripePaymentMethodInfo[]>;
  getPaymentIntent(id: string, signal?: AbortSignal): Promise<StripePaymentIntentInfo>;
  listCharges(filter: { customer?: string; paymentIntent?: string }, signal?: AbortSignal): Promise<StripeChargeInfo[]>;
  listRefunds(filter: { paymentIntent: string }, signal?: AbortSignal): Promise<StripeRefundInfo[]>;
  getRefund(id: string, signal?: AbortSignal): Promise<StripeRefundInfo>;
  listDisputes(filter: { paymentIntent: string }, signal?: AbortSignal): Promise<StripeDisputeInfo[]>;
  // Writes take no signal: abandoning a money movement half-way leaves its outcome unknown; the key is the retry path.
  createRefund(
    input: { paymentIntent: string; amountCents?: number; reason?: StripeRefundReason; metadata?: Record<string, string> },
    call: IdempotentCall,
  ): Promise<StripeRefundInfo>;
  capturePaymentIntent(id: string, input: { amountToCapture?: number }, call: IdempotentCall): Promise<StripePaymentIntentInfo>;
  cancelPaymentIntent(id: string, call: IdempotentCall): Promise<StripePaymentIntentInfo>;
  /** DELETE /v1/customers/:id (a privacy erasure). A customer Stripe no longer knows counts as deleted. */
  deleteCustomer(id: string): Promise<{ id: string; alreadyGone: boolean }>;
  /** GET /v1/accounts/:id — a connected account as the platform sees it. */
  getConnectAccount(accountId: string, signal?: AbortSignal): Promise<StripeConnectAccountInfo>;
  /** GET /v1/balance on behalf of a connected account (`Stripe-Account` header). */
  getConnectBalance(accountId: string, signal?: AbortSignal): Promise<StripeBalanceInfo>;
  /** GET /v1/payouts on behalf of a connected account, newest first, at most `limit` (1–100). */
  listConnectPayouts(accountId: string, options: { limit: number }, signal?: AbortSignal): Promise<StripePayoutInfo[]>;
}

/** Lists are read whole up to this many objects (a customer's history is small; this stops a runaway loop). */
const LIST_CAP = 500;

const iso = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString();
const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value === null || value === undefined ? null : typeof value === 'string' ? value : value.id;

function toGatewayError(error: unknown): StripeGatewayError {
  if (error instanceof StripeGatewayError) return error;
  if (error instanceof Stripe.errors.StripeError) {
    const code = error.code ?? null;
    const status = error.statusCode ?? null;
    const requestId = error.requestId ?? null;
    if (error instanceof Stripe.errors.StripeConnectionError) {
      const timedOut = /timeout/i.test(error.message);
      return new StripeGatewayError(error.message, timedOut ? 'timeout' : 'connection', code, status, requestId);
    }
    const byRawType: Record<string, StripeErrorKind> = {
      card_error: 'card',
      invalid_request_error: 'invalid_request',
      idempotency_error: 'idempotency',
      api_error: 'api',
    };
    let kind: StripeErrorKind = (error.rawType && byRawType[error.rawType]) || 'api';
    if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError)
      kind = 'authentication';
    if (error instanceof Stripe.errors.StripeRateLimitError) kind = 'rate_limit';
    if (code?.startsWith('idempotency')) kind = 'idempotency';
    return new StripeGatewayError(error.message, kind, code, status, requestId);
  }
  return new StripeGatewayError(error instanceof Error ? error.message : String(error), 'connection', null, null);
}

/** stripe-node takes no AbortSignal; a cut budget stops waiting (the SDK's own timeout still ends the socket). */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new StripeGatewayError('request cancelled by caller', 'timeout', null, null));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new StripeGatewayError('request cancelled by caller', 'timeout', null, null));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function mapIntent(pi: Stripe.PaymentIntent): StripePaymentIntentInfo {
  return {
    id: pi.id,
    status: known(INTENT_STATUSES, pi.status),
    amountCents: pi.amount,
    amountCapturableCents: pi.amount_capturable,
    amountReceivedCents: pi.amount_received,
    currency: pi.currency,
    customerId: idOf(pi.customer),
    latestChargeId: idOf(pi.latest_charge),
    lastErrorCode: pi.last_payment_error?.code ?? null,
    metadata: { ...pi.metadata },
    createdAt: iso(pi.created),
  };
}

function mapRefund(r: Stripe.Refund): StripeRefundInfo {
  return {
    id: r.id,
    amountCents: r.amount,
    currency: r.currency,
    chargeId: idOf(r.charge),
    paymentIntentId: idOf(r.payment_intent),
    reason: r.reason ?? null,
    status: r.status ?? null,
    failureReason: r.failure_reason ?? null,
    metadata: { ...(r.metadata ?? {}) },
    createdAt: iso(r.created),
  };
}

function mapCharge(c: Stripe.Charge): StripeChargeInfo {
  const card = c.payment_method_details?.card;
  return {
    id: c.id,
    status: known(CHARGE_STATUSES, c.status),
    amountCents: c.amount,
    amountCapturedCents: c.amount_captured,
    amountRefundedCents: c.amount_refunded,
    captured: c.captured,
    refunded: c.refunded,
    paid: c.paid,
    disputed: c.disputed,
    paymentIntentId: idOf(c.payment_intent),
    card: card ? { brand: card.brand ?? 'unknown', last4: card.last4 ?? '????' } : null,
    failureCode: c.failure_code ?? null,
    createdAt: iso(c.created),
  };
}

/** The console's one way to Stripe, through the official SDK. Every error comes out as a StripeGatewayError. */
export function createStripeGateway(options: StripeGatewayOptions): StripeGateway {
  const base = options.apiBase ? new URL(options.apiBase) : null;
  const stripe = new Stripe(options.secretKey, {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs,
    // Telemetry headers describe the previous request to Stripe; a stand-in has no use for them.
    telemetry: base === null,
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'https:' ? '443' : '80'),
          protocol: base.protocol === 'https:' ? ('https' as const) : ('http' as const),
        }
      : {}),
  });

  const call = async <T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    try {
      return await abortable(work(), signal);
    } catch (error) {
      throw toGatewayError(error);
    }
  };

  return {
    getCustomer: (id, signal) =>
      call(async () => {
        const c = await stripe.customers.retrieve(id);
        if ('deleted' in c && c.deleted)
          throw new StripeGatewayError(`customer ${id} was deleted`, 'invalid_request', 'resource_missing', 404);
        const customer = c as Stripe.Customer;
        return {
          id: customer.id,
          email: customer.email ?? null,
          name: customer.name ?? null,
          createdAt: iso(customer.created),
          metadata: { ...customer.metadata },
        };
      }, signal),
    listPaymentMethods: (customerId, signal) =>
      call(async () => {
        const methods = await stripe.paymentMethods
          .list({ customer: customerId, limit: 100 })
          .autoPagingToArray({ limit: LIST_CAP });
        return methods.map((pm) => ({
          id: pm.id,
          type: pm.type,
          card: pm.card
            ? { brand: pm.card.brand, last4: pm.card.last4, expMonth: pm.card.exp_month, expYear: pm.card.exp_year }
            : null,
          createdAt: iso(pm.created),
        }));
      }, signal),
    getPaymentIntent: (id, signal) => call(async () => mapIntent(await stripe.paymentIntents.retrieve(id)), signal),
    listCharges: (filter, signal) =>
      call(async () => {
        const params: Stripe.ChargeListParams = { limit: 100 };
        if (filter.customer) params.customer = filter.customer;
        if (filter.paymentIntent) params.payment_intent = filter.paymentIntent;
        return (await stripe.charges.list(params).autoPagingToArray({ limit: LIST_CAP })).map(mapCharge);
      }, signal),
    listRefunds: (filter, signal) =>
      call(
        async () =>
          (
            await stripe.refunds.list({ payment_intent: filter.paymentIntent, limit: 100 }).autoPagingToArray({ limit: LIST_CAP })
          ).map(mapRefund),
        signal,
      ),
    getRefund: (id, signal) => call(async () => mapRefund(await stripe.refunds.retrieve(id)), signal),
    listDisputes: (filter, signal) =>
      call(async () => {
        const disputes = await stripe.disputes
          .list({ payment_intent: filter.paymentIntent, limit: 100 })
          .autoPagingToArray({ limit: LIST_CAP });
        return disputes.map((d) => ({
          id: d.id,
          amountCents: d.amount,
          status: d.status,
          reason: d.reason,
          chargeId: idOf(d.charge),
          paymentIntentId: idOf(d.payment_intent),
          createdAt: iso(d.created),
        }));
      }, signal),
    createRefund: (input, { idempotencyKey }) =>
      call(async () => {
        const params: Stripe.RefundCreateParams = { payment_intent: input.paymentIntent };
        if (input.amountCents !== undefined) params.amount = input.amountCents;
        if (input.reason) params.reason = input.reason;
        if (input.metadata) params.metadata = input.metadata;
        return mapRefund(await stripe.refunds.create(params, { idempotencyKey }));
      }),
    capturePaymentIntent: (id, input, { idempotencyKey }) =>
      call(async () => {
        const params: Stripe.PaymentIntentCaptureParams = {};
        if (input.amountToCapture !== undefined) params.amount_to_capture = input.amountToCapture;
        return mapIntent(await stripe.paymentIntents.capture(id, params, { idempotencyKey }));
      }),
    cancelPaymentIntent: (id, { idempotencyKey }) =>
      call(async () => mapIntent(await stripe.paymentIntents.cancel(id, {}, { idempotencyKey }))),
    getConnectAccount: (accountId, signal) =>
      call(async () => {
        const a = await stripe.accounts.retrieve(accountId);
        const due = [...(a.requirements?.currently_due ?? []), ...(a.requirements?.past_due ?? [])];
        return {
          id: a.id,
          chargesEnabled: a.charges_enabled,
          payoutsEnabled: a.payouts_enabled,
          detailsSubmitted: a.details_submitted,
          requirementsDue: [...new Set(due)],
          disabledReason: a.requirements?.disabled_reason ?? null,
          createdAt: typeof a.created === 'number' ? iso(a.created) : null,
        };
      }, signal),
    getConnectBalance: (accountId, signal) =>
      call(async () => {
        const b = await stripe.balance.retrieve({}, { stripeAccount: accountId });
        const amounts = (list: Array<{ amount: number; currency: string }>): StripeBalanceAmount[] =>
          list.map((x) => ({ amountCents: x.amount, currency: x.currency }));
        return { available: amounts(b.available), pending: amounts(b.pending) };
      }, signal),
    listConnectPayouts: (accountId, options, signal) =>
      call(async () => {
        const page = await stripe.payouts.list({ limit: options.limit }, { stripeAccount: accountId });
        return page.data.map((p) => ({
          id: p.id,
          amountCents: p.amount,
          currency: p.currency,
          status: p.status,
          arrivalDate: iso(p.arrival_date),
          failureCode: p.failure_code ?? null,
          createdAt: iso(p.created),
        }));
      }, signal),
    deleteCustomer: async (id) => {
      try {
        const deleted = await call(() => stripe.customers.del(id));
        return { id: deleted.id, alreadyGone: false };
      } catch (error) {
        if (error instanceof StripeGatewayError && error.code === 'resource_missing') return { id, alreadyGone: true };
        throw error;
      }
    },
  };
}
