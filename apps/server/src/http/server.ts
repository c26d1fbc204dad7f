import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { createContextInner, type CookieJar, type Services } from '../context.js';
import { resolveSession, SESSION_COOKIE } from '../domain/sessions.js';
import { appRouter, type AppRouter } from '../routers/_app.js';
import { registerMcp } from './mcp.js';
import type { Metrics } from './metrics.js';
import { registerStatic } from './static.js';

export interface ServerOptions {
  services: Services;
  metrics: Metrics;
  /** Folder of the built SPA; null serves no SPA (API-only tests). */
  webRoot: string | null;
  version: string;
  sha: string;
  /** Extra routes (webhooks) registered by features. */
  extraRoutes?: Array<(app: FastifyInstance, services: Services) => void>;
}

function clientIp(req: FastifyRequest): string {
  return req.ip;
}

/**
 * Same-origin check for state-changing requests: browsers send Origin (and Sec-Fetch-Site) on POST; a request
 * from another site is refused before it reaches a procedure. The session cookie is also SameSite=Strict.
 */
function isCrossSite(req: FastifyRequest): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const { services, metrics } = opts;
  const app = Fastify({
    loggerInstance: services.logger as FastifyBaseLogger,
    trustProxy: services.config.TRUST_PROXY === 'true',
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1_048_576,
  });
  await app.register(cookie);

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unknown';
    metrics.observeHttp(route.startsWith('/trpc') ? '/trpc' : route, req.method, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.url.startsWith('/trpc') && isCrossSite(req)) {
      await reply.code(403).send({ error: 'cross-site request refused' });
    }
  });

  app.get('/healthz', async () => {
    let status: 'ok' | 'degraded' = 'ok';
    try {
      await services.dbs.api.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    } catch {
      status = 'degraded';
    }
    return { status, version: opts.version, sha: opts.sha };
  });

  app.get('/metrics', async (_req, reply) => {
    return reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      async createContext({ req, res }) {
        const token = req.cookies[SESSION_COOKIE];
        const staff = token ? await resolveSession(services.dbs.api, token, services.config.SESSION_IDLE_MINUTES) : null;
        const secure = req.protocol === 'https';
        const cookies: CookieJar = {
          setSession: (value, maxAgeSeconds) =>
            void res.setCookie(SESSION_COOKIE, value, {
              httpOnly: true,
              sameSite: 'strict',
              secure,
              path: '/',
              maxAge: maxAgeSeconds,
            }),
          clearSession: () => void res.clearCookie(SESSION_COOKIE, { path: '/' }),
        };
        return createContextInner({
          services: { ...services, logger: services.logger.child({ reqId: req.id }) },
          staff,
          request: { requestId: req.id, ip: clientIp(req), userAgent: req.headers['user-agent'] ?? null },
          cookies,
          observe: metrics.observeProcedure,
        });
      },
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') services.logger.error({ err: error, path }, 'procedure failed');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  registerMcp(app, services, metrics);
  for (const register of opts.extraRoutes ?? []) register(app, services);
  if (opts.webRoot) registerStatic(app, opts.webRoot);
  return app;
}
