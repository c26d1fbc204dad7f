import type { Trpc } from '../../lib/trpc';

/** The same options for the route's loader and the list, so the first page is not fetched twice. */
export function searchPagesOptions(trpc: Trpc, q: string) {
  return trpc.support.search.infiniteQueryOptions({ q }, { getNextPageParam: (page) => page.nextCursor ?? undefined });
}
