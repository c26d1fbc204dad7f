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
  'bookings.detail',
  'revenue.report',
  'funnel.report',
  'cohorts.report',
]);

/** What a status says when the answer did not (HTTP/2 carries no status text). */
const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * The failure an answer that is not the server's JSON stands for, or null for a JSON answer: a proxy's 503 page or
 * "upstream down" reads as "server answered 503 Service Unavailable", not as the JSON parser's complaint about its
 * first letter (which is what tRPC would report, on every page that shows the error).
 */
export function nonJsonAnswer(res: Pick<Response, 'status' | 'statusText' | 'headers'>): Error | null {
  const type = res.headers.get('content-type') ?? '';
  if (/\bjson\b/i.test(type)) return null;
  const text = res.statusText || STATUS_TEXT[res.status] || '';
  const status = `server answered ${res.status}${text ? ` ${text}` : ''}`;
  return new Error(
    res.status >= 200 && res.status < 300 ? `${status} with ${type.split(';')[0] || 'no content type'}, not JSON` : status,
  );
}

const sameOrigin = async (url: URL | RequestInfo, init?: RequestInit) => {
  const res = await fetch(url, { ...init, credentials: 'same-origin' });
  const failure = nonJsonAnswer(res);
  if (failure) throw failure;
  return res;
};

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
