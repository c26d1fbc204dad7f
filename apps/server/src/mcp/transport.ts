import { MAX_BATCH_SIZE } from '@modelcontextprotocol/sdk/server/requestBody.js';
import { isJsonContentType } from '@modelcontextprotocol/sdk/shared/mediaType.js';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  isInitializeRequest,
  JSONRPCMessageSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type JSONRPCResponse,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';

/** The parts of a POST to /mcp that Streamable HTTP reads: three headers and the body Fastify parsed. */
export interface McpHttpRequest {
  accept: string | undefined;
  contentType: string | undefined;
  protocolVersion: string | undefined;
  body: unknown;
}

/** What to answer over HTTP: a status and, unless the status is 202, a JSON body. */
export interface McpHttpAnswer {
  status: number;
  /** JSON text, sent as `application/json`; null for 202 Accepted. */
  json: string | null;
}

/** Results whose JSON text was written when they were made, so a reply carrying one need not serialize it again. */
const prepared = new WeakMap<object, string>();

/**
 * Marks `result` as serializing to `json` (exactly what JSON.stringify writes for it) and returns it. The result
 * must not change afterwards: a reply that carries it is sent with that text.
 */
export function preparedJson<T extends object>(result: T, json: string): T {
  prepared.set(result, json);
  return result;
}

/** JSON.stringify(reply), with a prepared result's text in place of serializing the result again. */
function replyJson(reply: JSONRPCResponse): string {
  const text = 'result' in reply ? prepared.get(reply.result) : undefined;
  if (text === undefined) return JSON.stringify(reply);
  const members: string[] = [];
  for (const [key, value] of Object.entries(reply)) {
    const json = key === 'result' ? text : (JSON.stringify(value) as string | undefined);
    if (json !== undefined) members.push(`${JSON.stringify(key)}:${json}`);
  }
  return `{${members.join(',')}}`;
}

/** A message that parsed as JSON-RPC is a request when it has a method and an id (a notification has no id). */
function isRequest(message: JSONRPCMessage): message is JSONRPCRequest {
  return 'method' in message && 'id' in message;
}

function httpError(status: number, code: number, message: string): McpHttpAnswer {
  return { status, json: JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }) };
}

/**
 * Streamable HTTP for a stateless server that answers in JSON (no session, no SSE stream): the SDK's
 * `WebStandardStreamableHTTPServerTransport` with `sessionIdGenerator: undefined, enableJsonResponse: true`, as
 * one POST exchange. The same checks in the same order, with the same statuses and JSON-RPC errors, built from the
 * SDK's own schemas, guards and limits: 406 unless the client accepts JSON and SSE, 415 unless the body is JSON, 400
 * for a batch over the SDK's limit, a message that is not JSON-RPC, an `initialize` sent with other messages or an
 * unsupported MCP-Protocol-Version; 202 without a body for notifications and responses only; otherwise the replies
 * to every request, one object or an array in the order of the requests. A server stays connected to one of these
 * between requests, as no message outlives its exchange.
 *
 * The SDK's transport speaks fetch: per request it needed a Request, built a Response (and a web stream to read it
 * back), copied the request's headers, parsed its URL, drew a stream id and ran zod guards over every message several
 * times, and it serves one request only, so each request also connected and closed a server. That was most of what a
 * read cost over /mcp beyond the same read over tRPC.
 */
export class StatelessJsonTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;

  /** The requests of the exchange under way and their replies so far (null until sent). */
  private readonly awaited = new Map<RequestId, JSONRPCResponse | null>();
  private replied: ((answer: McpHttpAnswer) => void) | null = null;

  start(): Promise<void> {
    return Promise.resolve();
  }

  /** Answers one POST. One exchange at a time: the caller waits for it before the next. */
  exchange(request: McpHttpRequest): Promise<McpHttpAnswer> {
    if (this.replied !== null) throw new Error('mcp transport: an exchange is already under way');
    const { accept, body } = request;
    // A substring check, as the SDK does: Accept is a list.
    if (!accept?.includes('application/json') || !accept.includes('text/event-stream')) {
      return this.refuse(406, -32000, 'Not Acceptable: Client must accept both application/json and text/event-stream');
    }
    if (!isJsonContentType(request.contentType ?? null)) {
      return this.refuse(415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
    }
    if (body === undefined) return this.refuse(400, -32700, 'Parse error: Invalid JSON');
    if (Array.isArray(body) && body.length > MAX_BATCH_SIZE) {
      return this.refuse(400, -32600, `Invalid Request: Batch must not exceed ${MAX_BATCH_SIZE} messages`);
    }
    const parsed = (Array.isArray(body) ? body : [body]).map((m) => JSONRPCMessageSchema.safeParse(m));
    const messages: JSONRPCMessage[] = [];
    for (const p of parsed) {
      if (!p.success) return this.refuse(400, -32700, 'Parse error: Invalid JSON-RPC message');
      messages.push(p.data);
    }
    // The method first: the guard's zod parse of every other message cost more than the check it makes.
    const initializing = messages.some((m) => 'method' in m && m.method === 'initialize' && isInitializeRequest(m));
    if (initializing && messages.length > 1) {
      return this.refuse(400, -32600, 'Invalid Request: Only one initialization request is allowed');
    }
    const version = request.protocolVersion;
    if (!initializing && version !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
      const supported = SUPPORTED_PROTOCOL_VERSIONS.join(', ');
      return this.refuse(400, -32000, `Bad Request: Unsupported protocol version: ${version} (supported versions: ${supported})`);
    }

    // On parsed messages: the SDK's guard would run the request schema over each one again.
    const requests = messages.filter(isRequest);
    if (requests.length === 0) {
      for (const message of messages) this.onmessage?.(message);
      return Promise.resolve({ status: 202, json: null });
    }
    return new Promise((resolve) => {
      for (const r of requests) this.awaited.set(r.id, null);
      this.replied = resolve;
      for (const message of messages) this.onmessage?.(message);
    });
  }

  /**
   * Takes the server's replies. As in the SDK's JSON mode, nothing else reaches the client: a notification or a
   * request of the server's has no stream to travel on.
   */
  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const reply = 'result' in message || 'error' in message ? message : null;
    const id = reply !== null ? reply.id : options?.relatedRequestId;
    if (id === undefined) return Promise.resolve();
    if (!this.awaited.has(id)) {
      return Promise.reject(new Error(`No connection established for request ID: ${String(id)}`));
    }
    if (reply === null) return Promise.resolve();
    this.awaited.set(id, reply);
    const done = this.replied;
    if (done === null) return Promise.resolve();
    const replies: JSONRPCResponse[] = [];
    for (const r of this.awaited.values()) {
      if (r === null) return Promise.resolve();
      replies.push(r);
    }
    this.awaited.clear();
    this.replied = null;
    const [only] = replies;
    done({ status: 200, json: replies.length === 1 && only ? replyJson(only) : `[${replies.map(replyJson).join(',')}]` });
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.awaited.clear();
    this.replied = null;
    this.onclose?.();
    return Promise.resolve();
  }

  private refuse(status: number, code: number, message: string): Promise<McpHttpAnswer> {
    this.onerror?.(new Error(message));
    return Promise.resolve(httpError(status, code, message));
  }
}
