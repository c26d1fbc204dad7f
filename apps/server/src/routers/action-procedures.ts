import { executeInputSchema, type ExecuteResult, type Preview } from '@ops/shared';
import { listedAction, type ActionDefinition } from '../domain/actions/define.js';
import { executeAction, previewAction } from '../domain/actions/run.js';
import { procedure, router } from '../trpc.js';

/**
 * Exposes a domain action as its sub-router `{ preview, execute }` (DESIGN.md protocol), both guarded by the
 * action's permission. Both carry the action in their meta: this line is what puts it in the action list, so
 * whatever can be requested can be approved.
 */
export function actionProcedures<I, State, Pre>(def: ActionDefinition<I, State, Pre>) {
  const action = listedAction(def);
  const meta = { access: def.permission, action };
  return router({
    preview: procedure(def.permission)
      .meta(meta)
      .input(def.input)
      .mutation(({ ctx, input }): Promise<Preview> => previewAction(ctx, action, input)),
    execute: procedure(def.permission)
      .meta(meta)
      .input(executeInputSchema)
      .mutation(({ ctx, input }): Promise<ExecuteResult> => executeAction(ctx, action, input)),
  });
}
