import type { Db } from '@ops/db';
import { missing } from './standin-wire.js';

/** The database rows the stand-in's Stripe objects are built from: payments with their customer, card refunds, users. */

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
export type PaymentRow = Awaited<ReturnType<ReturnType<typeof selectPayments>['executeTakeFirstOrThrow']>>;

export const paymentByIntent = (db: Db, intentId: string): Promise<PaymentRow | undefined> =>
  selectPayments(db).where('payments.stripe_payment_intent_id', '=', intentId).executeTakeFirst();

export async function paymentByCharge(db: Db, chargeId: string): Promise<PaymentRow | undefined> {
  const direct = await selectPayments(db).where('payments.stripe_charge_id', '=', chargeId).executeTakeFirst();
  // A charge id the stand-in derived for a row without one maps back to its intent.
  return direct ?? (chargeId.startsWith('ch_') ? paymentByIntent(db, `pi_${chargeId.slice(3)}`) : undefined);
}

/** The payment of an intent, or Stripe's 404 naming `param`. */
export async function requirePayment(db: Db, intentId: string, param = 'id'): Promise<PaymentRow> {
  const p = await paymentByIntent(db, intentId);
  if (!p) throw missing('payment_intent', intentId, param);
  return p;
}

/** Every payment, or those of one intent and/or one customer. */
export function paymentsWhere(db: Db, filter: { intent?: string; customer?: string }): Promise<PaymentRow[]> {
  let rows = selectPayments(db);
  if (filter.intent) rows = rows.where('payments.stripe_payment_intent_id', '=', filter.intent);
  if (filter.customer) rows = rows.where('users.stripe_customer_id', '=', filter.customer);
  return rows.execute();
}

/** The card refunds of one payment that the sample history says went through Stripe. */
export const cardRefundHistory = (db: Db, paymentId: string) =>
  db
    .selectFrom('refunds')
    .select(['payment_id', 'stripe_refund_id', 'amount_cents', 'override_code', 'status', 'created_at', 'id'])
    .where('payment_id', '=', paymentId)
    .where('method', '=', 'card')
    .where('stripe_refund_id', 'is not', null)
    .execute();

export const customerRow = (db: Db, customerId: string) =>
  db
    .selectFrom('users')
    .select(['id', 'email', 'first_name', 'last_name', 'phone', 'created_at'])
    .where('stripe_customer_id', '=', customerId)
    .executeTakeFirst();
export type CustomerRow = NonNullable<Awaited<ReturnType<typeof customerRow>>>;
