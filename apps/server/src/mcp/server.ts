import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { Protocol } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { callTRPCProcedure, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { allows, describeIssues, type StaffRole } from '@ops/shared';
import { createContextInner, type Context, type RequestMeta, type Services, type StaffIdentity } from '../context.js';
import { appRouter } from '../routers/_app.js';
import { PROCEDURES } from '../routers/procedure-types.js';
import { describeFor, findTool, toolsFor, unknownArguments, type McpTool } from './registry.js';
import { preparedJson, StatelessJsonTransport, type McpHttpAnswer, type McpHttpRequest } from './transport.js';

/**
 * tools/list pages, well over the largest role's list: every role's tools come in one page, as clients that read only
 * the first page (or stop paging) would miss the rest. A larger registry still pages by nextCursor.
 */
export const TOOLS_PAGE_SIZE = 250;

/** The reads the server's instructions start from, listed first to every role that has them. */
const STARTING_TOOLS = ['support_lookup', 'health_snapshot'] as const;

const INSTRUCTIONS =
  'Ops console tools act as your staff member, with their role. Start with support_lookup to find people and bookings, or health_snapshot to see whether production is healthy (whichever your role lists); read before acting, and change things only through a <action>_preview then <action>_execute pair with a reason.';

export const SERVER_INFO = { name: 'ops-console', version: '1.0.0' };

/**
 * Calls the procedure at `path` as `createCaller(ctx)` would (the same procedure, middlewares and input parsing,
 * NOT_FOUND for a path with no procedure), without the recursive proxy a caller builds for every call.
 */
function callProcedure(ctx: Context, path: string, input: unknown): Promise<unknown> {
  const type = PROCEDURES.get(path)?.type;
  if (type === undefined) {
    return Promise.reject(new TRPCError({ code: 'NOT_FOUND', message: `No procedure found on path "${path}"` }));
  }
  return callTRPCProcedure({
    router: appRouter,
    path,
    getRawInput: () => Promise.resolve(input),
    ctx,
    type,
    signal: undefined,
    batchIndex: 0,
  });
}

/** Results in the key order the SDK's CallToolResultSchema gives them, as they were sent when it re-parsed each one. */
function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/**
 * A JSON-RPC Invalid params error (-32602) with `message` as its message: McpError writes "MCP error -32602: " before
 * it, and a client that reads the reply writes that again.
 */
function invalidParams(message: string): McpError {
  const error = new McpError(ErrorCode.InvalidParams, message);
  error.message = message;
  return error;
}

/** What the schema expected, in words: "a string", "an object" (a record is an object in JSON). */
const EXPECTED: Record<string, string> = { object: 'an object', record: 'an object', array: 'an array' };

/** "params.name: expected a string", for each way a request failed its schema. */
function describeRequestIssues(issues: readonly z.core.$ZodIssue[]): string {
  return describeIssues(
    issues.map((issue) => ({
      path: issue.path,
      message: issue.code === 'invalid_type' ? `expected ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}` : issue.message,
    })),
  );
}

/** What Protocol reads of a tools/call before its handler runs: the method it is registered for. */
const ToolsCallMethodSchema = z.looseObject({ method: z.literal('tools/call') });

/** Where a tools/list page starts: the first tool for no cursor, else the index a nextCursor of ours carries. */
function pageStart(cursor: string | undefined, listed: number): number {
  if (cursor === undefined || cursor === '') return 0;
  const n = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  // Never 0 (the first page has no cursor) and never past the list: anything else is not a cursor this server gave.
  if (!Number.isSafeInteger(n) || n <= 0 || n >= listed) {
    throw invalidParams(
      `Invalid cursor "${cursor}": pass the nextCursor of a tools/list answer, or no cursor for the first page.`,
    );
  }
  return n;
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
  const unknown = unknownArguments(tool.inputSchema, args);
  if (unknown.length > 0) {
    // Refused before anything runs: dropping the argument would answer a different question than the one asked.
    const refused = unknown.map((u) => {
      const holder = u.within ? `${u.within} accepts` : 'it accepts';
      return `"${u.path}" (${u.accepted.length ? `${holder}: ${u.accepted.join(', ')}` : `${u.within || 'it'} takes none`})`;
    });
    return toolError(`BAD_REQUEST: ${tool.name} has no argument ${refused.join('; ')}. Nothing was run.`);
  }
  const mapped = tool.toProcedureInput(args);
  if (!mapped.ok) return toolError(`BAD_REQUEST: ${mapped.message}`);
  try {
    const structured = tool.structure(await callProcedure(ctx, tool.procedure, mapped.input));
    // Serialized once: the text block (what clients without structured content read) and the reply share it.
    const json = JSON.stringify(structured);
    const content: CallToolResult['content'] = [
      { type: 'text', text: tool.summarize(structured, args) },
      { type: 'text', text: json },
    ];
    return preparedJson(
      { content, structuredContent: structured },
      `{"content":${JSON.stringify(content)},"structuredContent":${json}}`,
    );
  } catch (error) {
    if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') {
      return toolError(`${error.code}: ${error.message}`);
    }
    ctx.logger.error({ err: error, tool: tool.name }, 'mcp tool failed');
    return toolError(`INTERNAL_SERVER_ERROR: the console failed on this call (request ${ctx.request.requestId}).`);
  }
}

/**
 * The starting reads first, then the rest by name with each action's preview just before its execute, so the pair a
 * change takes is read together.
 */
function inListingOrder(tools: McpTool[]): McpTool[] {
  const rank = (t: McpTool) => {
    const starting = (STARTING_TOOLS as readonly string[]).indexOf(t.name);
    return starting >= 0 ? starting : STARTING_TOOLS.length;
  };
  const pairKey = (t: McpTool) => t.name.replace(/_preview$/, '_0').replace(/_execute$/, '_1');
  return [...tools].sort((a, b) => rank(a) - rank(b) || pairKey(a).localeCompare(pairKey(b)));
}

/** What tools/list shows of each tool a role may use, built once per role (the registry is fixed at start). */
const listings = new Map<StaffRole, Tool[]>();

function listingFor(role: StaffRole): Tool[] {
  let listing = listings.get(role);
  if (listing === undefined) {
    const tools = inListingOrder(toolsFor(role));
    const names = new Set(tools.map((t) => t.name));
    listing = tools.map((t) => ({
      name: t.name,
      title: t.title,
      description: describeFor(t.description, (name) => names.has(name)),
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
  // No logging: a stateless JSON reply carries only the answer, so a log message would have nowhere to go, and a
  // client that sets a level is told the method is not found rather than have it kept and never used.
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: { listChanged: false } },
    jsonSchemaValidator,
    instructions: INSTRUCTIONS,
  });
  const current = (): ToolContext => {
    if (answering.ctx === null) throw new Error('mcp server: a handler ran outside its request');
    return answering.ctx;
  };

  server.setRequestHandler(ListToolsRequestSchema, (request) => {
    const visible = listingFor(current().staff.role);
    const start = pageStart(request.params?.cursor, visible.length);
    const next = start + TOOLS_PAGE_SIZE < visible.length ? start + TOOLS_PAGE_SIZE : null;
    return {
      tools: visible.slice(start, start + TOOLS_PAGE_SIZE),
      ...(next !== null ? { nextCursor: Buffer.from(String(next)).toString('base64url') } : {}),
    };
  });

  // Registered as Protocol registers any handler, not through Server's override, which parses the request a second
  // time and then parses every result against CallToolResultSchema, copying it. The results here are built by callTool
  // and toolError only, always of that schema; its other branch serves task-augmented calls, which this server,
  // without the tasks capability, refuses before any handler runs. Protocol parses only the method; the request is
  // parsed once here, so that one that fails CallToolRequestSchema is answered Invalid params naming the field, not
  // an internal error carrying zod's issues.
  Protocol.prototype.setRequestHandler.call(server, ToolsCallMethodSchema, async (raw): Promise<CallToolResult> => {
    const parsed = CallToolRequestSchema.safeParse(raw);
    if (!parsed.success) throw invalidParams(`Invalid tools/call request: ${describeRequestIssues(parsed.error.issues)}`);
    const { name, arguments: args } = parsed.data.params;
    const tool = findTool(name);
    // A protocol error, as the specification lists unknown tools. A tool that exists but the role may not use is a
    // tool error (callTool): the role may have changed since the listing, and the model reads why it was refused.
    if (!tool) throw invalidParams(`Unknown tool ${name}: call tools/list for the tools your role may use.`);
    return callTool(tool, args ?? {}, current());
  });
  return server;
}

/**
 * Methods after which a server holds nothing of the request (`initialize` keeps the client's capabilities): a server
 * that answered anything else is not used again.
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

interface Connected {
  server: Server;
  transport: StatelessJsonTransport;
  current: Current;
}

/**
 * MCP servers for stateless requests over Streamable HTTP. A request is answered by an idle server, as the request's
 * staff member, through the transport it stays connected to; the server is kept for the next request, since building
 * one (its handlers, their schemas) and connecting it took a measurable share of a read. A server that answered a
 * method that leaves state in it (initialize) is closed and dropped instead, so no request is
 * answered by a server another client set up.
 */
export function createMcpServers(): {
  /** Answers one POST to /mcp as `as.staff`. */
  answer(
    request: McpHttpRequest,
    as: { services: Services; staff: StaffIdentity; request: RequestMeta; observe?: Context['observe'] },
  ): Promise<McpHttpAnswer>;
} {
  const idle: Connected[] = [];
  const create = async (): Promise<Connected> => {
    const current: Current = { ctx: null };
    const server = buildServer(current);
    const transport = new StatelessJsonTransport();
    await server.connect(transport);
    return { server, transport, current };
  };
  return {
    async answer(request, as) {
      const connected = idle.pop() ?? (await create());
      connected.current.ctx = createContextInner({
        services: as.services,
        staff: as.staff,
        request: as.request,
        ...(as.observe ? { observe: as.observe } : {}),
      }) as ToolContext;
      let kept = false;
      try {
        const answer = await connected.transport.exchange(request);
        connected.current.ctx = null;
        if (leavesNothing(request.body) && idle.length < MAX_IDLE_SERVERS) {
          idle.push(connected);
          kept = true;
        }
        return answer;
      } finally {
        if (!kept) {
          connected.current.ctx = null;
          // Stops anything still running in it.
          await connected.server.close();
        }
      }
    },
  };
}
