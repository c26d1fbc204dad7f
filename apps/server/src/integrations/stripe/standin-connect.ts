import type { IncomingMessage } from 'node:http';
import type { Db } from '@ops/db';
import { hexId } from '../http-kit.js';
import { unix } from './standin-wire.js';

/**
 * The Stripe Connect part of the stand-in: instructors' connected accounts, their balances and their payouts,
 * built from `instructor_profiles.stripe_account_id` and the `payouts` rows, answered in Stripe's wire format.
 * `GET /v1/accounts/:id`, and `GET /v1/balance` / `GET /v1/payouts` on behalf of the account named in the
 * `Stripe-Account` header (without it they describe the platform, which the stand-in keeps empty).
 */
export interface ConnectAnswer {
  status: number;
  body: unknown;
}

type Params = Record<string, unknown>;
const DAY_S = 86_400;

const param = (params: Params, key: string): string | undefined => {
  const v = params[key];
  return typeof v === 'string' ? v : undefined;
};
const error = (status: number, type: string, message: string, code?: string, paramName?: string): ConnectAnswer => ({
  status,
  body: { error: { type, code, message, param: paramName } },
});
const noSuchAccount = (id: string): ConnectAnswer =>
  error(404, 'invalid_request_error', `No such account: '${id}'`, 'resource_missing', 'account');

/** The Stripe id of one payouts row: stable across restarts, so a link to it stays good. */
export const payoutIdOf = (rowId: string): string => `po_${hexId(`payout:${rowId}`, 24)}`;

async function accountRow(db: Db, accountId: string) {
  return db
    .selectFrom('instructor_profiles as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select([
      'p.user_id as userId',
      'p.background_check_status as check',
      'p.created_at as createdAt',
      'u.status as status',
      'u.email as email',
      'u.first_name as firstName',
      'u.last_name as lastName',
    ])
    .where('p.stripe_account_id', '=', accountId)
    .executeTakeFirst();
}

async function payoutRows(db: Db, userId: string) {
  return db
    .selectFrom('payouts')
    .select(['id', 'amount_cents', 'status', 'scheduled_for', 'paid_at', 'failed_at', 'failure_reason', 'created_at'])
    .where('instructor_id', '=', userId)
    .execute();
}

/** The `Stripe-Account` header stripe-node sends for `{ stripeAccount }`. */
function stripeAccountOf(req: IncomingMessage): string | null {
  const h = req.headers['stripe-account'];
  const v = Array.isArray(h) ? h[0] : h;
  return v && v.length > 0 ? v : null;
}

/**
 * Answers a Connect request, or returns null when the request is not one (the rest of the stand-in routes it).
 * `now` places "due" payouts: a pending payout whose date has come is money available in the balance.
 */
export async function routeConnect(
  db: Db,
  req: IncomingMessage,
  method: string,
  path: string,
  params: Params,
  now: Date = new Date(),
): Promise<ConnectAnswer | null> {
  if (method !== 'GET') return null;
  const accountMatch = path.match(/^\/v1\/accounts\/([^/]+)$/);
  if (accountMatch) {
    const id = decodeURIComponent(accountMatch[1] ?? '');
    const row = await accountRow(db, id);
    if (!row) return noSuchAccount(id);
    const passed = row.check === 'passed';
    const active = row.status === 'active';
    const due = passed ? [] : ['individual.verification.document'];
    return {
      status: 200,
      body: {
        id,
        object: 'account',
        type: 'express',
        country: 'US',
        default_currency: 'usd',
        email: row.email,
        business_profile: { name: `${row.firstName} ${row.lastName}` },
        charges_enabled: active && passed,
        payouts_enabled: passed,
        details_submitted: true,
        requirements: {
          currently_due: due,
          eventually_due: due,
          past_due: [],
          disabled_reason: passed ? null : 'requirements.pending_verification',
          current_deadline: null,
        },
        metadata: { user_id: row.userId },
        created: unix(row.createdAt),
      },
    };
  }
  if (path !== '/v1/balance' && path !== '/v1/payouts') return null;

  const accountId = stripeAccountOf(req);
  const row = accountId ? await accountRow(db, accountId) : undefined;
  if (accountId && !row) return noSuchAccount(accountId);
  const payouts = row ? await payoutRows(db, row.userId) : [];
  const nowS = Math.floor(now.getTime() / 1000);

  if (path === '/v1/balance') {
    let available = 0;
    let pending = 0;
    for (const p of payouts) {
      // Held and failed payouts stay in the account's balance; a scheduled one is pending until its day.
      if (p.status === 'held' || p.status === 'failed') available += p.amount_cents;
      else if (p.status === 'pending') {
        if (unix(p.scheduled_for) > nowS) pending += p.amount_cents;
        else available += p.amount_cents;
      }
    }
    return {
      status: 200,
      body: {
        object: 'balance',
        available: [{ amount: available, currency: 'usd', source_types: { card: available } }],
        pending: [{ amount: pending, currency: 'usd', source_types: { card: pending } }],
        livemode: false,
      },
    };
  }

  const limitRaw = param(params, 'limit');
  const limit = limitRaw === undefined ? 10 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    return error(
      400,
      'invalid_request_error',
      'Invalid integer: limit must be between 1 and 100',
      'parameter_invalid_integer',
      'limit',
    );
  const statusFilter = param(params, 'status');
  const objects = payouts
    .filter((p) => p.status !== 'held' && p.status !== 'cancelled')
    .map((p) => {
      const status = p.status === 'paid' ? 'paid' : p.status === 'failed' ? 'failed' : 'pending';
      const arrival =
        p.status === 'paid' ? p.paid_at : p.status === 'failed' ? (p.failed_at ?? p.scheduled_for) : p.scheduled_for;
      return {
        id: payoutIdOf(p.id),
        object: 'payout',
        amount: p.amount_cents,
        currency: 'usd',
        arrival_date: unix(arrival ?? p.scheduled_for),
        automatic: true,
        method: 'standard',
        type: 'bank_account',
        status,
        failure_code: status === 'failed' ? 'account_closed' : null,
        failure_message: status === 'failed' ? p.failure_reason : null,
        metadata: { payout_id: p.id },
        livemode: false,
        created: Math.min(unix(p.created_at), unix(arrival ?? p.scheduled_for) - 2 * DAY_S),
      };
    })
    .filter((o) => statusFilter === undefined || o.status === statusFilter)
    .sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
  const after = param(params, 'starting_after');
  let start = 0;
  if (after !== undefined) {
    const i = objects.findIndex((o) => o.id === after);
    if (i < 0) return error(404, 'invalid_request_error', `No such payout: '${after}'`, 'resource_missing', 'starting_after');
    start = i + 1;
  }
  const data = objects.slice(start, start + limit);
  return {
    status: 200,
    body: { object: 'list', data, has_more: start + limit < objects.length, url: '/v1/payouts' },
  };
}
