import type { Meta } from '../trpc.js';
import { appRouter } from './_app.js';

export type ProcedureType = 'query' | 'mutation' | 'subscription';

/** What the console reads of a procedure: its type, its declared meta (access, action) and its input parsers. */
export interface ProcedureDef {
  type: ProcedureType;
  meta: Meta | undefined;
  inputs: readonly unknown[];
}

function defOf(procedure: unknown): ProcedureDef | null {
  const def: unknown = typeof procedure === 'function' && '_def' in procedure ? procedure._def : null;
  if (typeof def !== 'object' || def === null || !('type' in def)) return null;
  const type = def.type;
  if (type !== 'query' && type !== 'mutation' && type !== 'subscription') return null;
  // Every procedure is built from trpc.ts's builder, whose `.meta<Meta>()` types what it holds.
  const meta = 'meta' in def ? (def.meta as Meta | undefined) : undefined;
  const inputs = 'inputs' in def && Array.isArray(def.inputs) ? (def.inputs as unknown[]) : [];
  return { type, meta, inputs };
}

/**
 * A router's procedures by dotted path. At run time tRPC keeps them in one flat map by path (its type describes the
 * nested record instead); the console has no lazy routers, so the map is whole from the start.
 */
export function procedureDefsOf(procedures: object): ReadonlyMap<string, ProcedureDef> {
  return new Map(
    Object.entries(procedures).flatMap(([path, procedure]: [string, unknown]) => {
      const def = defOf(procedure);
      return def === null ? [] : [[path, def] as const];
    }),
  );
}

/**
 * The console's procedures, for callers that reach one by path without tRPC's HTTP adapter or a caller proxy
 * (http/trpc-route.ts, mcp/), and for what is read off the router (the action list, the MCP tools).
 */
export const PROCEDURES: ReadonlyMap<string, ProcedureDef> = procedureDefsOf(appRouter._def.procedures);
