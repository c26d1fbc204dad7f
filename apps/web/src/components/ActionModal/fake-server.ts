import { vi } from 'vitest';
import type { ExecuteResult, Preview } from '@ops/shared';

/**
 * For component tests of action buttons: a stand-in for the server behind `/trpc`, so a test drives the real
 * preview/confirm flow (useActionOf, the dialog, the tRPC client) and reads what was asked of the server.
 */

/** One procedure call the page made, as the server would read it. */
export interface ServerCall {
  path: string;
  input: unknown;
}

/** A refusal, as the server's TRPCError travels: the page shows its message. */
export class Refusal {
  constructor(
    readonly message: string,
    readonly code = 'BAD_REQUEST',
    readonly httpStatus = 400,
  ) {}
}

/** What the stand-in answers a call with: the procedure's result, or a Refusal (either when a promise settles). */
export type Answer = (call: ServerCall) => unknown;

/** A preview as an action's preview procedure returns it; a test names what it is about. */
export function previewOf(over: Partial<Preview> & Pick<Preview, 'action' | 'summary' | 'effects'>): Preview {
  return {
    resourceType: 'user',
    resourceId: 'r1',
    warnings: [],
    confirmToken: `ct_${over.action.replace(/\W/g, '_').padEnd(24, '0')}`,
    expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(),
    requiresApproval: false,
    typeToConfirm: null,
    ...over,
  };
}

/**
 * What an execute returns; no audit id, as the notice's link to the entry needs the page's router, which the
 * notifications of a component test sit outside of.
 */
export const executed: ExecuteResult = { message: 'Done', auditId: null, approvalId: null, created: null };

function envelope(answer: unknown): { body: unknown; status: number } {
  if (answer instanceof Refusal)
    return {
      status: answer.httpStatus,
      body: { error: { message: answer.message, code: -32600, data: { code: answer.code, httpStatus: answer.httpStatus } } },
    };
  return { status: 200, body: { result: { data: answer } } };
}

/**
 * Answers every request to `/trpc` from `answer` (batched or not) and records each call in order. A call `answer`
 * returns undefined for is refused as unknown, so a test sees a request it did not expect.
 */
export function fakeServer(answer: Answer): ServerCall[] {
  const calls: ServerCall[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (request, init) => {
    const url = new URL(request instanceof Request ? request.url : request.toString(), 'http://console.test');
    const paths = decodeURIComponent(url.pathname.replace(/^\/trpc\//, '')).split(',');
    const batched = url.searchParams.get('batch') === '1';
    const sent = typeof init?.body === 'string' ? init.body : url.searchParams.get('input');
    const raw: unknown = sent === null ? undefined : JSON.parse(sent);
    const inputs = batched ? paths.map((_, i) => (raw as Record<string, unknown> | undefined)?.[i]) : [raw];
    const answers = await Promise.all(
      paths.map(async (path, i) => {
        const call = { path, input: inputs[i] };
        calls.push(call);
        return envelope((await answer(call)) ?? new Refusal(`no answer for ${path} in this test`, 'NOT_FOUND', 404));
      }),
    );
    const status = answers.find((a) => a.status !== 200)?.status ?? 200;
    const body = batched ? answers.map((a) => a.body) : answers[0]?.body;
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}
