import type Stripe from 'stripe';
import {
  chargeIdOf,
  chargeObject,
  customerObject,
  disputeObjects,
  intentObject,
  paymentMethodObjects,
  refundObject,
  refundsFor,
  type StripeRefundObject,
} from './standin-objects.js';
import { cancel, capture, createRefund } from './standin-operations.js';
import { customerRow, paymentByCharge, paymentByIntent, paymentsWhere, requirePayment } from './standin-rows.js';
import type { StandinState } from './standin-state.js';
import { ApiError, invalidParam, list, missing, ok, str, type Form, type Saved } from './standin-wire.js';

const idIn = (m: RegExpMatchArray): string => decodeURIComponent(m[1] ?? '');

/**
 * Answers one request to Stripe's REST API (past authentication, idempotency and injected faults): the reads of
 * customers, payment methods, intents, charges, refunds and disputes, and the writes that move money. An
 * unknown endpoint is Stripe's 404.
 */
export async function route(state: StandinState, method: string, path: string, params: Form): Promise<Saved> {
  const { db } = state;
  let m: RegExpMatchArray | null;
  if (method === 'DELETE' && (m = path.match(/^\/v1\/customers\/([^/]+)$/))) {
    const id = idIn(m);
    if (!(await customerRow(db, id)) || state.deletedCustomers.has(id)) throw missing('customer', id);
    state.deletedCustomers.add(id);
    return ok<Stripe.DeletedCustomer>({ id, object: 'customer', deleted: true });
  }
  if (method === 'GET' && (m = path.match(/^\/v1\/customers\/([^/]+)$/))) {
    const id = idIn(m);
    if (state.deletedCustomers.has(id)) return ok<Stripe.DeletedCustomer>({ id, object: 'customer', deleted: true });
    const u = await customerRow(db, id);
    if (!u) throw missing('customer', id);
    return ok(customerObject(id, u));
  }
  const pmMatch = path.match(/^\/v1\/customers\/([^/]+)\/payment_methods$/);
  if (method === 'GET' && (path === '/v1/payment_methods' || pmMatch)) {
    const customer = pmMatch ? idIn(pmMatch) : str(params, 'customer');
    if (!customer) throw invalidParam('Missing required param: customer.', 'parameter_missing', 'customer');
    return ok(list(path, paymentMethodObjects(customer, await paymentsWhere(db, { customer })), params));
  }
  if (method === 'GET' && (m = path.match(/^\/v1\/payment_intents\/([^/]+)$/))) {
    return ok(intentObject(state, await requirePayment(db, idIn(m))));
  }
  if (method === 'GET' && path === '/v1/charges') {
    const rows = await paymentsWhere(db, { intent: str(params, 'payment_intent'), customer: str(params, 'customer') });
    const charges = await Promise.all(rows.map((p) => chargeObject(state, p)));
    return ok(
      list(
        path,
        charges.filter((c) => c !== null),
        params,
      ),
    );
  }
  if (method === 'GET' && path === '/v1/refunds') {
    const intent = str(params, 'payment_intent');
    const charge = str(params, 'charge');
    const p = intent ? await paymentByIntent(db, intent) : charge ? await paymentByCharge(db, charge) : undefined;
    if (!p) return ok(list<StripeRefundObject>(path, [], params));
    return ok(list(path, (await refundsFor(state, p)).objects, params));
  }
  if (method === 'GET' && (m = path.match(/^\/v1\/refunds\/([^/]+)$/))) {
    const id = idIn(m);
    const r = state.refund(id);
    if (!r) throw missing('refund', id);
    const p = await requirePayment(db, r.intentId);
    return ok(refundObject(r, p.currency, chargeIdOf(p, 'succeeded')));
  }
  if (method === 'GET' && path === '/v1/disputes') {
    const intent = str(params, 'payment_intent');
    const p = intent ? await paymentByIntent(db, intent) : undefined;
    return ok(list(path, disputeObjects(p), params));
  }
  if (method === 'POST' && path === '/v1/refunds') return state.serialized(() => createRefund(state, params));
  if (method === 'POST' && (m = path.match(/^\/v1\/payment_intents\/([^/]+)\/(capture|cancel)$/))) {
    const id = idIn(m);
    const action = m[2] === 'capture' ? capture : cancel;
    return state.serialized(() => action(state, id, params));
  }
  throw new ApiError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`, undefined, undefined, true);
}
