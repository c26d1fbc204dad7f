import type { QueryClient } from '@tanstack/react-query';
import type { Me, Permission } from '@ops/shared';
import type { Trpc } from './trpc';

export interface RouterContext {
  queryClient: QueryClient;
  trpc: Trpc;
}

export class ForbiddenError extends Error {
  constructor(readonly permission: Permission) {
    super(`Your role cannot open this page (needs ${permission}).`);
  }
}

export function getMe(ctx: RouterContext): Promise<Me> {
  return ctx.queryClient.ensureQueryData(ctx.trpc.auth.me.queryOptions());
}

/** Route `beforeLoad` guard: a 403 page rather than a broken one when the role lacks the permission. */
export async function requirePermission(ctx: RouterContext, permission: Permission): Promise<Me> {
  const me = await getMe(ctx);
  if (!me.permissions.includes(permission)) throw new ForbiddenError(permission);
  return me;
}
