import type { AnyRouter, inferRouterContext } from '@trpc/server';
import { resolveResponse, type HTTPErrorHandler } from '@trpc/server/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The request headers tRPC's resolveResponse reads (content negotiation and the body's type). */
const TRPC_HEADERS = ['content-type', 'accept', 'trpc-accept'] as const;

export interface TrpcRouteOptions<TRouter extends AnyRouter> {
  prefix: string;
  router: TRouter;
  createContext(req: FastifyRequest, reply: FastifyReply): Promise<inferRouterContext<TRouter>>;
  onError?: HTTPErrorHandler<TRouter, FastifyRequest>;
}

/**
 * tRPC at `prefix/:path`, answered in one write. tRPC's own Fastify plugin hands Fastify a fetch Response, which
 * Fastify pipes as a web stream: chunked encoding and stream machinery on every response. Every procedure here
 * answers JSON in one piece (no subscriptions; the web app's links do not stream), so the body is read whole and
 * sent with its Content-Length; the fetch Request tRPC needs carries only the headers it reads.
 */
export function registerTrpcRoute<TRouter extends AnyRouter>(app: FastifyInstance, opts: TrpcRouteOptions<TRouter>): void {
  void app.register(async (scope) => {
    // tRPC parses the body itself: JSON arrives as text, as the official adapter arranges it.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    scope.all<{ Params: { path: string } }>(`${opts.prefix}/:path`, async (req, reply) => {
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
        router: opts.router,
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
