import { callTRPCProcedure, getTRPCErrorFromUnknown, getTRPCErrorShape, transformTRPCResponse, TRPCError } from '@trpc/server';
import { getHTTPStatusCode, resolveResponse, type HTTPErrorHandler } from '@trpc/server/http';
import type { TRPCResponse } from '@trpc/server/rpc';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.js';
import { appRouter, type AppRouter } from '../routers/_app.js';
import { PROCEDURES } from '../routers/procedure-types.js';

/** The request headers tRPC's resolveResponse reads (content negotiation and the body's type). */
const TRPC_HEADERS = ['content-type', 'accept', 'trpc-accept'] as const;

export interface TrpcRouteOptions {
  prefix: string;
  createContext(req: FastifyRequest, reply: FastifyReply): Promise<Context>;
  onError?: HTTPErrorHandler<AppRouter, FastifyRequest>;
}

/** Frozen answers (cached reports, see domain/frozen.ts) and the bytes sent for them: the same for every caller. */
const serialized = new WeakMap<object, Buffer>();

/**
 * The response body for a frozen answer, made once. The console sends plain JSON (no transformer), so this is
 * what transformTRPCResponse and JSON.stringify would write for it.
 */
function bodyOnce(data: unknown): Buffer | null {
  if (typeof data !== 'object' || data === null || !Object.isFrozen(data)) return null;
  let body = serialized.get(data);
  if (body === undefined) {
    body = Buffer.from(JSON.stringify({ result: { data } }));
    serialized.set(data, body);
  }
  return body;
}

/**
 * One query, not batched, by GET — the spotlight, a person's page, a cached report — answered as resolveResponse
 * answers it (the same procedure call, body, status and headers; a test holds the two to each other) without the
 * fetch Request, URL, Headers, abort signals and Response it builds and reads back on every call.
 */
async function answerQuery(
  opts: TrpcRouteOptions,
  req: FastifyRequest,
  reply: FastifyReply,
  path: string,
  inputText: string | null,
): Promise<{ status: number; body: Buffer }> {
  const config = appRouter._def._config;
  // Read once, as tRPC's adapter reads it: unreadable input is the caller's fault (400), named by the parser.
  let input: unknown = undefined;
  let read: Promise<unknown> | null = null;
  const getRawInput = (): Promise<unknown> =>
    (read ??= Promise.resolve().then(() => {
      try {
        input = inputText ? config.transformer.input.deserialize(JSON.parse(inputText)) : undefined;
        return input;
      } catch (cause) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: cause instanceof Error ? cause.message : 'Invalid input', cause });
      }
    }));
  let ctx: Context | undefined;
  try {
    ctx = await opts.createContext(req, reply);
    const data: unknown = await callTRPCProcedure({
      router: appRouter,
      path,
      getRawInput,
      ctx,
      type: 'query',
      signal: undefined,
      batchIndex: 0,
    });
    const once = bodyOnce(data);
    if (once !== null) return { status: 200, body: once };
    // What transformTRPCResponse writes for an answer, without the copies of the envelope it makes on the way.
    const answer: unknown = config.transformer.output.serialize(data);
    return { status: 200, body: Buffer.from(JSON.stringify({ result: { data: answer } })) };
  } catch (cause) {
    const error: TRPCError = getTRPCErrorFromUnknown(cause);
    opts.onError?.({ error, path, input, ctx, type: 'query', req });
    const response: TRPCResponse = { error: getTRPCErrorShape({ config, ctx, error, input, path, type: 'query' }) };
    return {
      status: getHTTPStatusCode(response),
      body: Buffer.from(JSON.stringify(transformTRPCResponse(config, response))),
    };
  }
}

/**
 * tRPC at `prefix/:path`, answered in one write. tRPC's own Fastify plugin hands Fastify a fetch Response, which
 * Fastify pipes as a web stream: chunked encoding and stream machinery on every response. Every procedure here
 * answers JSON in one piece (no subscriptions; the web app's links do not stream), so the body is read whole and
 * sent with its Content-Length; the fetch Request tRPC needs carries only the headers it reads.
 */
export function registerTrpcRoute(app: FastifyInstance, opts: TrpcRouteOptions): void {
  void app.register(async (scope) => {
    // tRPC parses the body itself: JSON arrives as text, as the official adapter arranges it.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    scope.all<{ Params: { path: string } }>(`${opts.prefix}/:path`, async (req, reply) => {
      const search = req.method === 'GET' ? new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1)) : null;
      if (search && !search.has('batch') && PROCEDURES.get(req.params.path)?.type === 'query') {
        const { status, body } = await answerQuery(opts, req, reply, req.params.path, search.get('input'));
        return reply.code(status).header('content-type', 'application/json').header('vary', 'trpc-accept, accept').send(body);
      }
      const headers = new Headers();
      for (const name of TRPC_HEADERS) {
        const value = req.headers[name];
        if (typeof value === 'string') headers.set(name, value);
      }
      const body = typeof req.body === 'string' ? req.body : undefined;
      const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
        method: req.method,
        headers,
        ...(body !== undefined && req.method !== 'GET' && req.method !== 'HEAD' ? { body } : {}),
      });
      const response = await resolveResponse({
        router: appRouter,
        req: request,
        path: req.params.path,
        error: null,
        createContext: () => opts.createContext(req, reply),
        onError: (o) => opts.onError?.({ ...o, req }),
      });
      reply.code(response.status);
      response.headers.forEach((value, name) => {
        void reply.header(name, value);
      });
      // The bytes as tRPC encoded them: decoding to a string here would only have them encoded again on the way out.
      return reply.send(Buffer.from(await response.arrayBuffer()));
    });
  });
}
