import { createHash } from 'node:crypto';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services, StaffIdentity } from '../context.js';
import { admitAccessToken, createRateLeases, holdsReservedRequest } from '../domain/tokens/tokens.js';
import { findTool } from '../mcp/registry.js';
import { createMcpServer } from '../mcp/server.js';
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

/**
 * The request as the SDK's web-standard transport reads it (method, URL, headers; the body is already parsed).
 * Building it here skips a Node-to-Fetch adapter per request and lets Fastify send the reply as any other.
 */
function webRequest(req: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.append(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  const origin = `${req.protocol}://${req.host}`;
  return new Request(new URL(req.url, URL.canParse(origin) ? origin : 'http://localhost'), { method: req.method, headers });
}

interface Admitted {
  staff: StaffIdentity;
  tokenName: string;
}

const MAX_RECENT_TOKENS = 10_000;

function bearerKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function sameIdentity(a: Admitted, b: Admitted): boolean {
  return (
    a.tokenName === b.tokenName &&
    a.staff.id === b.staff.id &&
    a.staff.role === b.staff.role &&
    a.staff.email === b.staff.email &&
    a.staff.name === b.staff.name
  );
}

/** A single `tools/call` of a tool that only reads (batches and everything else wait for the token check). */
function callsQueryTool(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const message = body as { method?: unknown; params?: unknown };
  if (message.method !== 'tools/call' || typeof message.params !== 'object' || message.params === null) return false;
  const name = (message.params as { name?: unknown }).name;
  return typeof name === 'string' && findTool(name)?.query === true;
}

function bearer(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** `/mcp`: the Model Context Protocol over Streamable HTTP, stateless, authenticated by personal access tokens. */
export function registerMcp(app: FastifyInstance, services: Services, metrics: Metrics): void {
  const allowedOrigins = services.config.MCP_ALLOWED_ORIGINS.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (URL.canParse(s) ? new URL(s).origin : s));
  // This replica's share of every token's per-minute budget (the count itself lives in Postgres).
  const leases = createRateLeases();
  // Whom each bearer (by its hash) was last admitted as on this replica: only ever a guess to start a read under.
  const recent = new Map<string, Admitted>();
  const remember = (key: string, who: Admitted) => {
    if (recent.size >= MAX_RECENT_TOKENS && !recent.has(key)) recent.clear();
    recent.set(key, who);
  };

  app.addHook('onRequest', async (req, reply) => {
    if (req.url !== '/mcp' && !req.url.startsWith('/mcp?')) return;
    if (!mcpOriginAllowed(req.headers.origin, req.headers.host, allowedOrigins)) {
      await jsonRpcError(reply, 403, -32000, 'Origin not allowed');
    }
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

  /** Answers one JSON-RPC POST as `who`: a fresh MCP server and transport (stateless), replying through Fastify. */
  const answer = async (req: FastifyRequest, who: Admitted): Promise<Response> => {
    const server = createMcpServer({
      services: { ...services, logger: services.logger.child({ reqId: req.id, channel: 'mcp' }) },
      staff: who.staff,
      request: {
        requestId: req.id,
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
        channel: 'mcp',
        tokenName: who.tokenName,
      },
      observe: metrics.observeProcedure,
    });
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    try {
      await server.connect(transport);
      return await transport.handleRequest(webRequest(req), { parsedBody: req.body });
    } finally {
      await transport.close();
      await server.close();
    }
  };

  app.post('/mcp', async (req, reply) => {
    const token = bearer(req);
    if (token === null) return unauthorized(reply, null);
    const now = services.now();
    // A read by a token this replica admitted moments ago, within its reserved budget, starts at once under that
    // identity while the token is checked; nothing of it is sent unless the check admits the same identity.
    const key = bearerKey(token);
    const guess = recent.get(key);
    const startEarly = guess !== undefined && callsQueryTool(req.body) && holdsReservedRequest(leases, token, now);
    const admission = admitAccessToken(services.dbs.api, token, now, services.config.MCP_RATE_LIMIT_PER_MINUTE, leases);
    const early = startEarly ? answer(req, guess) : null;
    // An answer that will not be sent must not fail the process when it fails.
    early?.catch(() => undefined);

    const resolved = await admission;
    if (!resolved.ok) {
      recent.delete(key);
      return unauthorized(reply, resolved.description);
    }
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
    const who: Admitted = { staff: resolved.staff, tokenName: resolved.token.name };
    remember(key, who);

    try {
      const response = await (early !== null && guess !== undefined && sameIdentity(guess, who) ? early : answer(req, who));
      reply.code(response.status);
      response.headers.forEach((value, name) => void reply.header(name, value));
      return await reply.send(response.body === null ? undefined : await response.text());
    } catch (error) {
      req.log.error({ err: error }, 'mcp request failed');
      return jsonRpcError(reply, 500, -32603, 'Internal error');
    }
  });
}
