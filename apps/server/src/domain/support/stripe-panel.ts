import type { StripePanel } from '@ops/shared';
import { DomainError } from '../errors.js';
import type { Context } from '../../context.js';
import { fromVendor } from './sources.js';

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
    charges: (data?.charges ?? [])
      .map((c) => ({
        id: c.id,
        status: c.status,
        amountCents: c.amountCents,
        amountRefundedCents: c.amountRefundedCents,
        captured: c.captured,
        disputed: c.disputed,
        paymentIntentId: c.paymentIntentId,
        card: c.card ? `${c.card.brand} ····${c.card.last4}` : null,
        failureCode: c.failureCode,
        createdAt: c.createdAt,
      }))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    message,
  };
}
