import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../context.js';
import type { Logger } from '../logger.js';
import { createCheckedTokens } from '../domain/tokens/checked-tokens.js';
import { admitAccessToken, createRateLeases, onAccessTokenRevoked } from '../domain/tokens/tokens.js';
import { createMcpServers } from '../mcp/server.js';
import type { Metrics } from './metrics.js';

const REALM = 'ops-console';

/**
 * DNS-rebinding protection: a browser page on another origin must not reach /mcp. Clients that are not browsers
 * send no Origin; a browser's Origin must be the console's own host or one listed in MCP_ALLOWED_ORIGINS.
 */
export function mcpOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (host !== undefined && url.host === host) return true;
  return allowed.includes(url.origin);
}

/** Fastify's refusals of a JSON body it cannot parse (malformed, or empty under a JSON content type). */
const PARSE_ERRORS: ReadonlySet<string> = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY']);

function jsonRpcError(reply: FastifyReply, status: number, code: number, message: string) {
  return reply.code(status).send({ jsonrpc: '2.0', error: { code, message }, id: null });
}

function unauthorized(reply: FastifyReply, description: string | null) {
  // RFC 6750: no error code when the request carried no credentials at all.
  const challenge =
    description === null
      ? `Bearer realm="${REALM}"`
      : `Bearer realm="${REALM}", error="invalid_token", error_description="${description}"`;
  return reply
    .header('www-authenticate', challenge)
    .code(401)
    .send({
      jsonrpc: '2.0',
      error: { code: -32001, message: description ?? 'Authorization: Bearer <personal access token> is required' },
      id: null,
    });
}

function oneHeader(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function bearer(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** `/mcp`: the Model Context Protocol over Streamable HTTP, stateless, authenticated by personal access tokens. */
export function registerMcp(
  app: FastifyInstance,
  services: Services,
  metrics: Metrics,
  /** Token checks served from memory for at most this long (default TOKEN_CHECK_MS); the clock is for tests. */
  tokenCheck: { ttlMs?: number; now?: () => number } = {},
): void {
  const allowedOrigins = services.config.MCP_ALLOWED_ORIGINS.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (URL.canParse(s) ? new URL(s).origin : s));
  // This replica's share of every token's per-minute budget (the count itself lives in Postgres).
  const leases = createRateLeases();
  // Tokens the database confirmed a moment ago; one revoked here is forgotten at once.
  const checked = createCheckedTokens(tokenCheck);
  const unsubscribe = onAccessTokenRevoked((tokenId) => checked.forget(tokenId));
  app.addHook('onClose', (_app, done) => {
    unsubscribe();
    done();
  });
  // Stateless MCP servers, kept between requests, each connected to a transport of its own.
  const servers = createMcpServers();
  const onWriteError = (error: unknown) => services.logger.warn({ err: error }, 'access token bookkeeping write failed');

  // Every request passes this hook, so it is a callback (an async hook costs a promise each time); one that replies
  // does not call done.
  app.addHook('onRequest', (req, reply, done) => {
    const mcp = req.url === '/mcp' || req.url.startsWith('/mcp?');
    if (mcp && !mcpOriginAllowed(req.headers.origin, req.headers.host, allowedOrigins)) {
      void jsonRpcError(reply, 403, -32000, 'Origin not allowed');
      return;
    }
    done();
  });

  // Stateless: no server-to-client stream and no session to end.
  app.route({
    method: ['GET', 'DELETE'],
    url: '/mcp',
    handler: (_req, reply) =>
      reply
        .header('allow', 'POST')
        .code(405)
        .send({
          jsonrpc: '2.0',
          error: { code: -32000, message: 'Method not allowed: POST JSON-RPC messages to /mcp' },
          id: null,
        }),
  });

  app.post(
    '/mcp',
    {
      // The request's own logger says which door it came through: no second child logger per request.
      childLoggerFactory: (logger, bindings, opts) => logger.child({ ...bindings, channel: 'mcp' }, opts),
      // A body that is not JSON is refused before the handler runs: answer it as JSON-RPC says (-32700), not with
      // Fastify's own error; anything else goes on to the server's error handler.
      errorHandler: (error, _req, reply) => {
        if (!PARSE_ERRORS.has(error.code)) throw error;
        void jsonRpcError(reply, 400, -32700, 'Parse error');
      },
    },
    async (req, reply) => {
      const token = bearer(req);
      if (token === null) return unauthorized(reply, null);
      const resolved = await admitAccessToken(
        services.dbs.api,
        token,
        services.now(),
        services.config.MCP_RATE_LIMIT_PER_MINUTE,
        leases,
        { checked, onWriteError },
      );
      if (!resolved.ok) return unauthorized(reply, resolved.description);
      const wait = resolved.waitSeconds;
      if (wait !== null) {
        return reply
          .header('retry-after', String(wait))
          .code(429)
          .send({
            jsonrpc: '2.0',
            error: {
              code: -32000,
              message: `Rate limit: ${services.config.MCP_RATE_LIMIT_PER_MINUTE} requests a minute per token; retry in ${wait} s`,
            },
            id: null,
          });
      }

      try {
        const answer = await servers.answer(
          {
            accept: req.headers.accept,
            contentType: req.headers['content-type'],
            protocolVersion: oneHeader(req.headers['mcp-protocol-version']),
            body: req.body,
          },
          {
            services: { ...services, logger: req.log as Logger },
            staff: resolved.staff,
            request: {
              requestId: req.id,
              ip: req.ip,
              userAgent: req.headers['user-agent'] ?? null,
              channel: 'mcp',
              tokenName: resolved.token.name,
            },
            observe: metrics.observeProcedure,
          },
        );
        reply.code(answer.status);
        return answer.json === null ? reply.send() : reply.type('application/json').send(answer.json);
      } catch (error) {
        req.log.error({ err: error }, 'mcp request failed');
        return jsonRpcError(reply, 500, -32603, 'Internal error');
      }
    },
  );
}
