import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database, DbOrTx } from '@ops/db';
import type { CreatedResource, Effect, Permission } from '@ops/shared';
import type { Context, StaffIdentity } from '../../context.js';

/** Everything an action needs from the request: services, the acting staff member, request metadata. */
export type ActionContext = Context & { staff: StaffIdentity };

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
  /** What the action created, handed back to the page that asked (see ExecuteResult.created). */
  created?: CreatedResource;
  /**
   * Work done after the transaction commits (a Stripe call): the database already holds a pending record, so a
   * crash here is closed by reconciliation. Returns a note for the person, or throws (reported, not rolled back).
   */
  afterCommit?: () => Promise<string | void>;
}

export interface ActionDefinition<I, State> {
  /** `<feature>.<action>`, also the audit action name. */
  name: string;
  permission: Permission;
  input: z.ZodType<I>;
  /**
   * Reads current state and computes the effects. With `lock`, it runs inside the execute transaction and must
   * lock the rows it depends on (`forUpdate()`), so the effects cannot change before `apply` commits.
   */
  plan(args: { db: DbOrTx; input: I; ctx: ActionContext; lock: boolean }): Promise<ActionPlan<State>>;
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
  }): Promise<ApplyResult>;
}

/**
 * Defines a preview/confirm action (DESIGN.md protocol) as a plain object; the router exposes it as
 * `{ preview, execute }`. The function only ties `plan`'s state type to `apply`'s.
 */
export function defineAction<I, State>(def: ActionDefinition<I, State>): ActionDefinition<I, State> {
  return def;
}

/** An action with its types erased, as the approvals inbox finds it by name. */
export interface RegisteredAction {
  name: string;
  permission: Permission;
  parse(input: unknown): unknown;
  plan(args: { db: DbOrTx; input: unknown; ctx: ActionContext; lock: boolean }): Promise<ActionPlan<unknown>>;
  refuse(plan: ActionPlan<unknown>, staff: StaffIdentity): string | null;
  apply(args: {
    tx: Transaction<Database>;
    input: unknown;
    plan: ActionPlan<unknown>;
    ctx: ActionContext;
    reason: string;
    idempotencyKey: string;
  }): Promise<ApplyResult>;
}

function eraseAction<I, State>(def: ActionDefinition<I, State>): RegisteredAction {
  return {
    name: def.name,
    permission: def.permission,
    parse: (input) => def.input.parse(input),
    plan: (args) => def.plan({ ...args, input: args.input as I }),
    refuse: (plan, staff) => def.refuse?.(plan as ActionPlan<State>, staff) ?? null,
    apply: (args) => def.apply({ ...args, input: args.input as I, plan: args.plan as ActionPlan<State> }),
  };
}

const registry = new Map<string, { def: object; action: RegisteredAction }>();

/**
 * Makes an action findable by name, for executing an approved request. The router does this for every action it
 * exposes, so whatever can be requested can be approved; one name belongs to one definition.
 */
export function registerAction<I, State>(def: ActionDefinition<I, State>): RegisteredAction {
  const existing = registry.get(def.name);
  if (existing) {
    if (existing.def !== def) throw new Error(`action ${def.name} is defined twice`);
    return existing.action;
  }
  const action = eraseAction(def);
  registry.set(def.name, { def, action });
  return action;
}

export function findAction(name: string): RegisteredAction | undefined {
  return registry.get(name)?.action;
}
