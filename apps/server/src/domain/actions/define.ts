import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database, Db, DbOrTx } from '@ops/db';
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
  /** Dangerous actions: the id a person must type to confirm (one that names this resource alone). */
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

export interface ActionDefinition<I, State, Pre = undefined> {
  /** `<feature>.<action>`, also the audit action name. */
  name: string;
  /** What a person calls it, as the browser titles its dialog ("Refund booking"); an assistant's tools are titled by it. */
  title: string;
  /** One sentence on what the action does, for whoever picks it (an assistant reads it as the tool's description). */
  description: string;
  /** Whether what it does cannot simply be put back (money out, a suspension, an erasure): assistants are told so. */
  destructive: boolean;
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

/**
 * Defines a preview/confirm action (DESIGN.md protocol) as a plain object; the router exposes it as
 * `{ preview, execute }`. The function only ties `plan`'s state type to `apply`'s.
 */
export function defineAction<I, State, Pre = undefined>(def: ActionDefinition<I, State, Pre>): ActionDefinition<I, State, Pre> {
  return def;
}

/** An action with its types erased, as the action list holds it and the approvals inbox finds it by name. */
export interface ListedAction {
  name: string;
  title: string;
  description: string;
  destructive: boolean;
  /** Whether this is the listed form of `def` (one name belongs to one definition). */
  defines(def: object): boolean;
  permission: Permission;
  parse(input: unknown): unknown;
  /** Whether planning needs a vendor read first (`prefetch`): the approvals inbox does not re-plan those on read. */
  readsVendor: boolean;
  /** The definition's `prefetch`, or nothing to read. */
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

/** The console's actions by name: read off the router at start and handed to the domain with the services. */
export type ActionList = ReadonlyMap<string, ListedAction>;

/** Erases a definition's types so that actions of every input shape fit one list. */
export function listedAction<I, State, Pre>(def: ActionDefinition<I, State, Pre>): ListedAction {
  return {
    name: def.name,
    title: def.title,
    description: def.description,
    destructive: def.destructive,
    defines: (other) => other === def,
    permission: def.permission,
    parse: (input) => def.input.parse(input),
    readsVendor: def.prefetch !== undefined,
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
}
