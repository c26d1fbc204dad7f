import type { PayoutAccountPanel } from '@ops/shared';
import type { Context } from '../../context.js';
import { StripeGatewayError } from '../../integrations/index.js';
import { DomainError } from '../errors.js';
import { fromVendor } from '../support/sources.js';

/** How many of the account's latest payouts the panel shows. */
export const PAYOUT_ACCOUNT_LIMIT = 10;

/** What Stripe says of an account or a payout, less when Stripe created it (the panel does not show it). */
function withoutCreatedAt<T extends { createdAt: string | null }>({ createdAt: _created, ...rest }: T): Omit<T, 'createdAt'> {
  return rest;
}

/**
 * An instructor's Stripe Connect account, its balance and latest payouts, read live from Stripe within the source
 * budget. Stripe slow, down or not configured is an answer (the status says which), never an error.
 */
export async function loadPayoutAccount(
  ctx: Pick<Context, 'db' | 'integrations' | 'config'>,
  userId: string,
): Promise<PayoutAccountPanel> {
  const row = await ctx.db
    .selectFrom('users as u')
    .leftJoin('instructor_profiles as p', 'p.user_id', 'u.id')
    .select(['u.id', 'u.role', 'p.stripe_account_id'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'userId: no such user');
  if (row.role !== 'instructor') throw new DomainError('BAD_REQUEST', 'userId: this person is not an instructor');
  const accountId = row.stripe_account_id;

  const result = await fromVendor(ctx, 'stripe', ctx.integrations.stripe, async (client, signal) => {
    if (accountId === null) return null;
    try {
      const [account, balance, payouts] = await Promise.all([
        client.getConnectAccount(accountId, signal),
        client.getConnectBalance(accountId, signal),
        client.listConnectPayouts(accountId, { limit: PAYOUT_ACCOUNT_LIMIT }, signal),
      ]);
      return { account, balance, payouts };
    } catch (error) {
      // An account id Stripe does not know is an answer about our data, not Stripe being down.
      if (error instanceof StripeGatewayError && error.code === 'resource_missing') return 'missing' as const;
      throw error;
    }
  });
  const data = result.data === 'missing' ? null : result.data;
  let message: string | null = null;
  if (result.data === 'missing')
    message = `Stripe has no account ${accountId ?? ''}: the id on this instructor's profile is wrong or the account was removed.`;
  else if (result.status.state === 'not_configured') message = 'Stripe is not configured on this console.';
  else if (result.status.state !== 'ok')
    message = `Stripe did not answer in time (${result.status.error ?? 'no answer'}). The rest of the page is from our database.`;
  else if (accountId === null) message = 'This instructor has no Stripe payout account yet.';

  const sum = (list: Array<{ amountCents: number; currency: string }>): number =>
    list.filter((x) => x.currency === 'usd').reduce((total, x) => total + x.amountCents, 0);
  return {
    status: result.status,
    accountId,
    account: data ? withoutCreatedAt(data.account) : null,
    balance: data
      ? { availableCents: sum(data.balance.available), pendingCents: sum(data.balance.pending), currency: 'usd' }
      : null,
    payouts: (data?.payouts ?? []).map(withoutCreatedAt),
    message,
  };
}
