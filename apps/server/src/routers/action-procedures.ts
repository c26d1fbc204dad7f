import { executeInputSchema, type ExecuteResult, type Preview } from '@ops/shared';
import { registerAction, type ActionDefinition } from '../domain/actions/define.js';
import { executeAction, previewAction } from '../domain/actions/run.js';
import { procedure, router } from '../trpc.js';

/**
 * Exposes a domain action as its sub-router `{ preview, execute }` (DESIGN.md protocol), both guarded by the
 * action's permission, and registers it so an approved request for it can be executed later.
 */
export function actionProcedures<I, State, Pre>(def: ActionDefinition<I, State, Pre>) {
  const action = registerAction(def);
  return router({
    preview: procedure(def.permission)
      .input(def.input)
      .mutation(({ ctx, input }): Promise<Preview> => previewAction(ctx, action, input)),
    execute: procedure(def.permission)
      .input(executeInputSchema)
      .mutation(({ ctx, input }): Promise<ExecuteResult> => executeAction(ctx, action, input)),
  });
}
