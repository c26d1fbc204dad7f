import { asSentence, type ApprovalItem } from '@ops/shared';
import type { ActionContext } from '../actions/define.js';
import { effectsDigest } from '../actions/confirmations.js';
import { DomainError } from '../errors.js';
import { listApprovals } from './approvals.js';

/** Records whose actions the inbox re-plans on read: one booking's or one person's, a few reads each. */
const REPLANNED: ReadonlySet<string> = new Set(['booking', 'user']);

const CHANGED =
  'The booking or person changed since this was requested (someone acted meanwhile): approving it would be refused and close it as failed. Reject it, or ask the requester to preview and request again.';

/**
 * The Approvals inbox (listApprovals), each waiting request re-planned from current state as approving it would,
 * without locks: one whose effects differ from what was asked, or that the action now refuses, is marked
 * (`changedSinceRequest`) before an approver acts on it. Actions that read a vendor first, or plan over many
 * records (a campaign's audience), are not re-planned here; approving still checks them.
 */
export async function listApprovalsChecked(ctx: ActionContext, view: 'pending' | 'recent'): Promise<ApprovalItem[]> {
  const items = await listApprovals(ctx.db, view, ctx.staff.id, ctx.now());
  const waiting = items.filter((i) => i.status === 'pending' && REPLANNED.has(i.resourceType));
  if (waiting.length === 0) return items;
  const stored = await ctx.db
    .selectFrom('approvals')
    .select(['id', 'action', 'input', 'effects_digest'])
    .where(
      'id',
      'in',
      waiting.map((i) => i.id),
    )
    .execute();
  const changed = new Map<string, string>();
  // One plan after another: each is the few reads a preview makes, over the handful of requests an inbox holds.
  for (const row of stored) {
    const action = ctx.actions.get(row.action);
    if (!action || action.readsVendor) continue;
    try {
      const plan = await action.plan({ db: ctx.db, input: action.parse(row.input), ctx, lock: false });
      if (effectsDigest(plan.effects) !== row.effects_digest) changed.set(row.id, CHANGED);
    } catch (error) {
      // The action refuses it now (the booking was refunded meanwhile): say why. Anything else (a lost connection)
      // leaves the request unmarked; approving it checks again.
      if (error instanceof DomainError && error.code !== 'BAD_GATEWAY')
        changed.set(
          row.id,
          `${asSentence(error.message)} Approving it would be refused and close it as failed: reject it, or ask the requester to preview and request again.`,
        );
    }
  }
  return items.map((i) => {
    const why = changed.get(i.id);
    return why === undefined ? i : { ...i, changedSinceRequest: why };
  });
}
