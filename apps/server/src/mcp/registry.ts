import { z } from 'zod';
import {
  allows,
  asSentence,
  confirmTokenDescription,
  describeIssues,
  executeInputSchema,
  type Access,
  type StaffRole,
} from '@ops/shared';
import type { ListedAction } from '../domain/actions/define.js';
import { CONSOLE_ACTIONS } from '../routers/action-list.js';
import { PROCEDURES, type ProcedureDef } from '../routers/procedure-types.js';
import { type effect, executeOutput, previewOutput } from './outputs.js';
import { NOT_TOOLS, READ_TOOLS, type ReadToolSpec, type Structured } from './tools.js';

export type JsonSchemaObject = { type: 'object'; [key: string]: unknown };

export interface McpTool {
  name: string;
  title: string;
  description: string;
  /** The tRPC procedure the tool calls (by path, through the same middlewares as HTTP: mcp/server.ts). */
  procedure: string;
  /** Read from the procedure's declared access: the one permission matrix decides who sees and may call it. */
  permission: Access;
  inputSchema: JsonSchemaObject;
  outputSchema: JsonSchemaObject;
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
  /** Validates a narrowed input and maps it onto the procedure's input (derived tools only). */
  toProcedureInput(args: Record<string, unknown>): { ok: true; input: unknown } | { ok: false; message: string };
  structure(result: unknown): Structured;
  /** The first text block: what the call found, from its result and the arguments it was given. */
  summarize(result: Structured, args: Record<string, unknown>): string;
}

/** `students.adjustCredit.preview` → `students_adjust_credit_preview`. */
export function toolName(path: string): string {
  return path
    .split('.')
    .map((part) => part.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))
    .join('_');
}

/** JSON Schema (draft 2020-12) of what a caller sends, from the same zod schema the procedure validates with. */
export function inputJsonSchema(schema: unknown): JsonSchemaObject {
  if (!(schema instanceof z.ZodType)) return { type: 'object', properties: {}, additionalProperties: false };
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  // A union of objects (trail: userId or bookingId) is still an object; MCP wants `type: object` at the top.
  return { ...(closeObjects(json) as Record<string, unknown>), type: 'object' };
}

type JsonNode = Record<string, unknown>;
const isNode = (v: unknown): v is JsonNode => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Marks every object that lists its properties and says nothing of others `additionalProperties: false`: zod drops
 * an undeclared key without a word, so a misspelt argument would run the call as if it had not been given.
 */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!isNode(node)) return node;
  // An intersection's parts each list only their own keys: closing them would refuse every value.
  const closed: JsonNode = Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === 'default' || k === 'allOf' ? v : closeObjects(v)]),
  );
  if (isNode(node.properties) && !('additionalProperties' in node)) closed.additionalProperties = false;
  return closed;
}

/** An argument a call gave that its tool does not declare, and the names declared where it was given. */
export interface UnknownArgument {
  path: string;
  /** The object it was given in (`''` for the call's own arguments). */
  within: string;
  accepted: string[];
}

/** The object schemas a value is checked against: the node itself and the objects of its anyOf / oneOf / allOf. */
function objectShapes(node: JsonNode): JsonNode[] {
  const branches = ['anyOf', 'oneOf', 'allOf'].flatMap((k) => (Array.isArray(node[k]) ? (node[k] as unknown[]) : []));
  return [node, ...branches.filter(isNode).flatMap(objectShapes)].filter((n) => isNode(n.properties));
}

/**
 * The arguments in `value` that `schema` (a tool's advertised input) does not declare, at any depth: a key is
 * unknown where no object the value may be (a union's branches together) lists it and none admits others.
 */
export function unknownArguments(schema: JsonNode, value: unknown, path = ''): UnknownArgument[] {
  if (Array.isArray(value)) {
    const items = [schema, ...objectShapes(schema)].map((s) => s.items).find(isNode);
    return items ? value.flatMap((v, i) => unknownArguments(items, v, `${path}[${i}]`)) : [];
  }
  if (!isNode(value)) return [];
  const shapes = objectShapes(schema);
  if (shapes.length === 0 || shapes.some((s) => s.additionalProperties !== false)) return [];
  const declared = new Map<string, JsonNode[]>();
  for (const shape of shapes) {
    for (const [key, sub] of Object.entries(shape.properties as JsonNode)) {
      if (isNode(sub)) declared.set(key, [...(declared.get(key) ?? []), sub]);
    }
  }
  const accepted = [...declared.keys()];
  return Object.entries(value).flatMap(([key, v]) => {
    const at = path ? `${path}.${key}` : key;
    const subs = declared.get(key);
    if (!subs) return [{ path: at, within: path, accepted }];
    // Unknown inside only when unknown to every schema the key may have (a field that is an object or null).
    const inner = subs.map((s) => unknownArguments(s, v, at));
    return inner.some((found) => found.length === 0) ? [] : (inner[0] ?? []);
  });
}

function outputJsonSchema(schema: z.ZodType): JsonSchemaObject {
  return { ...(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>), type: 'object' };
}

function procedureOf(path: string): ProcedureDef {
  const proc = PROCEDURES.get(path);
  if (!proc) throw new Error(`tool registry: no procedure ${path}`);
  return proc;
}

function accessOf(path: string): Access {
  const access = procedureOf(path).meta?.access;
  if (access === undefined) throw new Error(`tool registry: ${path} declares no access`);
  return access;
}

function readTool(spec: ReadToolSpec): McpTool {
  const proc = procedureOf(spec.procedure);
  const narrowed = spec.input;
  const mutation = spec.mutation;
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    procedure: spec.procedure,
    permission: accessOf(spec.procedure),
    inputSchema: inputJsonSchema(narrowed ? narrowed.schema : proc.inputs[0]),
    outputSchema: outputJsonSchema(spec.output),
    annotations: {
      readOnlyHint: mutation === undefined,
      destructiveHint: mutation?.destructive ?? false,
      idempotentHint: mutation === undefined,
      openWorldHint: false,
    },
    toProcedureInput(args) {
      if (!narrowed) return { ok: true, input: args };
      const parsed = narrowed.schema.safeParse(args);
      if (!parsed.success) return { ok: false, message: describeIssues(parsed.error.issues) };
      return { ok: true, input: narrowed.toProcedure(parsed.data as Record<string, unknown>) };
    },
    structure: (result) => (spec.structure ? spec.structure(result) : spec.wrap ? { items: result } : (result as Structured)),
    summarize: spec.summarize,
  };
}

/** The execute's input as its tool advertises it: the confirmToken named after the preview tool that hands it out. */
function executeInputFor(previewName: string): z.ZodType {
  const { confirmToken } = executeInputSchema.shape;
  return executeInputSchema.extend({ confirmToken: confirmToken.describe(confirmTokenDescription(previewName)) });
}

/**
 * A preview's summary without the refund rule it ends with (": <rule>") when an effect states that rule ("Rule:
 * <rule>"), so the text shown reads the rule once, among the effects.
 */
function withoutRule(summary: string, effects: ReadonlyArray<{ label: string }>): string {
  for (const { label } of effects) {
    const rule = label.startsWith('Rule: ') ? label.slice('Rule: '.length) : '';
    if (rule && summary.endsWith(`: ${rule}`)) return summary.slice(0, -`: ${rule}`.length);
  }
  return summary;
}

/** An action's tool pair, described in the words of its definition. */
function actionTools(listed: ListedAction): McpTool[] {
  const action = listed.name;
  const previewPath = `${action}.preview`;
  const executePath = `${action}.execute`;
  const previewName = toolName(previewPath);
  const executeName = toolName(executePath);
  const passThrough = (args: Record<string, unknown>) => ({ ok: true as const, input: args });
  const preview: McpTool = {
    name: previewName,
    title: `Preview: ${listed.title}`,
    description: `${listed.description} Step 1 of 2: computes exactly what would happen (effects, warnings, whether a second admin must approve) and changes nothing. Returns a single-use confirmToken valid for 5 minutes, bound to you and this input. Show the effects to the person, then call ${executeName} with the confirmToken and a reason.`,
    procedure: previewPath,
    permission: accessOf(previewPath),
    inputSchema: inputJsonSchema(procedureOf(previewPath).inputs[0]),
    outputSchema: outputJsonSchema(previewOutput),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    toProcedureInput: passThrough,
    structure: (r) => r as Structured,
    summarize: (r) => {
      const effects = Array.isArray(r.effects) ? (r.effects as Array<z.infer<typeof effect>>) : [];
      const warnings = Array.isArray(r.warnings) ? (r.warnings as string[]) : [];
      // What the assistant shows the person before they agree: one line a point, as the browser's preview lists them.
      return [
        asSentence(withoutRule(String(r.summary), effects)),
        effects.length ? ['Effects:', ...effects.map((e) => `- ${e.label}`)].join('\n') : 'Effects: none.',
        warnings.length ? ['Warnings:', ...warnings.map((w) => `- ${w}`)].join('\n') : '',
        r.requiresApproval ? 'Needs a second admin: execute files an approval request.' : '',
        `confirmToken expires ${String(r.expiresAt)}.`,
      ]
        .filter(Boolean)
        .join('\n');
    },
  };
  const execute: McpTool = {
    name: executeName,
    title: `Execute: ${listed.title}`,
    description: `${listed.description} Step 2 of 2: does what ${previewName} previewed. Give its confirmToken (single use, 5 minutes) and a reason (recorded in the audit log under your name, channel mcp). If the state changed since the preview it refuses with CONFLICT and nothing happens: preview again. Over a threshold it returns an approvalId instead: a second admin decides in the browser. Find the decision with approvals_list.`,
    procedure: executePath,
    permission: accessOf(executePath),
    inputSchema: inputJsonSchema(executeInputFor(previewName)),
    outputSchema: outputJsonSchema(executeOutput),
    annotations: { readOnlyHint: false, destructiveHint: listed.destructive, idempotentHint: false, openWorldHint: true },
    toProcedureInput: passThrough,
    structure: (r) => r as Structured,
    summarize: (r) =>
      [
        asSentence(String(r.message)),
        typeof r.auditId === 'number' ? `Audit #${r.auditId}.` : '',
        typeof r.approvalId === 'string' ? `Approval ${r.approvalId}.` : '',
      ]
        .filter(Boolean)
        .join(' '),
  };
  return [preview, execute];
}

function buildRegistry(): McpTool[] {
  const tools = [...READ_TOOLS.map(readTool), ...[...CONSOLE_ACTIONS.values()].flatMap(actionTools)];
  const names = new Set<string>();
  for (const t of tools) {
    if (names.has(t.name)) throw new Error(`tool registry: duplicate tool ${t.name}`);
    names.add(t.name);
  }
  return tools.sort((a, b) => a.name.localeCompare(b.name));
}

export const TOOLS: readonly McpTool[] = buildRegistry();
const BY_NAME = new Map(TOOLS.map((t) => [t.name, t]));

export function findTool(name: string): McpTool | undefined {
  return BY_NAME.get(name);
}

/** A sentence ends at a full stop followed by a capital: "e.g. refunds_create_preview" does not end one. */
const SENTENCE_END = /(?<=[.!?])\s+(?=[A-Z])/;

/**
 * `description` as a role reads it: a sentence that points to a tool the role may not use (`has` says which it may)
 * is left out, so no role is sent to a tool it is refused. Hints to other tools are written as sentences of their
 * own for this.
 */
export function describeFor(description: string, has: (tool: string) => boolean): string {
  return description
    .split(SENTENCE_END)
    .filter((sentence) => {
      const named = sentence.match(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g) ?? [];
      return named.every((name) => !BY_NAME.has(name) || has(name));
    })
    .join(' ');
}

/** The tools a role may use: exactly those whose procedure's permission the matrix grants it. */
export function toolsFor(role: StaffRole): McpTool[] {
  return TOOLS.filter((t) => allows(role, t.permission));
}

/** Procedures that are neither a tool nor deliberately left out (a test keeps this empty). */
export function proceduresWithoutTool(): string[] {
  const covered = new Set(TOOLS.map((t) => t.procedure));
  return [...PROCEDURES]
    .filter(([path, p]) => p.type !== 'subscription' && !covered.has(path) && !(path in NOT_TOOLS))
    .map(([path]) => path);
}
