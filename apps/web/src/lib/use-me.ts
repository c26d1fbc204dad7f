import { useSuspenseQuery } from '@tanstack/react-query';
import type { Permission } from '@ops/shared';
import { trpc } from './trpc';

export function useMe() {
  return useSuspenseQuery(trpc.auth.me.queryOptions()).data;
}

/** Whether the signed-in staff member holds a permission (the UI hides what the server would refuse anyway). */
export function useCan(permission: Permission): boolean {
  return useMe().permissions.includes(permission);
}
