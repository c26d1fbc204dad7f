import type { ActionList, ListedAction } from '../domain/actions/define.js';
import { appRouter } from './_app.js';

function isListedAction(value: unknown): value is ListedAction {
  return typeof value === 'object' && value !== null && 'name' in value && 'defines' in value && 'apply' in value;
}

/** The action in a procedure's meta (see `Meta.action`), if it is an action's preview or execute. */
function actionOf(procedure: unknown): ListedAction | undefined {
  const def: unknown = typeof procedure === 'function' && '_def' in procedure ? procedure._def : null;
  const meta: unknown = typeof def === 'object' && def !== null && 'meta' in def ? def.meta : undefined;
  const action: unknown = typeof meta === 'object' && meta !== null && 'action' in meta ? meta.action : undefined;
  return isListedAction(action) ? action : undefined;
}

/**
 * Every preview/confirm action the console offers, read off the router: an action is in the list because a router
 * line exposes it (`actionProcedures`), and nothing registers itself by being imported. An approved request is
 * executed by finding its action here by name, so whatever can be requested can be approved. An action exposed
 * under a path other than its name is refused at start (paths are unique, so names are too).
 */
export function readActionList(procedures: object): ActionList {
  const byName = new Map<string, ListedAction>();
  for (const [path, procedure] of Object.entries(procedures) as Array<[string, unknown]>) {
    const action = actionOf(procedure);
    if (action === undefined || !path.endsWith('.execute')) continue;
    if (path !== `${action.name}.execute`) throw new Error(`action ${action.name} is exposed at ${path}, not under its name`);
    byName.set(action.name, action);
  }
  return byName;
}

export const CONSOLE_ACTIONS: ActionList = readActionList(appRouter._def.procedures);
