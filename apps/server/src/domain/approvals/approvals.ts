import { sql } from 'kysely';
import type { Db, DbOrTx } from '@ops/db';
import { isUuid, maskName, type ApprovalItem, type Effect, type ExecuteResult } from '@ops/shared';
import type { Services } from '../../context.js';
import type { Worker } from '../../workers.js';
import type { ActionContext } from '../actions/define.js';
import { writeAudit } from '../audit/write.js';
import { DomainError } from '../errors.js';

/** Pending requests past their 24 hours become `expired`; returns how many. */
export async function expireApprovals(db: Db, now: Date): Promise<number> {
  const rows = await db
    .updateTable('approvals')
    .set({ status: 'expired' })
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now.toISOString())
    .returning('id')
    .execute();
  return rows.length;
}

/** A request's status as of `now`: pending past its 24 hours is expired, whether or not the worker has marked it. */
function statusAt(row: { status: ApprovalItem['status']; expires_at: string }, now: Date): ApprovalItem['status'] {
  return row.status === 'pending' && new Date(row.expires_at) <= now ? 'expired' : row.status;
}

/**
 * The inbox (`pending`) or the decided (`recent`), as of `now`. A request past its 24 hours reads as expired here
 * even before the expiry worker marks it so: listing writes nothing, and approving it marks it (actions/run.ts).
 */
export async function listApprovals(
  db: Db,
  view: 'pending' | 'recent',
  viewerId: string,
  now: Date,
  limit = 100,
): Promise<ApprovalItem[]> {
  const at = now.toISOString();
  let q = db
    .selectFrom('approvals')
    .innerJoin('staff_users as r', 'r.id', 'approvals.requested_by_staff_id')
    .leftJoin('staff_users as d', 'd.id', 'approvals.decided_by_staff_id')
    // The request's own audit row knows how it arrived (an assistant's token or the browser): one probe of the
    // resource index per request.
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('audit_log as a')
          .select(['a.channel', 'a.token_name'])
          .whereRef('a.resource_type', '=', 'approvals.resource_type')
          .whereRef('a.resource_id', '=', 'approvals.resource_id')
          .where('a.action', '=', 'approvals.requested')
          .where(sql<string>`a.after ->> 'approvalId'`, '=', sql<string>`approvals.id::text`)
          .orderBy('a.id', 'desc')
          .limit(1)
          .as('via'),
      (join) => join.onTrue(),
    )
    .select([
      'via.channel',
      'via.token_name',
      'approvals.id',
      'approvals.action',
      'approvals.summary',
      'approvals.effects',
      'approvals.warnings',
      'approvals.resource_type',
      'approvals.resource_id',
      'approvals.reason',
      'approvals.status',
      'approvals.requested_by_staff_id',
      'approvals.requested_at',
      'approvals.expires_at',
      'approvals.decided_at',
      'approvals.decision_reason',
      'r.name as requester',
      'd.name as decider',
    ]);
  q =
    view === 'pending'
      ? q.where('approvals.status', '=', 'pending').where('approvals.expires_at', '>', at).orderBy('approvals.requested_at')
      : q
          .where((eb) => eb.or([eb('approvals.status', '<>', 'pending'), eb('approvals.expires_at', '<=', at)]))
          .orderBy('approvals.requested_at', 'desc');
  const rows = await q.orderBy('approvals.id').limit(limit).execute();
  const labels = await resourceLabels(db, rows);
  return rows.map((r) => {
    const status = statusAt(r, now);
    return {
      id: r.id,
      action: r.action,
      summary: r.summary,
      effects: r.effects as Effect[],
      warnings: r.warnings,
      resourceType: r.resource_type,
      resourceId: r.resource_id,
      resourceLabel: labels.get(`${r.resource_type}:${r.resource_id.toLowerCase()}`) ?? null,
      reason: r.reason,
      status,
      requestedBy: r.requester,
      requestedVia: { channel: r.channel ?? 'web', tokenName: r.token_name ?? null },
      requestedAt: r.requested_at,
      expiresAt: r.expires_at,
      decidedBy: r.decider,
      decidedAt: r.decided_at,
      decisionReason: r.decision_reason,
      canDecide: status === 'pending' && r.requested_by_staff_id !== viewerId,
    };
  });
}

/**
 * The names staff know the requests' resources by, keyed `type:id`: a booking's short id, a person's masked name. Two
 * primary-key reads for the whole list.
 */
async function resourceLabels(db: Db, rows: Array<{ resource_type: string; resource_id: string }>): Promise<Map<string, string>> {
  const idsOf = (type: string) => [
    ...new Set(rows.filter((r) => r.resource_type === type && isUuid(r.resource_id)).map((r) => r.resource_id.toLowerCase())),
  ];
  const bookingIds = idsOf('booking');
  const userIds = idsOf('user');
  const [bookings, users] = await Promise.all([
    bookingIds.length === 0 ? [] : db.selectFrom('bookings').select(['id', 'short_id']).where('id', 'in', bookingIds).execute(),
    userIds.length === 0
      ? []
      : db.selectFrom('users').select(['id', 'first_name', 'last_name']).where('id', 'in', userIds).execute(),
  ]);
  return new Map([
    ...bookings.map((b): [string, string] => [`booking:${b.id}`, b.short_id]),
    ...users.map((u): [string, string] => [`user:${u.id}`, maskName(u.first_name, u.last_name)]),
  ]);
}

/** A request still waiting for a second admin, as a new request that would duplicate it names it. */
export interface WaitingRequest {
  id: string;
  requestedBy: string;
}

/**
 * The request still waiting (pending, not expired) that asks exactly this: the same action on the same resource with
 * the same input, or null. With `lock` (filing a request, in its transaction) it first takes a lock on the action
 * and resource, so two requests filed at once cannot both find none and both be filed.
 */
export async function findWaitingRequest(
  db: DbOrTx,
  req: { action: string; resourceType: string; resourceId: string; input: unknown; now: Date; lock: boolean },
): Promise<WaitingRequest | null> {
  if (req.lock)
    await sql`select pg_advisory_xact_lock(hashtext(${`approvals.request:${req.action}:${req.resourceType}:${req.resourceId}`}))`.execute(
      db,
    );
  const row = await db
    .selectFrom('approvals')
    .innerJoin('staff_users as r', 'r.id', 'approvals.requested_by_staff_id')
    .select(['approvals.id', 'r.name'])
    .where('approvals.status', '=', 'pending')
    .where('approvals.expires_at', '>', req.now.toISOString())
    .where('approvals.action', '=', req.action)
    .where('approvals.resource_type', '=', req.resourceType)
    .where('approvals.resource_id', '=', req.resourceId)
    // jsonb equality: the same input whatever the order of its keys.
    .where('approvals.input', '=', sql<unknown>`${JSON.stringify(req.input)}::jsonb`)
    .orderBy('approvals.requested_at')
    .executeTakeFirst();
  return row ? { id: row.id, requestedBy: row.name } : null;
}

/** Who asked for an approval request, or null when there is no such request. */
export async function approvalRequester(db: DbOrTx, approvalId: string): Promise<string | null> {
  const row = await db.selectFrom('approvals').select('requested_by_staff_id').where('id', '=', approvalId).executeTakeFirst();
  return row?.requested_by_staff_id ?? null;
}

/**
 * Records an admin's decision on a pending request (the caller holds its row lock): approved with what it did, rejected,
 * or failed with why it could not run.
 */
export async function decideApproval(
  tx: DbOrTx,
  ctx: Pick<ActionContext, 'staff' | 'now'>,
  approvalId: string,
  decision: { status: 'approved' | 'rejected' | 'failed'; reason: string; result?: object },
): Promise<void> {
  await tx
    .updateTable('approvals')
    .set({
      status: decision.status,
      decided_by_staff_id: ctx.staff.id,
      decided_at: ctx.now(),
      decision_reason: decision.reason,
      result: decision.result ? JSON.stringify(decision.result) : null,
    })
    .where('id', '=', approvalId)
    .execute();
}

/** Rejects a pending request (not one's own); the decision and its audit row commit together. */
export async function rejectApproval(ctx: ActionContext, approvalId: string, reason: string): Promise<ExecuteResult> {
  const auditId = await ctx.db.transaction().execute(async (tx) => {
    const approval = await tx
      .selectFrom('approvals')
      .select(['id', 'status', 'expires_at', 'requested_by_staff_id', 'action', 'resource_type', 'resource_id', 'effects'])
      .where('id', '=', approvalId)
      .forUpdate()
      .executeTakeFirst();
    if (!approval) throw new DomainError('NOT_FOUND', 'approvalId: no such approval request');
    const status = statusAt(approval, ctx.now());
    if (status !== 'pending') throw new DomainError('CONFLICT', `This request was already ${status}.`);
    if (approval.requested_by_staff_id === ctx.staff.id) {
      throw new DomainError('FORBIDDEN', 'You cannot decide your own request; another admin must.');
    }
    await decideApproval(tx, ctx, approval.id, { status: 'rejected', reason });
    return writeAudit(tx, ctx.staff, ctx.request, {
      action: 'approvals.rejected',
      resourceType: approval.resource_type,
      resourceId: approval.resource_id,
      before: { approvalId: approval.id, action: approval.action, status: 'pending', effects: approval.effects as Effect[] },
      after: { approvalId: approval.id, status: 'rejected' },
      reason,
    });
  });
  return { auditId, approvalId, message: 'Request rejected; nothing was done.', created: null };
}

/**
 * Closes a request an admin tried to approve but the action refused (it would refuse on every try): failed, decided by
 * that admin, with the action's words as the reason, and its audit row, in the caller's transaction.
 */
export async function failApproval(
  tx: DbOrTx,
  ctx: Pick<ActionContext, 'staff' | 'now' | 'request'>,
  approval: { id: string; action: string; reason: string; resource_type: string; resource_id: string },
  approverReason: string,
  refusal: string,
): Promise<void> {
  const why = `Could not run: ${refusal}`;
  await decideApproval(tx, ctx, approval.id, { status: 'failed', reason: why, result: { error: refusal } });
  await writeAudit(tx, ctx.staff, ctx.request, {
    action: 'approvals.failed',
    resourceType: approval.resource_type,
    resourceId: approval.resource_id,
    before: { approvalId: approval.id, action: approval.action, status: 'pending' },
    after: { approvalId: approval.id, status: 'failed', error: refusal },
    reason: `${approval.reason} (approved: ${approverReason}; ${why})`,
  });
}

export const approvalExpiryWorker: Worker = {
  name: 'approvals.expire',
  intervalMs: 60_000,
  tick: (services: Services) => expireApprovals(services.dbs.api, services.now()),
};
