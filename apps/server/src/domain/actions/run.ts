import { APPROVAL_TTL_MS, asSentence, type Environment, type ExecuteInput, type ExecuteResult, type Preview } from '@ops/shared';
import { decideApproval, failApproval, findWaitingRequest, type WaitingRequest } from '../approvals/approvals.js';
import { writeAudit } from '../audit/write.js';
import { DomainError } from '../errors.js';
import { consumeToken, effectsDigest, issueConfirmation, sha256 } from './confirmations.js';
import type { ActionContext, ActionPlan, ApplyResult, ListedAction } from './define.js';

function conflict(): DomainError {
  return new DomainError(
    'CONFLICT',
    'Something changed since the preview (someone else may have acted). Nothing was done; preview again.',
  );
}

/** The same refusal for an approver, who cannot preview someone else's request again. */
function requestChanged(): DomainError {
  return new DomainError('CONFLICT', 'What this request would do has changed since it was made (someone may have acted since).');
}

/**
 * What an approver reads when a request can no longer run as asked: the domain's refusal, that nothing was done, and
 * that the request is closed (it would refuse again on every try), so the requester previews and asks anew.
 */
function closedAsFailed(refusal: DomainError): DomainError {
  return new DomainError(
    refusal.code,
    `${asSentence(refusal.message)} Nothing was done; the request is closed as failed: ask the requester to preview and request again.`,
  );
}

/** The input field that names the request's resource (`bookingId`, `userId`), for a refusal to point at. */
function resourceField(input: unknown, resourceId: string): string {
  if (typeof input !== 'object' || input === null) return 'input';
  return Object.entries(input).find(([, v]) => v === resourceId)?.[0] ?? 'input';
}

/** "request 1a2b3c4d, asked by Test Admin": a waiting request as a person finds it in the Approvals inbox. */
const waitingRequestText = (w: WaitingRequest): string => `request ${w.id.slice(0, 8)}, asked by ${w.requestedBy}`;

/** The same request is waiting already: filing it twice would let it run twice, or fail the second time. */
function alreadyWaiting(action: ListedAction, plan: ActionPlan<unknown>, input: unknown, waiting: WaitingRequest): DomainError {
  return new DomainError(
    'CONFLICT',
    `${resourceField(input, plan.resourceId)}: the same request ("${action.title}" of this ${plan.resourceType}, with the same input) is already waiting for approval (${waitingRequestText(waiting)}); it is not filed twice. Nothing was done.`,
  );
}

async function runAfterCommit(ctx: ActionContext, name: string, applied: ApplyResult): Promise<string> {
  if (!applied.afterCommit) return applied.message;
  try {
    const note = await applied.afterCommit();
    return note ? `${applied.message} ${note}` : applied.message;
  } catch (error) {
    ctx.logger.error({ err: error, action: name }, 'action follow-up failed; reconciliation will settle it');
    const why = error instanceof Error ? error.message : String(error);
    return `${applied.message} The external call did not complete (${why}); it stays pending and reconciliation will finish it.`;
  }
}

/**
 * On production a dangerous action (one that asks for a typed short id) also needs the environment's name typed, so
 * a person who meant to act on staging stops. A message when refused, else null.
 */
export function productionTypingRefusal(
  environment: Environment,
  typeToConfirm: string | null,
  typed: string | undefined,
): string | null {
  if (environment !== 'production' || typeToConfirm === null) return null;
  return typed?.trim().toLowerCase() === 'production'
    ? null
    : 'typedEnvironment: this is production; type "production" to confirm this action.';
}

/** Step 1 of the protocol: computes the effects from current state and hands out a confirmation token for them. */
export async function previewAction(ctx: ActionContext, action: ListedAction, input: unknown): Promise<Preview> {
  const prefetched = await action.prefetch({ db: ctx.db, input, ctx });
  const plan = await action.plan({ db: ctx.db, input, ctx, lock: false, prefetched });
  const refusal = action.refuse(plan, ctx.staff);
  const waiting =
    plan.requiresApproval || refusal !== null
      ? await findWaitingRequest(ctx.db, {
          action: action.name,
          resourceType: plan.resourceType,
          resourceId: plan.resourceId,
          input: action.parse(input),
          now: ctx.now(),
          lock: false,
        })
      : null;
  const warnings = [
    ...plan.warnings,
    ...(refusal ? [refusal] : []),
    ...(waiting
      ? [`The same request is already waiting for approval (${waitingRequestText(waiting)}): requesting it again is refused.`]
      : []),
  ];
  const { token, expiresAt } = await issueConfirmation(ctx.db, {
    staffId: ctx.staff.id,
    action: action.name,
    input,
    effects: plan.effects,
    now: ctx.now(),
  });
  return {
    action: action.name,
    resourceType: plan.resourceType,
    resourceId: plan.resourceId,
    typeToConfirm: plan.typeToConfirm,
    summary: plan.summary,
    effects: plan.effects,
    warnings,
    confirmToken: token,
    expiresAt: expiresAt.toISOString(),
    // Over the role's own limit, a second admin can still approve it: offer the request instead of a dead end.
    requiresApproval: plan.requiresApproval || refusal !== null,
  };
}

/**
 * Step 2: consumes the token, re-plans under row locks, refuses on any change since the preview, then either files
 * an approval request or applies the action, auditing in the same transaction.
 */
export async function executeAction(ctx: ActionContext, action: ListedAction, input: ExecuteInput): Promise<ExecuteResult> {
  // Vendor reads happen before the transaction, from the confirmation's own input (read, not yet consumed: a token
  // that turns out unusable is refused inside the transaction as before).
  const pending = await ctx.db
    .selectFrom('confirmations')
    .select('input')
    .where('token_hash', '=', sha256(input.confirmToken))
    .where('staff_id', '=', ctx.staff.id)
    .where('action', '=', action.name)
    .where('consumed_at', 'is', null)
    .executeTakeFirst();
  const prefetched = pending ? await action.prefetch({ db: ctx.db, input: action.parse(pending.input), ctx }) : undefined;
  const outcome = await ctx.db.transaction().execute(async (tx) => {
    const confirmation = await consumeToken(tx, input.confirmToken, ctx.staff, action.name, ctx.now());
    const actionInput = action.parse(confirmation.input);
    const plan = await action.plan({ db: tx, input: actionInput, ctx, lock: true, prefetched });
    if (effectsDigest(plan.effects) !== confirmation.effects_digest) throw conflict();
    const refusal = action.refuse(plan, ctx.staff);
    const environmentRefusal = productionTypingRefusal(ctx.config.environment, plan.typeToConfirm, input.typedEnvironment);
    if (environmentRefusal) throw new DomainError('FORBIDDEN', environmentRefusal);

    if (plan.requiresApproval || refusal !== null) {
      const waiting = await findWaitingRequest(tx, {
        action: action.name,
        resourceType: plan.resourceType,
        resourceId: plan.resourceId,
        input: actionInput,
        now: ctx.now(),
        lock: true,
      });
      if (waiting) throw alreadyWaiting(action, plan, actionInput, waiting);
      const approval = await tx
        .insertInto('approvals')
        .values({
          action: action.name,
          input: JSON.stringify(actionInput),
          effects: JSON.stringify(plan.effects),
          effects_digest: confirmation.effects_digest,
          warnings: JSON.stringify(refusal ? [refusal, ...plan.warnings] : plan.warnings),
          summary: plan.summary,
          resource_type: plan.resourceType,
          resource_id: plan.resourceId,
          reason: input.reason,
          status: 'pending',
          requested_by_staff_id: ctx.staff.id,
          expires_at: new Date(ctx.now().getTime() + APPROVAL_TTL_MS),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const auditId = await writeAudit(tx, ctx.staff, ctx.request, {
        action: 'approvals.requested',
        resourceType: plan.resourceType,
        resourceId: plan.resourceId,
        after: { approvalId: approval.id, action: action.name, effects: plan.effects },
        reason: input.reason,
      });
      await tx.updateTable('confirmations').set({ audit_id: auditId }).where('id', '=', confirmation.id).execute();
      return { auditId, approvalId: approval.id, applied: null };
    }

    const applied = await action.apply({
      tx,
      input: actionInput,
      plan,
      ctx,
      reason: input.reason,
      idempotencyKey: `ops-${confirmation.id}`,
      prefetched,
    });
    const auditId = await writeAudit(tx, ctx.staff, ctx.request, {
      action: action.name,
      resourceType: plan.resourceType,
      resourceId: plan.resourceId,
      before: applied.before,
      after: applied.after,
      reason: input.reason,
    });
    await tx
      .updateTable('confirmations')
      .set({ audit_id: auditId, result: JSON.stringify({ message: applied.message }) })
      .where('id', '=', confirmation.id)
      .execute();
    return { auditId, approvalId: null, applied };
  });

  if (outcome.applied === null) {
    return {
      auditId: outcome.auditId,
      approvalId: outcome.approvalId,
      message: 'This needs a second admin: the request is waiting in the Approvals inbox.',
      created: null,
    };
  }
  const message = await runAfterCommit(ctx, action.name, outcome.applied);
  return { auditId: outcome.auditId, approvalId: null, message, created: outcome.applied.created ?? null };
}

/**
 * Executes an approved request as the approving admin: re-plans under locks, refuses when the effects changed
 * since the request, and audits in the same transaction. Used by the approvals router.
 */
export async function executeApproval(ctx: ActionContext, approvalId: string, decisionReason: string): Promise<ExecuteResult> {
  // As in execute: vendor reads before the transaction opens.
  const requested = await ctx.db
    .selectFrom('approvals')
    .select(['action', 'input'])
    .where('id', '=', approvalId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  const requestedAction = requested ? ctx.actions.get(requested.action) : undefined;
  const prefetched =
    requested && requestedAction
      ? await requestedAction.prefetch({ db: ctx.db, input: requestedAction.parse(requested.input), ctx })
      : undefined;
  const outcome = await ctx.db.transaction().execute(async (tx) => {
    const approval = await tx.selectFrom('approvals').selectAll().where('id', '=', approvalId).forUpdate().executeTakeFirst();
    if (!approval) throw new DomainError('NOT_FOUND', 'No such approval request');
    if (approval.status !== 'pending') {
      throw new DomainError('CONFLICT', `This request was already ${approval.status}.`);
    }
    if (approval.requested_by_staff_id === ctx.staff.id) {
      throw new DomainError('FORBIDDEN', 'You cannot approve your own request; another admin must.');
    }
    if (new Date(approval.expires_at) <= ctx.now()) {
      await tx.updateTable('approvals').set({ status: 'expired' }).where('id', '=', approval.id).execute();
      return { expired: true as const };
    }
    const action = ctx.actions.get(approval.action);
    // A stored request naming no known action is a deployment fault, not a refusal: it surfaces as a server error.
    if (!action) throw new Error(`Unknown action ${approval.action}`);
    const input = action.parse(approval.input);
    const plan = await action
      .plan({ db: tx, input, ctx, lock: true, prefetched })
      .then((p) => (effectsDigest(p.effects) === approval.effects_digest ? p : Promise.reject(requestChanged())))
      .catch((error: unknown) => {
        // The action refuses what it was asked (the booking was refunded meanwhile, the effects moved): it would
        // refuse again on every try, so the request closes now rather than wait out its 24 hours. Anything else (a
        // lost connection, a vendor down) leaves it pending.
        if (error instanceof DomainError && error.code !== 'BAD_GATEWAY') return error;
        throw error;
      });
    if (plan instanceof DomainError) {
      await failApproval(tx, ctx, approval, decisionReason, plan.message);
      return { expired: false as const, refused: closedAsFailed(plan) };
    }
    const applied = await action.apply({
      tx,
      input,
      plan,
      ctx,
      reason: approval.reason,
      idempotencyKey: `ops-approval-${approval.id}`,
      prefetched,
    });
    const auditId = await writeAudit(tx, ctx.staff, ctx.request, {
      action: approval.action,
      resourceType: plan.resourceType,
      resourceId: plan.resourceId,
      before: applied.before,
      after: { ...(applied.after as object), approvalId: approval.id, requestedBy: approval.requested_by_staff_id },
      reason: `${approval.reason} (approved: ${decisionReason})`,
    });
    await decideApproval(tx, ctx, approval.id, {
      status: 'approved',
      reason: decisionReason,
      result: { auditId, message: applied.message },
    });
    return { expired: false as const, refused: null, auditId, applied, action: approval.action };
  });
  if (outcome.expired) {
    throw new DomainError('PRECONDITION_FAILED', 'This request expired (24 hours); it must be requested again.');
  }
  if (outcome.refused) throw outcome.refused;
  const message = await runAfterCommit(ctx, outcome.action, outcome.applied);
  return { auditId: outcome.auditId, approvalId, message, created: outcome.applied.created ?? null };
}
