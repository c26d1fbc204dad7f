import { createHash, randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database, Db } from '@ops/db';
import {
  APPROVAL_TTL_MS,
  CONFIRMATION_TTL_MS,
  executeInputSchema,
  type Effect,
  type Environment,
  type ExecuteResult,
  type Permission,
  type Preview,
} from '@ops/shared';
import type { Context, StaffIdentity } from './context.js';
import { writeAudit } from './domain/audit.js';
import { procedure, router } from './trpc.js';

/** Everything an action needs from the request: services, the acting staff member, request metadata. */
export type ActionContext = Context & { staff: StaffIdentity };
export type DbOrTx = Db | Transaction<Database>;

/** What a preview computes from current state; `state` carries the loaded rows on to `apply`. */
export interface ActionPlan<State> {
  resourceType: string;
  resourceId: string;
  summary: string;
  effects: Effect[];
  warnings: string[];
  /** Dangerous actions: the short id a person must type to confirm. */
  typeToConfirm: string | null;
  requiresApproval: boolean;
  state: State;
}

export interface ApplyResult {
  before: unknown;
  after: unknown;
  message: string;
  /**
   * Work done after the transaction commits (a Stripe call): the database already holds a pending record, so a
   * crash here is closed by reconciliation. Returns a note for the person, or throws (reported, not rolled back).
   */
  afterCommit?: () => Promise<string | void>;
}

export interface ActionDefinition<I, State, Pre = undefined> {
  /** `<feature>.<action>`, also the audit action name. */
  name: string;
  permission: Permission;
  input: z.ZodType<I>;
  /**
   * Reads what the action needs from a vendor (Stripe) before any transaction opens, so no row lock — and on the
   * embedded database, whose one connection the transaction holds, no other query — waits on the network. Runs
   * before the preview's plan and before the execute transaction; its result reaches `plan` and `apply`.
   */
  prefetch?(args: { db: Db; input: I; ctx: ActionContext }): Promise<Pre>;
  /**
   * Reads current state and computes the effects. With `lock`, it runs inside the execute transaction and must
   * lock the rows it depends on (`forUpdate()`), so the effects cannot change before `apply` commits.
   */
  plan(args: { db: DbOrTx; input: I; ctx: ActionContext; lock: boolean; prefetched?: Pre }): Promise<ActionPlan<State>>;
  /** Authorisation that depends on the plan (e.g. the support refund limit): a message when refused. */
  refuse?(plan: ActionPlan<State>, staff: StaffIdentity): string | null;
  apply(args: {
    tx: Transaction<Database>;
    input: I;
    plan: ActionPlan<State>;
    ctx: ActionContext;
    reason: string;
    /** Stable for this confirmation (or approval): use it for every external call that moves money. */
    idempotencyKey: string;
    prefetched?: Pre;
  }): Promise<ApplyResult>;
}

// Type-erased entry for the registry; each definition keeps its own types where it is defined.
interface RegisteredAction {
  name: string;
  permission: Permission;
  parse(input: unknown): unknown;
  prefetch(args: { db: Db; input: unknown; ctx: ActionContext }): Promise<unknown>;
  plan(args: {
    db: DbOrTx;
    input: unknown;
    ctx: ActionContext;
    lock: boolean;
    prefetched?: unknown;
  }): Promise<ActionPlan<unknown>>;
  refuse(plan: ActionPlan<unknown>, staff: StaffIdentity): string | null;
  apply(args: {
    tx: Transaction<Database>;
    input: unknown;
    plan: ActionPlan<unknown>;
    ctx: ActionContext;
    reason: string;
    idempotencyKey: string;
    prefetched?: unknown;
  }): Promise<ApplyResult>;
}

const registry = new Map<string, RegisteredAction>();

export function findAction(name: string): RegisteredAction | undefined {
  return registry.get(name);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function effectsDigest(effects: Effect[]): string {
  return sha256(JSON.stringify(effects.map((e) => [e.kind, e.label, e.amountCents ?? null, e.count ?? null])));
}

function conflict(): TRPCError {
  return new TRPCError({
    code: 'CONFLICT',
    message: 'Something changed since the preview (someone else may have acted). Nothing was done; preview again.',
  });
}

/**
 * Consumes a confirmation token inside `tx`: single use, unexpired, bound to this actor and action. The UPDATE
 * takes the row lock, so of N concurrent executes exactly one sees `consumed_at is null`.
 */
async function consumeToken(tx: Transaction<Database>, token: string, staff: StaffIdentity, action: string) {
  const tokenHash = sha256(token);
  const row = await tx
    .updateTable('confirmations')
    .set({ consumed_at: new Date() })
    .where('token_hash', '=', tokenHash)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', new Date().toISOString())
    .where('staff_id', '=', staff.id)
    .where('action', '=', action)
    .returningAll()
    .executeTakeFirst();
  if (row) return row;
  const existing = await tx
    .selectFrom('confirmations')
    .select(['consumed_at', 'expires_at', 'staff_id', 'action'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!existing) throw new TRPCError({ code: 'NOT_FOUND', message: 'Unknown confirmation: preview the action again.' });
  if (existing.staff_id !== staff.id || existing.action !== action) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'This confirmation belongs to another person or action.' });
  }
  if (existing.consumed_at !== null) {
    throw new TRPCError({ code: 'CONFLICT', message: 'This confirmation was already used; nothing was done again.' });
  }
  throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'This confirmation expired (5 minutes); preview again.' });
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

/**
 * Defines a preview/confirm action and returns its sub-router `{ preview, execute }` (DESIGN.md protocol).
 */
export function defineAction<I, State, Pre = undefined>(def: ActionDefinition<I, State, Pre>) {
  const registered: RegisteredAction = {
    name: def.name,
    permission: def.permission,
    parse: (input) => def.input.parse(input),
    prefetch: async (args) => (def.prefetch ? def.prefetch({ ...args, input: args.input as I }) : undefined),
    plan: (args) => def.plan({ ...args, input: args.input as I, prefetched: args.prefetched as Pre | undefined }),
    refuse: (plan, staff) => def.refuse?.(plan as ActionPlan<State>, staff) ?? null,
    apply: (args) =>
      def.apply({
        ...args,
        input: args.input as I,
        plan: args.plan as ActionPlan<State>,
        prefetched: args.prefetched as Pre | undefined,
      }),
  };
  registry.set(def.name, registered);

  const preview = procedure(def.permission)
    .input(def.input)
    .mutation(async ({ ctx, input }): Promise<Preview> => {
      const prefetched = def.prefetch ? await def.prefetch({ db: ctx.db, input: input as I, ctx }) : undefined;
      const plan = await def.plan({ db: ctx.db, input: input as I, ctx, lock: false, prefetched });
      const refusal = registered.refuse(plan, ctx.staff);
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(ctx.now().getTime() + CONFIRMATION_TTL_MS);
      await ctx.db
        .insertInto('confirmations')
        .values({
          token_hash: sha256(token),
          staff_id: ctx.staff.id,
          action: def.name,
          input: JSON.stringify(input),
          input_digest: sha256(JSON.stringify(input)),
          effects: JSON.stringify(plan.effects),
          effects_digest: effectsDigest(plan.effects),
          expires_at: expiresAt,
        })
        .execute();
      return {
        action: def.name,
        resourceType: plan.resourceType,
        resourceId: plan.resourceId,
        typeToConfirm: plan.typeToConfirm,
        summary: plan.summary,
        effects: plan.effects,
        warnings: refusal ? [...plan.warnings, refusal] : plan.warnings,
        confirmToken: token,
        expiresAt: expiresAt.toISOString(),
        // Over the role's own limit, a second admin can still approve it: offer the request instead of a dead end.
        requiresApproval: plan.requiresApproval || refusal !== null,
      };
    });

  const execute = procedure(def.permission)
    .input(executeInputSchema)
    .mutation(async ({ ctx, input }): Promise<ExecuteResult> => {
      // Vendor reads happen before the transaction, from the confirmation's own input (read, not yet consumed: a
      // token that turns out unusable is refused inside the transaction as before).
      let prefetched: Pre | undefined;
      if (def.prefetch) {
        const pending = await ctx.db
          .selectFrom('confirmations')
          .select('input')
          .where('token_hash', '=', sha256(input.confirmToken))
          .where('staff_id', '=', ctx.staff.id)
          .where('action', '=', def.name)
          .where('consumed_at', 'is', null)
          .executeTakeFirst();
        if (pending) prefetched = await def.prefetch({ db: ctx.db, input: def.input.parse(pending.input), ctx });
      }
      const outcome = await ctx.db.transaction().execute(async (tx) => {
        const confirmation = await consumeToken(tx, input.confirmToken, ctx.staff, def.name);
        const actionInput = def.input.parse(confirmation.input);
        const plan = await def.plan({ db: tx, input: actionInput, ctx, lock: true, prefetched });
        if (effectsDigest(plan.effects) !== confirmation.effects_digest) throw conflict();
        const refusal = registered.refuse(plan, ctx.staff);
        const environmentRefusal = productionTypingRefusal(ctx.config.environment, plan.typeToConfirm, input.typedEnvironment);
        if (environmentRefusal) throw new TRPCError({ code: 'FORBIDDEN', message: environmentRefusal });

        if (plan.requiresApproval || refusal !== null) {
          const approval = await tx
            .insertInto('approvals')
            .values({
              action: def.name,
              input: JSON.stringify(actionInput),
              effects: JSON.stringify(plan.effects),
              effects_digest: confirmation.effects_digest,
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
            after: { approvalId: approval.id, action: def.name, effects: plan.effects },
            reason: input.reason,
          });
          await tx.updateTable('confirmations').set({ audit_id: auditId }).where('id', '=', confirmation.id).execute();
          return { auditId, approvalId: approval.id, applied: null };
        }

        const applied = await def.apply({
          tx,
          input: actionInput,
          plan,
          ctx,
          reason: input.reason,
          idempotencyKey: `ops-${confirmation.id}`,
          prefetched,
        });
        const auditId = await writeAudit(tx, ctx.staff, ctx.request, {
          action: def.name,
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
        };
      }
      const message = await runAfterCommit(ctx, def.name, outcome.applied);
      return { auditId: outcome.auditId, approvalId: null, message };
    });

  return router({ preview, execute });
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
  const requestedAction = requested ? findAction(requested.action) : undefined;
  const prefetched =
    requested && requestedAction
      ? await requestedAction.prefetch({ db: ctx.db, input: requestedAction.parse(requested.input), ctx })
      : undefined;
  const outcome = await ctx.db.transaction().execute(async (tx) => {
    const approval = await tx.selectFrom('approvals').selectAll().where('id', '=', approvalId).forUpdate().executeTakeFirst();
    if (!approval) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such approval request' });
    if (approval.status !== 'pending') {
      throw new TRPCError({ code: 'CONFLICT', message: `This request was already ${approval.status}.` });
    }
    if (approval.requested_by_staff_id === ctx.staff.id) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'You cannot approve your own request; another admin must.' });
    }
    if (new Date(approval.expires_at) <= ctx.now()) {
      await tx.updateTable('approvals').set({ status: 'expired' }).where('id', '=', approval.id).execute();
      return { expired: true as const };
    }
    const action = findAction(approval.action);
    if (!action) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `Unknown action ${approval.action}` });
    const input = action.parse(approval.input);
    const plan = await action.plan({ db: tx, input, ctx, lock: true, prefetched });
    if (effectsDigest(plan.effects) !== approval.effects_digest) throw conflict();
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
    await tx
      .updateTable('approvals')
      .set({
        status: 'approved',
        decided_by_staff_id: ctx.staff.id,
        decided_at: ctx.now(),
        decision_reason: decisionReason,
        result: JSON.stringify({ auditId, message: applied.message }),
      })
      .where('id', '=', approval.id)
      .execute();
    return { expired: false as const, auditId, applied, action: approval.action };
  });
  if (outcome.expired) {
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'This request expired (24 hours); it must be requested again.' });
  }
  const message = await runAfterCommit(ctx, outcome.action, outcome.applied);
  return { auditId: outcome.auditId, approvalId, message };
}
