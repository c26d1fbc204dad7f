import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import Ajv2020 from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleData } from '@ops/db/seed/sample';
import { SARAH } from '@ops/db/seed/stories';
import { allows, STAFF_ROLES, type StaffRole } from '@ops/shared';
import { TOKEN_CHECK_MS } from '../domain/tokens/checked-tokens.js';
import type { StripeStandin } from '../integrations/stripe/standin.js';
import { proceduresWithoutTool, TOOLS, type McpTool } from '../mcp/registry.js';
import { CONSOLE_ACTIONS } from '../routers/action-list.js';
import { TOOLS_PAGE_SIZE } from '../mcp/server.js';
import {
  auditedRows,
  auditRowById,
  buildTestServer,
  createHarness,
  plugStripeStandin,
  seedLesson,
  type StaffKey,
  type TestHarness,
} from '../testing.js';

let h: TestHarness;
let stripe: StripeStandin;
let app: FastifyInstance;
let url: string;
const tokens = {} as Record<StaffKey, string>;
const clients: Client[] = [];
// The server's clock for token checks runs this far ahead of the wall clock: a test moves it past TOKEN_CHECK_MS
// instead of waiting.
let tokenClockSkew = 0;
/** What any replica does within TOKEN_CHECK_MS of a change made straight in the database (not through this replica). */
const letTokenChecksExpire = () => {
  tokenClockSkew += TOKEN_CHECK_MS;
};

async function connect(token: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'ops-console-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${token}`, ...headers } },
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

async function listAll(client: Client): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

function structured<T = Record<string, unknown>>(result: CallToolResult): T {
  if (result.isError) throw new Error(`tool failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent as T;
}

function errorText(result: CallToolResult): string {
  expect(result.isError).toBe(true);
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join(' ');
}

function tool(name: string): McpTool {
  const found = TOOLS.find((t) => t.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
}

/** One JSON-RPC request posted as `key`, answered with its parsed reply. */
async function rpc(
  key: StaffKey,
  method: string,
  params?: unknown,
): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
  const res = await rawPost(
    { authorization: `Bearer ${tokens[key]}` },
    JSON.stringify({ jsonrpc: '2.0', id: 1, method, ...(params === undefined ? {} : { params }) }),
  );
  return (await res.json()) as { result?: unknown; error?: { code: number; message: string } };
}

const rawPost = (headers: Record<string, string>, body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })) =>
  fetch(`${url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body,
  });

beforeAll(async () => {
  h = await createHarness();
  await loadSampleData(h.dbs.api, {
    staff: [{ email: 'seed-admin@sample.example', name: 'Seed Admin', role: 'admin', passwordHash: 'scrypt$unusable' }],
  });
  stripe = await plugStripeStandin(h, { maxNetworkRetries: 1 });
  app = await buildTestServer(h, { tokenCheck: { now: () => Date.now() + tokenClockSkew } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  for (const key of ['admin', 'support', 'exec', 'oncall'] as const) {
    const created = await h.caller(key).tokens.create({ name: `${key} assistant`, expiresInDays: 30 });
    tokens[key] = created.token;
  }
}, 300_000);

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  if (app !== undefined) await app.close();
  if (stripe !== undefined) await stripe.close();
  if (h !== undefined) await h.close();
});

describe('the tool registry', () => {
  it("puts the growth brief's claims in its first line, each marked significant as the browser badges it", () => {
    const brief = TOOLS.find((t) => t.name === 'analytics_growth_brief');
    const spike = { tone: 'highlight', text: 'Revenue spike on 2026-11-20: GMV $16,562.50.', significant: true };
    const dip = { tone: 'concern', text: 'Dip: Started a booking → Booking confirmed converted 39.1%.', significant: true };
    const described = { tone: 'concern', text: 'Largest drop-off: search → booking.' };
    expect(brief?.summarize({ highlights: [spike], concerns: [dip, described] }, {})).toBe(
      `1 highlight, 2 concerns. Highlights: ${spike.text} (significant) Concerns: ${dip.text} (significant) ${described.text}`,
    );
    expect(brief?.summarize({ highlights: [], concerns: [] }, {})).toBe('0 highlights, 0 concerns.');
  });

  it('asks the log store for 20 lines unless told how many, and sums them up by level with the newest error', () => {
    const logs = tool('logs_search');
    expect(logs.inputSchema).toMatchObject({ properties: { limit: { default: 20, maximum: 500 } } });
    expect(logs.toProcedureInput({})).toMatchObject({ ok: true, input: { limit: 20, period: '1h' } });
    expect(logs.toProcedureInput({ limit: 300, level: 'error' })).toMatchObject({
      ok: true,
      input: { limit: 300, level: 'error' },
    });
    expect(logs.toProcedureInput({ limit: 501 })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^limit: /) as unknown,
    });
    const line = (level: string, message: string, minute: number) => ({
      time: `2026-12-03T10:${String(59 - minute).padStart(2, '0')}:00.000Z`,
      level,
      message,
      service: 'api',
      operation: 'refunds.create',
      route: '/trpc/refunds.create.execute',
      requestId: `req_${minute}`,
      userId: null,
      bookingId: null,
      durationMs: 40,
      status: level === 'error' ? 502 : 200,
    });
    const source = { source: 'axiom', state: 'ok' };
    const range = { from: '2026-12-03T10:00:00.000Z', to: '2026-12-03T11:00:00.000Z' };
    const few = [
      line('info', 'request done', 0),
      line('error', 'stripe follow-up failed', 1),
      line('warn', 'slow', 2),
      line('error', 'older', 3),
    ];
    expect(logs.summarize({ source, range, lines: few }, {})).toBe(
      '4 log lines, newest first: 2 error, 1 warn, 1 info. Newest error at 2026-12-03T10:58:00.000Z (refunds.create, status 502, request req_1): stripe follow-up failed.',
    );
    const full = Array.from({ length: 20 }, (_, i) => line('info', 'request done', i));
    expect(logs.summarize({ source, range, lines: full }, {})).toBe(
      '20 log lines, newest first: 20 info. No errors among them. That is the limit: older lines may match; pass a larger limit (up to 500) or narrow the search.',
    );
    expect(logs.summarize({ source, range, lines: full }, { limit: 50 })).not.toContain('limit');
    expect(logs.summarize({ source: { source: 'axiom', state: 'down' }, range, lines: null }, {})).toBe(
      'Logs unavailable (down).',
    );
  });

  it("says of a request's audit rows that the role cannot see them, rather than that there were none", () => {
    const trace = tool('logs_request_trace');
    const source = { source: 'axiom', state: 'ok' };
    const seen = { requestId: 'req_1', logs: { source, lines: [{}] }, errors: { source, events: [] } };
    expect(trace.summarize({ ...seen, audit: null }, {})).toBe(
      'Request req_1: 1 log line, 0 error events; audit rows are not visible to your role.',
    );
    expect(trace.summarize({ ...seen, audit: [] }, {})).toBe('Request req_1: 1 log line, 0 error events, 0 audit rows.');
  });

  it('gives the headline figures of the big reports in their first line', () => {
    const period = { from: '2026-11-04', to: '2026-12-03', days: 30 };
    const comparison = { from: '2026-10-05', to: '2026-11-03', days: 30 };
    const totals = {
      bookings: 23,
      gmvCents: 214_500,
      netRevenueCents: 36_294,
      refundsCents: 18_313,
      refunds: 3,
      takeRateBps: 1448.99,
    };
    const changes = { bookings: 1250, gmvCents: -400, netRevenueCents: 1623.4, takeRateBps: 21, refundsCents: null };
    const insight = { tone: 'concern', text: 'Refunds doubled.', significant: true };
    expect(tool('revenue_report').summarize({ period, comparison, totals, changes, insights: [insight] }, {})).toBe(
      '2026-11-04 to 2026-12-03 against 2026-10-05 to 2026-11-03: net revenue $362.94 (+16.2%), GMV $2,145.00 (−4.0%), 23 bookings (+12.5%), take rate 14.5% (+0.2 pts); 3 refunds, $183.13. 1 insight. Insights: Refunds doubled. (significant)',
    );
    const stage = (label: string, users: number, stepConversionBps: number | null, changeBps: number | null = null) => ({
      label,
      users,
      stepConversionBps,
      changeBps,
    });
    const stages = [stage('Signed up', 120, null), stage('Email verified', 80, 6666.67, -760), stage('Searched', 50, 6250)];
    const info = { tone: 'info', text: 'No searched events on 3 days.' };
    const dip = { tone: 'concern', text: 'Dip: Signed up → Email verified converted 66.7%.', significant: true };
    expect(tool('funnel_report').summarize({ period, comparison, stages, insights: [info, dip] }, {})).toBe(
      '2026-11-04 to 2026-12-03: Signed up 120 → Email verified 80 (66.7%, −7.6 pts) → Searched 50 (62.5%). Insights: Dip: Signed up → Email verified converted 66.7%. (significant) No searched events on 3 days.',
    );
    const cohort = (month: string, size: number, monthAfter: number | null) => ({
      month,
      size,
      cells: [
        { offset: 0, users: size, rateBps: size ? 10_000 : null },
        { offset: 1, users: null, rateBps: monthAfter },
      ],
    });
    expect(
      tool('cohorts_report').summarize(
        {
          months: ['2026-09', '2026-10', '2026-11'],
          students: [cohort('2026-09', 30, 4000), cohort('2026-10', 40, 3500), cohort('2026-11', 12, null)],
          instructors: [cohort('2026-09', 5, 8000), cohort('2026-10', 0, null), cohort('2026-11', 0, null)],
        },
        {},
      ),
    ).toBe(
      '3 months of cohorts, 2026-09 to 2026-11. Students: newest cohort 2026-11 of 12; of 2026-10, 35.0% active the month after. Instructors: newest cohort 2026-09 of 5; of 2026-09, 80.0% active the month after.',
    );
    expect(tool('cohorts_report').summarize({ months: ['2026-11'], students: [cohort('2026-11', 0, null)] }, {})).toBe(
      "1 month of cohorts, 2026-11. Students: no one in these months' cohorts. Instructors: no one in these months' cohorts.",
    );
    const snapshot = {
      overall: {
        level: 'warning',
        problems: [{ level: 'warning', message: '2 webhooks failed in 24 h' }],
        unavailable: ['sentry'],
      },
      stability: {
        errorRate: { metricId: 'error_rate', value: 0.0042 },
        p99LatencySeconds: { metricId: 'latency_p99', value: 0.82 },
      },
      growth: { bookingsToday: 12, bookingsYesterday: 15, signupsToday: 3, signupsYesterday: 5 },
      operations: { jobs: { dead: 2, failed: 1 } },
    };
    expect(tool('health_snapshot').summarize(snapshot, {})).toBe(
      'Overall warning; 1 problem (warning: 2 webhooks failed in 24 h); unavailable: sentry. Error rate 0.42 %, p99 latency 820 ms; bookings today 12 (yesterday by now 15), signups 3 (5); jobs 2 dead, 1 failed.',
    );
  });

  it('marks a template edit destructive (every notification using it changes) and each direct mutation as it is', () => {
    expect(tool('communications_update_template').annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(tool('support_add_note').annotations.destructiveHint).toBe(false);
    expect(tool('support_reveal_pii').annotations.destructiveHint).toBe(false);
  });

  it("titles each action's tools by what the browser calls the action, not by its procedure", () => {
    expect(tool('refunds_create_preview').title).toBe('Preview: Refund booking');
    expect(tool('refunds_create_execute').title).toBe('Execute: Refund booking');
    for (const action of CONSOLE_ACTIONS.values()) {
      expect(TOOLS.find((t) => t.procedure === `${action.name}.preview`)?.title).toBe(`Preview: ${action.title}`);
    }
    for (const t of TOOLS) expect(t.title, t.name).not.toMatch(/[a-z]\.[a-z]|_/);
  });

  it('offers at least 50 tools and leaves no console procedure out unless it says why', () => {
    expect(TOOLS.length).toBeGreaterThanOrEqual(50);
    expect(proceduresWithoutTool()).toEqual([]);
  });

  it('describes each action pair in its definition’s words, and marks the execute destructive as the definition does', () => {
    for (const action of CONSOLE_ACTIONS.values()) {
      const preview = TOOLS.find((t) => t.procedure === `${action.name}.preview`);
      const execute = TOOLS.find((t) => t.procedure === `${action.name}.execute`);
      expect(preview?.description.startsWith(`${action.description} Step 1 of 2`), action.name).toBe(true);
      expect(execute?.description.startsWith(`${action.description} Step 2 of 2`), action.name).toBe(true);
      expect(execute?.annotations.destructiveHint, action.name).toBe(action.destructive);
      expect(preview?.annotations.destructiveHint, action.name).toBe(false);
    }
    expect(CONSOLE_ACTIONS.get('refunds.create')?.destructive).toBe(true);
    expect(CONSOLE_ACTIONS.get('bookings.complete')?.destructive).toBe(false);
  });

  it('has a valid JSON Schema (draft 2020-12) for every input and output', () => {
    const ajv = new Ajv2020({ strict: false, validateSchema: true, validateFormats: false });
    for (const tool of TOOLS) {
      expect(ajv.validateSchema(tool.inputSchema), `${tool.name} input: ${ajv.errorsText()}`).toBe(true);
      expect(ajv.validateSchema(tool.outputSchema), `${tool.name} output: ${ajv.errorsText()}`).toBe(true);
      expect(() => ajv.compile(tool.inputSchema), tool.name).not.toThrow();
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.description.length, tool.name).toBeGreaterThan(40);
    }
  });
});

describe('/mcp over HTTP with the SDK client', () => {
  it.each(STAFF_ROLES.map((r) => [r]))(
    'lists to %s exactly the tools the permission matrix grants, page by page',
    async (role: StaffRole) => {
      const client = await connect(tokens[role]);
      const first = await client.listTools();
      const listed = await listAll(client);
      const expected = TOOLS.filter((t) => allows(role, t.permission)).map((t) => t.name);
      expect(listed.map((t) => t.name).sort()).toEqual([...expected].sort());
      if (expected.length > TOOLS_PAGE_SIZE) expect(first.nextCursor).toBeTypeOf('string');
      for (const t of listed) {
        expect(t.outputSchema?.type).toBe('object');
        expect(t.annotations?.readOnlyHint).toBeTypeOf('boolean');
      }
    },
  );

  it('shows a support token no admin-only tool and an exec token aggregates only', async () => {
    const support = (await listAll(await connect(tokens.support))).map((t) => t.name);
    expect(support).toContain('support_lookup');
    expect(support).toContain('refunds_create_execute');
    for (const adminOnly of [
      'bookings_cancel_execute',
      'instructors_suspend_preview',
      'students_adjust_credit_execute',
      'revenue_report',
      'approvals_list',
    ]) {
      expect(support).not.toContain(adminOnly);
    }
    const execTools = await listAll(await connect(tokens.exec));
    const names = execTools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['revenue_report', 'funnel_report', 'cohorts_report', 'health_snapshot']));
    for (const name of names) {
      const tool = TOOLS.find((t) => t.name === name);
      expect(['analytics.read', 'health.read']).toContain(tool?.permission);
    }
    expect(names).not.toContain('support_lookup');
    const refused = await call(await connect(tokens.exec), 'support_lookup', { q: SARAH.email });
    expect(errorText(refused)).toContain('Missing permission "users.read"');
  });

  it('answers concurrent calls of different staff members each as themselves', async () => {
    const [support, exec] = await Promise.all([connect(tokens.support), connect(tokens.exec)]);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => call(i % 2 === 0 ? support : exec, 'support_lookup', { q: SARAH.email })),
    );
    results.forEach((r, i) => {
      if (i % 2 === 0) expect(structured<{ results: unknown[] }>(r).results.length).toBeGreaterThan(0);
      else expect(errorText(r)).toContain('Missing permission "users.read"');
    });
  });

  it('answers ping, and offers no logging: a stateless JSON reply has nowhere to send a log message', async () => {
    const client = await connect(tokens.oncall);
    await expect(client.ping()).resolves.toEqual({});
    expect(client.getServerCapabilities()).not.toHaveProperty('logging');
    expect(await rpc('oncall', 'logging/setLevel', { level: 'warning' })).toMatchObject({
      error: { code: -32601, message: 'Method not found' },
    });
  });

  it('answers a malformed tools/call with Invalid params naming the field, not an internal error', async () => {
    expect(await rpc('support', 'tools/call', {})).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32602, message: 'Invalid tools/call request: params.name: expected a string' },
    });
    expect((await rpc('support', 'tools/call', { name: 'support_lookup', arguments: 'Sarah' })).error).toEqual({
      code: -32602,
      message: 'Invalid tools/call request: params.arguments: expected an object',
    });
    expect((await rpc('support', 'tools/call')).error).toEqual({
      code: -32602,
      message: 'Invalid tools/call request: params: expected an object',
    });
    // The same request well formed runs.
    const lookup = await rpc('support', 'tools/call', { name: 'support_lookup', arguments: { q: SARAH.email } });
    expect(lookup.result).toHaveProperty('structuredContent');
  });

  it('answers an unknown tool with Invalid params, and a known tool the role lacks with a tool error saying why', async () => {
    expect((await rpc('admin', 'tools/call', { name: 'support_lookups', arguments: {} })).error).toEqual({
      code: -32602,
      message: 'Unknown tool support_lookups: call tools/list for the tools your role may use.',
    });
    // The tool exists; the role may change between a listing and a call (see the demoted reader below), and the
    // result tells the model why and what to do, as any refusal by the console's rules does.
    const refused = await call(await connect(tokens.exec), 'support_lookup', { q: SARAH.email });
    expect(errorText(refused)).toContain('Missing permission "users.read"');
  });

  it.each(STAFF_ROLES.map((r) => [r]))(
    "lists to %s in one page, the instructions' starting reads first and each preview just before its execute",
    async (role: StaffRole) => {
      const page = await (await connect(tokens[role])).listTools();
      expect(page.nextCursor).toBeUndefined();
      const names = page.tools.map((t) => t.name);
      const starting = ['support_lookup', 'health_snapshot'].filter((n) => names.includes(n));
      expect(starting.length).toBeGreaterThan(0);
      expect(names.slice(0, starting.length)).toEqual(starting);
      names.forEach((name, i) => {
        if (name.endsWith('_preview')) expect(names[i + 1], name).toBe(name.replace(/_preview$/, '_execute'));
      });
    },
  );

  it.each(STAFF_ROLES.map((r) => [r]))('points %s only to tools in its own listing', async (role: StaffRole) => {
    const listed = await listAll(await connect(tokens[role]));
    const mine = new Set(listed.map((t) => t.name));
    const all = new Set(TOOLS.map((t) => t.name));
    for (const t of listed) {
      const named = [...(t.description ?? '').matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g)].map((m) => m[0]);
      expect(
        named.filter((n) => all.has(n) && !mine.has(n)),
        t.name,
      ).toEqual([]);
      // What is left still says what the tool does.
      expect(t.description?.length, t.name).toBeGreaterThan(40);
    }
  });

  it('keeps what an execute may return for every role, and names approvals_list only to a role that has it', async () => {
    const describe = async (key: StaffKey) =>
      (await listAll(await connect(tokens[key]))).find((t) => t.name === 'refunds_create_execute')?.description ?? '';
    const [support, admin] = await Promise.all([describe('support'), describe('admin')]);
    for (const text of [support, admin]) expect(text).toContain('returns an approvalId instead');
    expect(support).not.toContain('approvals_list');
    expect(admin).toContain('approvals_list');
  });

  it('refuses a tools/list cursor it did not issue with Invalid params instead of starting over', async () => {
    for (const cursor of ['not-a-cursor', Buffer.from('0').toString('base64url'), Buffer.from('400').toString('base64url')]) {
      expect((await rpc('admin', 'tools/list', { cursor })).error, cursor).toEqual({
        code: -32602,
        message: `Invalid cursor "${cursor}": pass the nextCursor of a tools/list answer, or no cursor for the first page.`,
      });
    }
  });

  it('returns, for every read tool, a structured result that validates against its outputSchema', async () => {
    const client = await connect(tokens.admin);
    const listed = new Map((await listAll(client)).map((t) => [t.name, t]));
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const lookup = structured<{ results: Array<{ userId: string }> }>(await call(client, 'support_lookup', { q: SARAH.email }));
    expect(lookup.results[0]?.userId).toBe(SARAH.userId);
    const webhooks = structured<{ items: Array<{ id: string }> }>(await call(client, 'webhooks_list', { limit: 5 }));
    const auditPage = structured<{ items: Array<{ id: number }> }>(await call(client, 'audit_search', { limit: 1 }));
    const catalog = structured<{ items: Array<{ id: string }> }>(await call(client, 'health_metrics_catalog'));
    const campaigns = structured<{ items: Array<{ id: string }> }>(await call(client, 'communications_list', {}));
    const templates = structured<{ items: Array<{ key: string; name: string; subject: string; body: string }> }>(
      await call(client, 'communications_templates'),
    );
    const instructor = await h.dbs.api
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'instructor')
      .executeTakeFirstOrThrow();
    const template = templates.items[0];
    const args: Record<string, Record<string, unknown>> = {
      spotlight_find: { q: 'sarah.chen@example.com' },
      support_lookup: { q: 'sarah.chen@example.com' },
      support_user_360: { userId: SARAH.userId },
      support_booking_detail: { bookingId: SARAH.disputedBookingId },
      support_trail: { userId: SARAH.userId },
      support_stripe: { userId: SARAH.userId },
      support_payout_account: { userId: instructor.id },
      support_reveal_pii: { userId: SARAH.userId, reason: 'Customer asked to confirm their email on a call' },
      support_add_note: {
        userId: SARAH.userId,
        bookingId: SARAH.disputedBookingId,
        kind: 'internal',
        body: 'Checked via assistant',
      },
      bookings_money: { bookingId: SARAH.disputedBookingId },
      students_credit_history: { userId: SARAH.userId },
      instructors_detail: { userId: instructor.id },
      webhooks_list: { limit: 5 },
      webhooks_failed: { limit: 5 },
      webhooks_detail: { id: webhooks.items[0]?.id },
      audit_search: { limit: 5 },
      audit_person_activity: { actor: 'admin@test.example' },
      audit_resource_history: { resourceType: 'user', resourceId: SARAH.userId },
      audit_recent_admin_actions: {},
      audit_entry: { id: auditPage.items[0]?.id },
      audit_actors: {},
      audit_chain_status: {},
      revenue_report: { preset: 'last_30_days' },
      revenue_liabilities: {},
      revenue_supply: {},
      funnel_report: {},
      cohorts_report: { months: 6 },
      health_snapshot: {},
      health_metrics_catalog: {},
      health_metrics_query: { metricId: catalog.items[0]?.id, period: '1h' },
      health_errors_top: {},
      health_error_issue: { id: 'SAMPLE-1' },
      alerts_firing: {},
      communications_audience: { audience: { role: 'students' }, subject: 'Hello', body: 'A short note for you.' },
      communications_list: {},
      communications_detail: { campaignId: campaigns.items[0]?.id },
      communications_templates: {},
      communications_update_template: template
        ? { key: template.key, name: template.name, subject: template.subject, body: template.body }
        : {},
      approvals_list: { view: 'recent' },
      jobs_overview: {},
      jobs_list: { status: 'dead' },
      jobs_task_history: { task: 'payments.capture' },
      logs_search: { period: '24h' },
      logs_request_trace: { requestId: 'req_0123456789ab' },
      errors_event: { eventId: '0123456789abcdef0123456789abcdef' },
      payments_pipeline: {},
      deploys_overview: {},
      analytics_growth_brief: { preset: 'last_30_days' },
      analytics_search_demand: { preset: 'last_30_days' },
      privacy_exports: { userId: SARAH.userId },
    };
    const reads = TOOLS.filter((t) => !t.name.endsWith('_preview') && !t.name.endsWith('_execute'));
    expect(Object.keys(args).sort()).toEqual(reads.map((t) => t.name).sort());
    for (const tool of reads) {
      const result = await call(client, tool.name, args[tool.name]);
      expect(result.isError, `${tool.name}: ${JSON.stringify(result.content)}`).toBeFalsy();
      const schema = listed.get(tool.name)?.outputSchema;
      const validate = ajv.compile(schema ?? {});
      expect(validate(result.structuredContent), `${tool.name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      expect(result.content[0]?.type).toBe('text');
    }
  });

  it('opens every kind of spotlight_find hit with the tool and arguments it names, where its id is refused', async () => {
    const client = await connect(tokens.admin);
    const auditPage = structured<{ items: Array<{ id: number }> }>(await call(client, 'audit_search', { limit: 1 }));
    const campaigns = structured<{ items: Array<{ name: string }> }>(await call(client, 'communications_list', {}));
    type Hit = { kind: string; id: string; next: { tool: string; arguments: Record<string, unknown> } };
    const queries = [
      SARAH.email,
      SARAH.disputedShortId,
      SARAH.disputeWebhookEventId,
      `#${auditPage.items[0]?.id}`,
      campaigns.items[0]?.name ?? '',
      'req_0123456789ab',
      '0123456789abcdef0123456789abcdef',
    ];
    const firstHits: Hit[] = [];
    for (const q of queries) {
      const { hits } = structured<{ hits: Hit[] }>(await call(client, 'spotlight_find', { q }));
      expect(hits.length, q).toBeGreaterThan(0);
      firstHits.push(...hits.slice(0, 1));
    }
    expect(firstHits.map((hit) => hit.kind)).toEqual([
      'person',
      'booking',
      'webhook',
      'audit',
      'campaign',
      'request',
      'error-event',
    ]);
    const opened = [];
    for (const hit of firstHits) {
      const result = await call(client, hit.next.tool, hit.next.arguments);
      expect(result.isError, `${hit.kind}: ${JSON.stringify(result.content)}`).toBeFalsy();
      opened.push(result.structuredContent);
    }
    expect(opened[0]).toMatchObject({ profile: { id: SARAH.userId } });
    expect(opened[1]).toMatchObject({ booking: { id: SARAH.disputedBookingId } });
    // What the tester saw: a hit's id is not a user id.
    expect(errorText(await call(client, 'support_user_360', { userId: firstHits[0]?.id }))).toContain('must be an id (uuid)');
  });

  it('narrows the audit log as each audit view is named: one person, one resource, admins only', async () => {
    const client = await connect(tokens.admin);
    const support = await connect(tokens.support);
    structured(await call(support, 'support_add_note', { userId: SARAH.userId, kind: 'internal', body: 'Seen by support' }));
    type Page = { items: Array<{ actorEmail: string; resourceType: string; resourceId: string }> };
    const byPerson = structured<Page>(await call(client, 'audit_person_activity', { actor: 'support@test.example' }));
    const onSarah = structured<Page>(
      await call(client, 'audit_resource_history', { resourceType: 'user', resourceId: SARAH.userId }),
    );
    const byAdmins = structured<Page>(await call(client, 'audit_recent_admin_actions', {}));
    const admins = await h.dbs.api.selectFrom('staff_users').select('email').where('role', '=', 'admin').execute();
    expect(byPerson.items.length).toBeGreaterThan(0);
    expect(new Set(byPerson.items.map((r) => r.actorEmail))).toEqual(new Set(['support@test.example']));
    expect(onSarah.items.length).toBeGreaterThan(0);
    for (const r of onSarah.items) expect([r.resourceType, r.resourceId]).toEqual(['user', SARAH.userId]);
    expect(byAdmins.items.length).toBeGreaterThan(0);
    for (const r of byAdmins.items) expect(admins.map((a) => a.email)).toContain(r.actorEmail);
  });

  it('names in its first line what the health snapshot found, not only how many', async () => {
    const client = await connect(tokens.oncall);
    const result = await call(client, 'health_snapshot');
    const { overall } = structured<{ overall: { level: string; problems: Array<{ level: string; message: string }> } }>(result);
    expect(overall.problems.length).toBeGreaterThan(0);
    const shown = result.content[0]?.type === 'text' ? result.content[0].text : '';
    expect(shown).toMatch(new RegExp(`^Overall ${overall.level}; `));
    for (const p of overall.problems) expect(shown).toContain(`${p.level}: ${p.message}`);
  });

  it('masks PII for support as the browser does, and reveals it only with a reason, audited on the mcp channel', async () => {
    const client = await connect(tokens.support);
    const lookup = structured<{ results: Array<{ maskedEmail: string; displayName: string }> }>(
      await call(client, 'support_lookup', { q: SARAH.email }),
    );
    expect(lookup.results[0]?.maskedEmail).not.toBe(SARAH.email);
    expect(JSON.stringify(lookup.results)).not.toContain(SARAH.email);
    expect(lookup).toEqual(await h.caller('support').support.search({ q: SARAH.email }));
    expect(errorText(await call(client, 'support_reveal_pii', { userId: SARAH.userId }))).toContain('reason');
    const revealed = structured<{ email: string; auditId: number }>(
      await call(client, 'support_reveal_pii', { userId: SARAH.userId, reason: 'Verifying identity on a support call' }),
    );
    expect(revealed.email).toBe(SARAH.email);
    const row = await auditRowById(h.dbs.api, revealed.auditId);
    expect(row).toMatchObject({ channel: 'mcp', token_name: 'support assistant', actor_email: 'support@test.example' });
  });

  it('does not let a support token refund $150: the execute only files an approval request', async () => {
    const { booking } = await seedLesson(h.dbs.api, { hoursAhead: 96, priceCents: 15_000, paymentStatus: 'captured' });
    const client = await connect(tokens.support);
    const previewed = await call(client, 'refunds_create_preview', { bookingId: booking.id, amountCents: 15_000 });
    const preview = structured<{ confirmToken: string; effects: Array<{ label: string }>; warnings: string[] }>(previewed);
    expect(preview.warnings.join(' ')).toContain('refunds.execute');
    // What the assistant shows the person before they agree: every effect and warning on a line of its own, each
    // sentence ended once (the rule's text brings its own full stop).
    const shown = previewed.content[0]?.type === 'text' ? previewed.content[0].text : '';
    for (const line of [...preview.effects.map((e) => e.label), ...preview.warnings]) expect(shown).toContain(`\n- ${line}\n`);
    expect(shown).toContain('\nNeeds a second admin');
    expect(shown).not.toMatch(/\.\.|\.;/);
    const refused = await call(client, 'refunds_create_execute', {
      confirmToken: preview.confirmToken,
      reason: 'Customer asked',
    });
    // Over the support cap the console does not move money: the execute becomes a request a second admin decides.
    const filed = structured<{ auditId: number; approvalId: string | null; message: string }>(refused);
    expect(filed.approvalId).toBeTypeOf('string');
    expect(filed.message).toContain('second admin');
    // The approver's card names the booking by its short id and says an assistant asked, with its token's name.
    const waiting = (await h.caller('admin').approvals.list({ view: 'pending' })).find((a) => a.id === filed.approvalId);
    expect(waiting).toMatchObject({
      requestedBy: 'Test Support',
      requestedVia: { channel: 'mcp', tokenName: 'support assistant' },
      resourceType: 'booking',
      resourceId: booking.id,
      resourceLabel: booking.short_id,
    });
    const cancel = await call(client, 'bookings_cancel_preview', { bookingId: booking.id });
    expect(errorText(cancel)).toContain('Missing permission "bookings.cancel"');
    const refunds = await h.dbs.api.selectFrom('refunds').select('id').where('booking_id', '=', booking.id).execute();
    expect(refunds).toHaveLength(0);
  });

  it('refuses an argument a tool does not declare, naming it and those accepted, and runs nothing', async () => {
    const { booking } = await seedLesson(h.dbs.api, { hoursAhead: 80, priceCents: 6_000, paymentStatus: 'captured' });
    const client = await connect(tokens.admin);
    const listed = (await listAll(client)).find((t) => t.name === 'audit_search');
    expect(listed?.inputSchema.additionalProperties).toBe(false);
    const counts = async () => ({
      audit: (
        await h.dbs.api
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
      confirmations: (
        await h.dbs.api
          .selectFrom('confirmations')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    });
    const before = await counts();
    // `text` for `q`: dropped, the search would have answered with the latest entries as if they matched.
    const search = errorText(await call(client, 'audit_search', { text: 'example.com' }));
    expect(search).toContain('audit_search has no argument "text"');
    expect(search).toMatch(/it accepts: [^)]*\bq\b/);
    const preview = errorText(
      await call(client, 'refunds_create_preview', { bookingId: booking.id, amountCents: 1_000, refundFees: true }),
    );
    expect(preview).toContain('"refundFees"');
    expect(preview).toContain('Nothing was run.');
    expect(preview).not.toContain('confirmToken');
    const nested = errorText(
      await call(client, 'communications_send_preview', {
        name: 'Winter notice',
        subject: 'Winter',
        body: 'Lessons resume in March.',
        audience: { role: 'students', country: 'FR' },
        channels: ['email'],
      }),
    );
    expect(nested).toContain('"audience.country" (audience accepts: role, statuses, activity)');
    expect(errorText(await call(client, 'health_snapshot', { verbose: true }))).toContain('"verbose" (it takes none)');
    expect(await counts()).toEqual(before);
    // The same call with the arguments it declares runs as before.
    expect(structured(await call(client, 'audit_search', { q: 'example.com' }))).toHaveProperty('items');
  });

  it('says how many more people and bookings a lookup found than its first line names', async () => {
    const client = await connect(tokens.support);
    const result = await call(client, 'support_lookup', { q: 'chen' });
    const found = structured<{ results: unknown[]; total: number; nextCursor: string | null }>(result);
    expect(found.results.length).toBeGreaterThan(5);
    expect([found.total, found.nextCursor]).toEqual([found.results.length, null]);
    const shown = result.content[0]?.type === 'text' ? result.content[0].text : '';
    expect(shown).toMatch(new RegExp(`^${found.total} matches for "chen": `));
    // Five named, then the rest counted.
    expect(shown.split('; ')).toHaveLength(6);
    expect(shown).toMatch(new RegExp(`; and ${found.total - 5} more \\(all in the structured result\\)\\.$`));
    // A page of a longer list says where the rest is.
    expect(
      tool('support_lookup').summarize(
        { q: 'smith', results: found.results, total: 57, totalCapped: false, nextCursor: 'c' },
        {},
      ),
    ).toMatch(
      new RegExp(
        `; and 52 more \\(${found.results.length - 5} more in the structured result; pass nextCursor as cursor for the rest\\)\\.$`,
      ),
    );
  });

  it('calls a confirm token that is not one malformed, not missing', async () => {
    const client = await connect(tokens.admin);
    expect(errorText(await call(client, 'refunds_create_execute', { confirmToken: 'abc', reason: 'Customer asked' }))).toBe(
      'BAD_REQUEST: confirmToken: not a confirm token; pass the confirmToken a preview returned, unchanged',
    );
    expect(errorText(await call(client, 'refunds_create_execute', { reason: 'Customer asked' }))).toBe(
      'BAD_REQUEST: confirmToken: missing; preview first and pass the confirmToken it returns',
    );
  });

  it("states a refund preview's rule once, as its first effect, not again in the summary", async () => {
    const { booking } = await seedLesson(h.dbs.api, { hoursAhead: 90, priceCents: 7_000, paymentStatus: 'captured' });
    const client = await connect(tokens.admin);
    const previewed = await call(client, 'refunds_create_preview', { bookingId: booking.id });
    const preview = structured<{ summary: string; effects: Array<{ label: string }> }>(previewed);
    const rule = preview.effects[0]?.label ?? '';
    expect(rule).toMatch(/^Rule: /);
    const explanation = rule.replace(/^Rule: /, '');
    const shown = previewed.content[0]?.type === 'text' ? previewed.content[0].text : '';
    expect(shown.split(explanation)).toHaveLength(2);
    expect(shown).toContain(`\n- ${rule}\n`);
    expect(preview.summary).toMatch(new RegExp(`^Refund \\$70\\.00 of booking ${booking.short_id} \\(.*\\): `));
    expect(shown.split('\n')[0]).toBe(`${preview.summary.replace(`: ${explanation}`, '')}.`);
  });

  it("names a refused argument's field once, whether or not the schema's message names it too", async () => {
    const client = await connect(tokens.support);
    expect(errorText(await call(client, 'support_lookup', {}))).toBe(
      'BAD_REQUEST: q: type an email, phone, user id, booking id or name',
    );
    expect(errorText(await call(client, 'support_lookup', { q: ' ' }))).toBe('BAD_REQUEST: q: Type at least 2 characters');
  });

  it('turns 20 concurrent executes of one confirm token into one refund and one audit row on the mcp channel', async () => {
    const { booking } = await seedLesson(h.dbs.api, { hoursAhead: 72, priceCents: 8_000, paymentStatus: 'captured' });
    const client = await connect(tokens.admin);
    // Listing first makes the SDK client check each structured result below against the tool's outputSchema.
    await listAll(client);
    const preview = structured<{ confirmToken: string; effects: Array<{ label: string }> }>(
      await call(client, 'refunds_create_preview', { bookingId: booking.id }),
    );
    expect(preview.effects.map((e) => e.label)).toContain('Refund $80.00 to the card ending 4242');
    const clientsForRace = await Promise.all(Array.from({ length: 20 }, () => connect(tokens.admin)));
    const results = await Promise.all(
      clientsForRace.map((c) =>
        call(c, 'refunds_create_execute', {
          confirmToken: preview.confirmToken,
          reason: 'Lesson was cancelled by the instructor',
        }),
      ),
    );
    expect(results.filter((r) => !r.isError)).toHaveLength(1);
    for (const r of results.filter((x) => x.isError)) expect(errorText(r)).toMatch(/CONFLICT|already used/);
    const refunds = await h.dbs.api.selectFrom('refunds').select('id').where('booking_id', '=', booking.id).execute();
    expect(refunds).toHaveLength(1);
    const audit = await auditedRows(h.dbs.api, 'refunds.create', booking.id);
    expect(audit).toMatchObject([{ actor_email: 'admin@test.example', channel: 'mcp', token_name: 'admin assistant' }]);
    const viaChannel = structured<{ items: Array<{ resourceId: string; channel: string }> }>(
      await call(client, 'audit_search', { channel: 'mcp', action: 'refunds.create' }),
    );
    expect(viaChannel.items.map((i) => i.resourceId)).toContain(booking.id);
    expect(new Set(viaChannel.items.map((i) => i.channel))).toEqual(new Set(['mcp']));
  });

  it('refuses a missing token with 401 and a WWW-Authenticate challenge, and a foreign Origin with 403', async () => {
    const missing = await rawPost({});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="ops-console"');
    const bad = await rawPost({
      authorization: 'Bearer ops_pat_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const foreign = await rawPost({ authorization: `Bearer ${tokens.oncall}`, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const own = await rawPost({ authorization: `Bearer ${tokens.oncall}`, origin: url });
    expect(own.status).toBe(200);
  });

  it('answers raw JSON-RPC as Streamable HTTP does: batches in order, notifications with 202, bad messages with 400', async () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      rawPost({ authorization: `Bearer ${tokens.support}`, ...headers }, body);
    const batch = await post(
      JSON.stringify([
        { jsonrpc: '2.0', id: 'b', method: 'tools/call', params: { name: 'support_lookup', arguments: { q: SARAH.email } } },
        { jsonrpc: '2.0', method: 'notifications/initialized' },
        { jsonrpc: '2.0', id: 'a', method: 'ping' },
      ]),
    );
    expect(batch.status).toBe(200);
    expect(batch.headers.get('content-type')).toContain('application/json');
    const batchText = await batch.text();
    const replies = JSON.parse(batchText) as Array<{ id: string; result: Record<string, unknown> }>;
    // Exactly the bytes JSON.stringify writes for the replies, though a tool's result is serialized when it is made.
    expect(JSON.stringify(replies)).toBe(batchText);
    expect(replies.map((r) => r.id)).toEqual(['b', 'a']);
    expect((replies[0]?.result.structuredContent as { results: unknown[] }).results.length).toBeGreaterThan(0);
    expect(replies[0]?.result.content).toEqual([
      { type: 'text', text: expect.stringMatching(/^1 match for "sarah\.chen@example\.com": Sarah C\. \(user /) as unknown },
      { type: 'text', text: JSON.stringify(replies[0]?.result.structuredContent) },
    ]);
    expect(replies[1]?.result).toEqual({});
    const lone = await post(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 3,
        method: 'tools/call',
        params: { name: 'support_lookup', arguments: { q: SARAH.email } },
      }),
    );
    const loneText = await lone.text();
    expect(JSON.stringify(JSON.parse(loneText))).toBe(loneText);
    expect(JSON.parse(loneText)).toEqual({ jsonrpc: '2.0', id: 3, result: replies[0]?.result });

    const notification = await post(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    expect(notification.status).toBe(202);
    expect(await notification.text()).toBe('');

    const unknown = await post(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'no/such/method' }));
    expect(await unknown.json()).toMatchObject({ id: 7, error: { code: -32601 } });

    for (const broken of ['{"jsonrpc":"2.0","id":1,"method":', 'not json', '']) {
      const parseError = await post(broken);
      expect(parseError.status).toBe(400);
      expect(await parseError.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    }
    const notJsonRpc = await post(JSON.stringify({ hello: 'world' }));
    expect(notJsonRpc.status).toBe(400);
    expect(await notJsonRpc.json()).toMatchObject({ error: { code: -32700 }, id: null });
    const plainText = await post('{"jsonrpc":"2.0","id":1,"method":"ping"}', { 'content-type': 'text/plain' });
    expect(plainText.status).toBe(415);
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    };
    const initializeInBatch = await post(JSON.stringify([initialize, { jsonrpc: '2.0', id: 2, method: 'ping' }]));
    expect(initializeInBatch.status).toBe(400);
    expect(await initializeInBatch.json()).toMatchObject({ error: { code: -32600 } });
    const tooMany = await post(
      JSON.stringify(Array.from({ length: 101 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'ping' }))),
    );
    expect(tooMany.status).toBe(400);
  });

  it('checks the headers of every call, whatever the calls before it sent', async () => {
    const auth = { authorization: `Bearer ${tokens.oncall}` };
    expect((await rawPost(auth)).status).toBe(200);
    expect((await rawPost({ ...auth, 'mcp-protocol-version': '1999-01-01' })).status).toBe(400);
    expect((await rawPost({ ...auth, accept: 'application/json' })).status).toBe(406);
    expect((await rawPost({ ...auth, 'mcp-protocol-version': '2025-11-25' })).status).toBe(200);
    expect((await rawPost(auth)).status).toBe(200);
  });

  it('stops a revoked token on the next call, and every token of a deactivated staff member within the check time', async () => {
    const created = await h.caller('oncall').tokens.create({ name: 'short lived', expiresInDays: 1 });
    const client = await connect(created.token);
    await client.listTools();
    await h.caller('oncall').tokens.revoke({ id: created.id });
    await expect(client.listTools()).rejects.toThrow(/401|revoked/);
    const after = await rawPost({ authorization: `Bearer ${created.token}` });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('revoked');
    const audit = await h.dbs.api
      .selectFrom('audit_log')
      .select('action')
      .where('resource_id', '=', created.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['tokens.create', 'tokens.revoke']);

    const exec = await h.caller('exec').tokens.create({ name: 'exec second', expiresInDays: 5 });
    expect((await rawPost({ authorization: `Bearer ${exec.token}` })).status).toBe(200);
    await h.dbs.api.updateTable('staff_users').set({ active: false }).where('id', '=', h.staff.exec.id).execute();
    letTokenChecksExpire();
    try {
      expect((await rawPost({ authorization: `Bearer ${exec.token}` })).status).toBe(401);
      expect((await rawPost({ authorization: `Bearer ${tokens.exec}` })).status).toBe(401);
    } finally {
      await h.dbs.api.updateTable('staff_users').set({ active: true }).where('id', '=', h.staff.exec.id).execute();
      letTokenChecksExpire();
    }
  });

  it('refuses a read with a token revoked or suspended meanwhile, and reads under a changed role', async () => {
    const revoked = await h.caller('support').tokens.create({ name: 'revoked reader', expiresInDays: 1 });
    const client = await connect(revoked.token);
    // Twice, so the second read is admitted from the replica's memory of the token.
    for (let i = 0; i < 2; i++) expect(structured(await call(client, 'support_lookup', { q: SARAH.email })).results).toBeTruthy();
    await h.caller('support').tokens.revoke({ id: revoked.id });
    await expect(call(client, 'support_lookup', { q: SARAH.email })).rejects.toThrow(/401|revoked/);

    const suspended = await h.caller('support').tokens.create({ name: 'suspended reader', expiresInDays: 1 });
    const second = await connect(suspended.token);
    for (let i = 0; i < 2; i++) expect(structured(await call(second, 'support_lookup', { q: SARAH.email })).results).toBeTruthy();
    await h.dbs.api.updateTable('staff_users').set({ active: false }).where('id', '=', h.staff.support.id).execute();
    letTokenChecksExpire();
    try {
      await expect(call(second, 'support_lookup', { q: SARAH.email })).rejects.toThrow(/401|not active/);
    } finally {
      await h.dbs.api.updateTable('staff_users').set({ active: true }).where('id', '=', h.staff.support.id).execute();
      letTokenChecksExpire();
    }

    const demoted = await h.caller('oncall').tokens.create({ name: 'demoted reader', expiresInDays: 1 });
    const third = await connect(demoted.token);
    for (let i = 0; i < 2; i++) expect(structured(await call(third, 'support_lookup', { q: SARAH.email })).results).toBeTruthy();
    await h.dbs.api.updateTable('staff_users').set({ role: 'exec' }).where('id', '=', h.staff.oncall.id).execute();
    letTokenChecksExpire();
    try {
      expect(errorText(await call(third, 'support_lookup', { q: SARAH.email }))).toContain('Missing permission "users.read"');
    } finally {
      await h.dbs.api.updateTable('staff_users').set({ role: 'oncall' }).where('id', '=', h.staff.oncall.id).execute();
      letTokenChecksExpire();
    }
  });

  it('refuses an expiry over 90 days and lists tokens without their secret', async () => {
    await expect(h.caller('admin').tokens.create({ name: 'too long', expiresInDays: 91 })).rejects.toThrow(
      /expiresInDays: Expiry must be at most 90 days/,
    );
    const listed = await h.caller('admin').tokens.list();
    expect(listed.map((t) => t.name)).toContain('admin assistant');
    expect(JSON.stringify(listed)).not.toContain('ops_pat_');
    const stored = await h.dbs.api.selectFrom('personal_access_tokens').select('secret_hash').execute();
    for (const row of stored) expect(Object.values(tokens).some((t) => t.includes(row.secret_hash))).toBe(false);
  });

  it('rate-limits one token per minute through Postgres', async () => {
    const limited = await buildTestServer(h, {
      services: { ...h.services, config: { ...h.services.config, MCP_RATE_LIMIT_PER_MINUTE: 3 } },
    });
    try {
      const created = await h.caller('oncall').tokens.create({ name: 'rate limited', expiresInDays: 1 });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await limited.inject({
          method: 'POST',
          url: '/mcp',
          headers: {
            authorization: `Bearer ${created.token}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          payload: { jsonrpc: '2.0', id: 1, method: 'ping' },
        });
        statuses.push(res.statusCode);
      }
      // A minute boundary between requests starts a new window; at most one such reset in five quick calls.
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
    }
  });
});
