import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { REQUEST_ID_PATTERN } from '@ops/shared';
import { createContextInner, type CookieJar, type Services } from '../context.js';
import type { Logger } from '../logger.js';
import { createSessionCache } from '../domain/session-cache.js';
import { resolveSession, SESSION_COOKIE } from '../domain/sessions.js';
import { registerMcp } from './mcp.js';
import type { Metrics } from './metrics.js';
import { cspNonce, registerSecurityHeaders } from './security-headers.js';
import { registerStatic } from './static.js';
import { registerTrpcRoute } from './trpc-route.js';

export interface ServerOptions {
  services: Services;
  metrics: Metrics;
  /** Folder of the built SPA; null serves no SPA (API-only tests). */
  webRoot: string | null;
  version: string;
  sha: string;
  /** Extra routes (webhooks) registered by features. */
  extraRoutes?: Array<(app: FastifyInstance, services: Services, metrics: Metrics) => void>;
  /** Session checks served from memory for at most this long (default SESSION_CACHE_MS); the clock is for tests. */
  sessionCache?: { ttlMs?: number; now?: () => number };
  /** Access-token checks on /mcp served from memory for at most this long (default TOKEN_CHECK_MS); the clock is for tests. */
  tokenCheck?: { ttlMs?: number; now?: () => number };
}

const SLOW_REQUEST_MS = 1_000;
const REQUEST_LOG_SAMPLE = 100;

/**
 * The client address for limits and audit rows: Fastify's `req.ip` under `trustProxy` — the socket address, or
 * with TRUST_PROXY set, the right-most X-Forwarded-For entry that is not one of our trusted proxies (a client can
 * prepend anything it likes to the header; it cannot change what our own proxies append).
 */
/** A request's path without its query string. */
export function requestPath(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function clientIp(req: FastifyRequest): string {
  return req.ip;
}

/** A hop count becomes proxy-addr's own rule for numbers: trust the `hops` addresses nearest to us. */
function trustProxySetting(setting: false | number | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
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
  // Typed as Fastify's base logger so the instance is a plain FastifyInstance, not one generic over pino's Logger.
  const loggerInstance: FastifyBaseLogger = services.logger;
  const app = Fastify({
    loggerInstance,
    trustProxy: trustProxySetting(services.config.TRUST_PROXY),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      // The one shape the logs page looks a request up by.
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    },
    bodyLimit: 1_048_576,
    // Two synchronous log lines per request cost more than the lookup itself; onResponse below logs what matters.
    // request_id: the field the logs dataset keys a request by, so the logs page finds the console's own lines too.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
  });
  await app.register(cookie);
  await registerSecurityHeaders(app, metrics);
  const sessions = createSessionCache(
    (token) =>
      resolveSession(
        services.dbs.api,
        token,
        services.config.SESSION_IDLE_MINUTES,
        services.config.sessionSecret,
        services.now(),
      ),
    opts.sessionCache,
  );

  // Hooks in callback form: they run on every request, and an async hook costs a promise each time.
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('x-request-id', req.id);
    done(null, payload);
  });
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unknown';
    metrics.observeHttp(route.startsWith('/trpc') ? '/trpc' : route, req.method, reply.statusCode, reply.elapsedTime / 1000);
    // Failures and slow requests always; one in REQUEST_LOG_SAMPLE of the rest (the metrics count them all).
    const slow = reply.elapsedTime >= SLOW_REQUEST_MS;
    if (reply.statusCode >= 500 || slow || Math.random() * REQUEST_LOG_SAMPLE < 1) {
      // The logs dataset's field names (req.log carries request_id already). The path only: a query string carries
      // tRPC input, which can be a searched email or phone number.
      const line = {
        method: req.method,
        route: requestPath(req.url),
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime),
      };
      if (reply.statusCode >= 500) req.log.error(line, 'request failed');
      else if (slow) req.log.warn(line, 'slow request');
      else req.log.info(line, 'request completed (sampled)');
    }
    done();
  });
  app.addHook('onRequest', (req, reply, done) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.url.startsWith('/trpc') && isCrossSite(req)) {
      // Answered here: the request goes no further (a callback hook that replies does not call done).
      void reply.code(403).send({ error: 'cross-site request refused' });
      return;
    }
    done();
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

  registerTrpcRoute(app, {
    prefix: '/trpc',
    async createContext(req, res) {
      const token = req.cookies[SESSION_COOKIE];
      const staff = token ? await sessions.check(token) : null;
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
        clearSession: () => {
          if (token) sessions.forget(token);
          void res.clearCookie(SESSION_COOKIE, { path: '/' });
        },
      };
      return createContextInner({
        // Fastify's own per-request child of services.logger, bound to request_id: no second child per request.
        services: { ...services, logger: req.log as Logger },
        staff,
        request: { requestId: req.id, ip: clientIp(req), userAgent: req.headers['user-agent'] ?? null },
        cookies,
        observe: metrics.observeProcedure,
      });
    },
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') services.logger.error({ err: error, path }, 'procedure failed');
    },
  });

  registerMcp(app, services, metrics, opts.tokenCheck);
  for (const register of opts.extraRoutes ?? []) register(app, services, metrics);
  if (opts.webRoot) registerStatic(app, opts.webRoot, cspNonce);
  return app;
}
