import { appRouter } from './_app.js';

export type ProcedureType = 'query' | 'mutation' | 'subscription';

function typeOf(procedure: unknown): ProcedureType | null {
  const def: unknown = typeof procedure === 'function' && '_def' in procedure ? procedure._def : null;
  const type: unknown = typeof def === 'object' && def !== null && 'type' in def ? def.type : null;
  return type === 'query' || type === 'mutation' || type === 'subscription' ? type : null;
}

/**
 * Each procedure's type by dotted path. At run time tRPC keeps the procedures in one flat map by path (its type
 * describes the nested record instead); the console has no lazy routers, so the map is whole from the start. For
 * callers that reach a procedure by path without tRPC's HTTP adapter or a caller proxy (http/trpc-route.ts, mcp/).
 */
export const procedureTypes: ReadonlyMap<string, ProcedureType> = new Map(
  Object.entries(appRouter._def.procedures as object).flatMap(([path, procedure]: [string, unknown]) => {
    const type = typeOf(procedure);
    return type === null ? [] : [[path, type] as const];
  }),
);
