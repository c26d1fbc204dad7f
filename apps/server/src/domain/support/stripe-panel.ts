import type { StripePanel } from '@ops/shared';
import { DomainError } from '../errors.js';
import type { Context } from '../../context.js';
import type { DbOrTx } from '@ops/db';
import type { StripeChargeInfo } from '../../integrations/stripe/gateway.js';
import { fromVendor } from './sources.js';

type BookingRef = { id: string; shortId: string };

/** The console's bookings that Stripe's charges paid for, found by their payment rows in one query. */
async function bookingsOfCharges(
  db: DbOrTx,
  charges: StripeChargeInfo[],
): Promise<{ byIntent: Map<string, BookingRef>; byCharge: Map<string, BookingRef> }> {
  const intents = [...new Set(charges.map((c) => c.paymentIntentId).filter((id): id is string => id !== null))];
  const chargeIds = charges.map((c) => c.id);
  const byIntent = new Map<string, BookingRef>();
  const byCharge = new Map<string, BookingRef>();
  if (charges.length === 0) return { byIntent, byCharge };
  const rows = await db
    .selectFrom('payments as p')
    .innerJoin('bookings as b', 'b.id', 'p.booking_id')
    .select(['p.stripe_payment_intent_id as intentId', 'p.stripe_charge_id as chargeId', 'b.id', 'b.short_id'])
    .where((eb) =>
      eb.or([
        ...(intents.length > 0 ? [eb('p.stripe_payment_intent_id', 'in', intents)] : []),
        eb('p.stripe_charge_id', 'in', chargeIds),
      ]),
    )
    .execute();
  for (const r of rows) {
    const ref = { id: r.id, shortId: r.short_id };
    byIntent.set(r.intentId, ref);
    if (r.chargeId) byCharge.set(r.chargeId, ref);
  }
  return { byIntent, byCharge };
}

/**
 * Payment methods and charges of one person, read live from Stripe within the source budget. Stripe being slow,
 * down or not configured is an answer (the status says which), never an error that breaks the page.
 */
export async function loadStripePanel(
  ctx: Pick<Context, 'db' | 'integrations' | 'config'>,
  userId: string,
): Promise<StripePanel> {
  const user = await ctx.db.selectFrom('users').select(['id', 'stripe_customer_id']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new DomainError('NOT_FOUND', 'userId: no such user');
  const customerId = user.stripe_customer_id;
  const result = await fromVendor(ctx, 'stripe', ctx.integrations.stripe, async (client, signal) => {
    if (customerId === null) return null;
    const [methods, charges] = await Promise.all([
      client.listPaymentMethods(customerId, signal),
      client.listCharges({ customer: customerId }, signal),
    ]);
    return { methods, charges };
  });
  const data = result.data;
  let message: string | null = null;
  if (result.status.state === 'not_configured')
    message = 'Stripe is not configured on this console; payments below come from our database only.';
  else if (result.status.state !== 'ok')
    message = `Stripe did not answer in time (${result.status.error ?? 'no answer'}). The rest of the page is from our database.`;
  else if (customerId === null) message = 'This person has no Stripe customer.';
  const charges = data?.charges ?? [];
  const bookings = await bookingsOfCharges(ctx.db, charges);
  return {
    status: result.status,
    customerId,
    paymentMethods: (data?.methods ?? []).map((pm) => ({
      id: pm.id,
      type: pm.type,
      brand: pm.card?.brand ?? null,
      last4: pm.card?.last4 ?? null,
      expMonth: pm.card?.expMonth ?? null,
      expYear: pm.card?.expYear ?? null,
    })),
    charges: charges
      .map((c) => ({
        id: c.id,
        status: c.status,
        amountCents: c.amountCents,
        amountCapturedCents: c.amountCapturedCents,
        amountRefundedCents: c.amountRefundedCents,
        captured: c.captured,
        disputed: c.disputed,
        paymentIntentId: c.paymentIntentId,
        card: c.card ? `${c.card.brand} ····${c.card.last4}` : null,
        failureCode: c.failureCode,
        createdAt: c.createdAt,
        booking:
          (c.paymentIntentId ? bookings.byIntent.get(c.paymentIntentId) : undefined) ?? bookings.byCharge.get(c.id) ?? null,
      }))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    message,
  };
}
