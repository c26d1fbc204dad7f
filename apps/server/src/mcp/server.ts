import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { TRPCError } from '@trpc/server';
import { allows, type StaffRole } from '@ops/shared';
import { createContextInner, type Context, type RequestMeta, type Services, type StaffIdentity } from '../context.js';
import { appRouter } from '../routers/_app.js';
import { createCallerFactory } from '../trpc.js';
import { findTool, toolsFor, type McpTool } from './registry.js';

const createCaller = createCallerFactory(appRouter);
type Caller = ReturnType<typeof createCaller>;

/** tools/list pages: a client follows nextCursor (the admin's list spans more than one page). */
export const TOOLS_PAGE_SIZE = 50;

export const SERVER_INFO = { name: 'ops-console', version: '1.0.0' };

function callByPath(caller: Caller, path: string, input: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const segment of path.split('.')) target = (target as Record<string, unknown>)[segment];
  return (target as (input: unknown) => Promise<unknown>)(input);
}

function toolError(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const n = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

/**
 * Calls a tool as the token's staff member: the same procedure, middlewares, validation, masking, confirm tokens,
 * approvals and audit as the browser, with `channel: mcp` and the token's name on every audit row.
 */
export async function callTool(
  tool: McpTool,
  args: Record<string, unknown>,
  ctx: Context & { staff: StaffIdentity },
): Promise<CallToolResult> {
  if (!allows(ctx.staff.role, tool.permission)) {
    return toolError(
      `Missing permission "${tool.permission}": the ${ctx.staff.role} role cannot use ${tool.name}. Ask someone whose role has it.`,
    );
  }
  const mapped = tool.toProcedureInput(args);
  if (!mapped.ok) return toolError(`BAD_REQUEST: ${mapped.message}`);
  try {
    const result = await callByPath(createCaller(ctx), tool.procedure, mapped.input);
    const structured = tool.structure(result);
    return {
      content: [
        { type: 'text', text: tool.summarize(structured) },
        { type: 'text', text: JSON.stringify(structured) },
      ],
      structuredContent: structured,
    };
  } catch (error) {
    if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') {
      return toolError(`${error.code}: ${error.message}`);
    }
    ctx.logger.error({ err: error, tool: tool.name }, 'mcp tool failed');
    return toolError(`INTERNAL_SERVER_ERROR: the console failed on this call (request ${ctx.request.requestId}).`);
  }
}

/** What tools/list shows of each tool a role may use, built once per role (the registry is fixed at start). */
const listings = new Map<StaffRole, Tool[]>();

function listingFor(role: StaffRole): Tool[] {
  let listing = listings.get(role);
  if (listing === undefined) {
    listing = toolsFor(role).map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: t.inputSchema,
      outputSchema: t.outputSchema,
      annotations: { title: t.title, ...t.annotations },
    }));
    listings.set(role, listing);
  }
  return listing;
}

/** Compiled once: a new Ajv instance per request cost more than the JSON-RPC handling itself. */
const jsonSchemaValidator = new AjvJsonSchemaValidator();

type ToolContext = Context & { staff: StaffIdentity };

/** Whom a server answers as, while it answers a request. */
interface Current {
  ctx: ToolContext | null;
}

function buildServer(answering: Current): Server {
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: { listChanged: false }, logging: {} },
    jsonSchemaValidator,
    instructions:
      'Ops console tools act as your staff member, with their role. Find people with support_lookup, read before acting, and change things only through a <action>_preview then <action>_execute pair with a reason.',
  });
  const current = (): ToolContext => {
    if (answering.ctx === null) throw new Error('mcp server: a handler ran outside its request');
    return answering.ctx;
  };

  server.setRequestHandler(ListToolsRequestSchema, (request) => {
    const visible = listingFor(current().staff.role);
    const start = decodeCursor(request.params?.cursor);
    const next = start + TOOLS_PAGE_SIZE < visible.length ? start + TOOLS_PAGE_SIZE : null;
    return {
      tools: visible.slice(start, start + TOOLS_PAGE_SIZE),
      ...(next !== null ? { nextCursor: Buffer.from(String(next)).toString('base64url') } : {}),
    };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = findTool(request.params.name);
    if (!tool) return toolError(`Unknown tool ${request.params.name}: call tools/list for the tools your role may use.`);
    return callTool(tool, request.params.arguments ?? {}, current());
  });
  return server;
}

/**
 * Methods after which a server holds nothing of the request (`initialize` keeps the client's capabilities and
 * `logging/setLevel` a level): a server that answered anything else is not used again.
 */
const LEAVES_NOTHING = new Set(['tools/call', 'tools/list', 'ping', 'notifications/initialized', 'notifications/cancelled']);

function leavesNothing(body: unknown): boolean {
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  return messages.every((m) => {
    const method = typeof m === 'object' && m !== null && 'method' in m ? m.method : undefined;
    return typeof method === 'string' && LEAVES_NOTHING.has(method);
  });
}

const MAX_IDLE_SERVERS = 64;

/**
 * Closes a transport, which disconnects its server. The SDK's close runs synchronously to its end and, on every
 * close, builds a "connection closed" error for replies still awaited; none are here (a server sends no requests of
 * its own), yet capturing that error's stack through the request's async chain cost more than the rest of the close.
 */
function closeWithoutTrace(transport: WebStandardStreamableHTTPServerTransport): Promise<void> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return transport.close();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * MCP servers for stateless requests over Streamable HTTP. Each request gets a fresh transport (the SDK allows a
 * stateless transport one request only) and is answered by an idle server connected to it, as the request's staff
 * member; the server is disconnected once the answer is sent and kept for the next request, since building one (its
 * handlers, their schemas) took a measurable share of a read. A server that answered a method that leaves state in
 * it (initialize, logging/setLevel) is dropped instead, so no request is answered by a server another client set up.
 */
export function createMcpServers(): {
  /** Answers `request` as `as.staff`, hands the response to `send`, then disconnects and keeps the server. */
  answer(
    request: Request,
    parsedBody: unknown,
    as: { services: Services; staff: StaffIdentity; request: RequestMeta; observe?: Context['observe'] },
    send: (response: Response) => Promise<void>,
  ): Promise<void>;
} {
  const idle: Array<{ server: Server; current: Current }> = [];
  const create = () => {
    const current: Current = { ctx: null };
    return { server: buildServer(current), current };
  };
  return {
    async answer(request, parsedBody, as, send) {
      const { server, current } = idle.pop() ?? create();
      current.ctx = createContextInner({
        services: as.services,
        staff: as.staff,
        request: as.request,
        ...(as.observe ? { observe: as.observe } : {}),
      }) as ToolContext;
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      let reusable = false;
      try {
        await server.connect(transport);
        const response = await transport.handleRequest(request, { parsedBody });
        reusable = leavesNothing(parsedBody);
        await send(response);
      } finally {
        // Once the answer is out, as closing costs a fair share of the JSON-RPC handling: it disconnects the server
        // (and would stop any handler still running).
        await closeWithoutTrace(transport);
        current.ctx = null;
        if (reusable && idle.length < MAX_IDLE_SERVERS) idle.push({ server, current });
      }
    },
  };
}
