import type { ActionList, ListedAction } from '../domain/actions/define.js';
import { PROCEDURES, type ProcedureDef } from './procedure-types.js';

/**
 * Every preview/confirm action the console offers, read off the router: an action is in the list because a router
 * line exposes it (`actionProcedures`), and nothing registers itself by being imported. An approved request is
 * executed by finding its action here by name, so whatever can be requested can be approved. An action exposed
 * under a path other than its name is refused at start (paths are unique, so names are too).
 */
export function readActionList(procedures: ReadonlyMap<string, ProcedureDef>): ActionList {
  const byName = new Map<string, ListedAction>();
  for (const [path, procedure] of procedures) {
    const action = procedure.meta?.action;
    if (action === undefined || !path.endsWith('.execute')) continue;
    if (path !== `${action.name}.execute`) throw new Error(`action ${action.name} is exposed at ${path}, not under its name`);
    byName.set(action.name, action);
  }
  return byName;
}

export const CONSOLE_ACTIONS: ActionList = readActionList(PROCEDURES);
