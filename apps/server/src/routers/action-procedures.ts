import { executeInputSchema, type ExecuteResult, type Preview } from '@ops/shared';
import type { ActionDefinition } from '../domain/actions/define.js';
import { listed } from '../domain/actions/list.js';
import { executeAction, previewAction } from '../domain/actions/run.js';
import { procedure, router } from '../trpc.js';

/**
 * Exposes a domain action as its sub-router `{ preview, execute }` (DESIGN.md protocol), both guarded by the
 * action's permission. The action must be in the action list, so whatever can be requested can be approved.
 */
export function actionProcedures<I, State, Pre>(def: ActionDefinition<I, State, Pre>) {
  const action = listed(def);
  return router({
    preview: procedure(def.permission)
      .input(def.input)
      .mutation(({ ctx, input }): Promise<Preview> => previewAction(ctx, action, input)),
    execute: procedure(def.permission)
      .input(executeInputSchema)
      .mutation(({ ctx, input }): Promise<ExecuteResult> => executeAction(ctx, action, input)),
  });
}
