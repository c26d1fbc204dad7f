import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, splitLink, TRPCClientError } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@ops/server/router';

function isAuthError(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === 'UNAUTHORIZED';
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      retry: (count, error) => !isAuthError(error) && !(httpStatusOf(error) < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

/**
 * Procedures that travel in a request of their own instead of a batch:
 * - those that wait on a vendor (Stripe, Sentry, Axiom), so a slow vendor never holds the database answers batched
 *   beside them and the page shows its database panels first;
 * - the spotlight's search and the person's and booking's own query, which a jump waits for: a batch is sent a
 *   macrotask later, behind whatever the page is rendering, and these go out at once;
 * - the reports the server answers from its cache (revenue, funnel, cohorts): alone, a report comes back as the
 *   bytes the server made once for it, not re-encoded inside a batch and held for the batch's slowest member.
 */
export const UNBATCHED_PROCEDURES = new Set([
  'support.stripe',
  'support.payoutAccount',
  'support.trail',
  'spotlight.find',
  'support.user',
  'support.booking',
  'revenue.report',
  'funnel.report',
  'cohorts.report',
]);

const sameOrigin = (url: URL | RequestInfo, init?: RequestInit) => fetch(url, { ...init, credentials: 'same-origin' });

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => UNBATCHED_PROCEDURES.has(op.path),
      true: httpLink({ url: '/trpc', fetch: sameOrigin }),
      false: httpBatchLink({ url: '/trpc', fetch: sameOrigin }),
    }),
  ],
});

/** `trpc.feature.procedure.queryOptions(input)` / `.mutationOptions()`: one source of query keys. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
export type Trpc = typeof trpc;

/** The HTTP status a tRPC error carries (500 when it carries none: a network failure is worth a retry). */
function httpStatusOf(error: unknown): number {
  const status = error instanceof TRPCClientError ? (error.data as { httpStatus?: unknown } | undefined)?.httpStatus : undefined;
  return typeof status === 'number' ? status : 500;
}

export function errorCode(error: unknown): string | null {
  return error instanceof TRPCClientError ? ((error.data as { code?: string } | undefined)?.code ?? null) : null;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export { isAuthError };
