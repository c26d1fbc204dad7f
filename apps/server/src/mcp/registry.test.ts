import { describe, expect, it } from 'vitest';
import { addNoteInputSchema, creditAdjustInputSchema, executeInputSchema, reasonSchema } from '@ops/shared';
import { findTool, toolsFor, TOOLS } from './registry.js';

type JsonNode = Record<string, unknown>;
const isNode = (v: unknown): v is JsonNode => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every property of an input schema, at any depth (nested objects, array items, a union's branches), by its path. */
function properties(node: unknown, at = ''): Array<[path: string, schema: JsonNode]> {
  if (!isNode(node)) return [];
  const own = isNode(node.properties)
    ? Object.entries(node.properties).flatMap(([key, sub]): Array<[string, JsonNode]> =>
        isNode(sub) ? [[`${at}${key}`, sub], ...properties(sub, `${at}${key}.`)] : [],
      )
    : [];
  const branches = ['anyOf', 'oneOf', 'allOf'].flatMap((k) => (Array.isArray(node[k]) ? (node[k] as unknown[]) : []));
  return [
    ...own,
    ...branches.flatMap((b) => properties(b, at)),
    ...(isNode(node.items) ? properties(node.items, `${at}[].`) : []),
  ];
}

describe('tool input descriptions', () => {
  it('describes every field of every tool an admin is listed, nested ones too', () => {
    const tools = toolsFor('admin');
    // Admins are listed every tool: the check below covers each field any role may be shown.
    expect(tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    const undescribed = tools.flatMap((tool) =>
      properties(tool.inputSchema)
        .filter(([, schema]) => typeof schema.description !== 'string' || schema.description.trim().length < 10)
        .map(([path]) => `${tool.name}.${path}`),
    );
    expect(undescribed).toEqual([]);
    expect(tools.flatMap((t) => properties(t.inputSchema)).length).toBeGreaterThan(200);
  });

  it("says a field's unit, sign and format where a model would otherwise guess", () => {
    const field = (tool: string, path: string) =>
      properties(findTool(tool)?.inputSchema).find(([p]) => p === path)?.[1].description ?? '';
    expect(field('students_adjust_credit_preview', 'amountCents')).toMatch(/positive.*negative.*cents/i);
    expect(field('refunds_create_preview', 'amountCents')).toMatch(/cents/);
    expect(field('support_add_note', 'userId')).toMatch(/booking/);
    expect(field('audit_search', 'action')).toContain('refunds.create');
    expect(field('revenue_report', 'from')).toMatch(/YYYY-MM-DD.*time zone/);
    expect(field('audit_search', 'from')).toMatch(/ISO 8601/);
    expect(field('refunds_create_execute', 'typedEnvironment')).toContain('production');
  });

  it("names, on each execute's confirmToken, the preview tool that hands it out", () => {
    for (const execute of TOOLS.filter((t) => t.name.endsWith('_execute'))) {
      const preview = execute.name.replace(/_execute$/, '_preview');
      expect(findTool(preview), preview).toBeDefined();
      const token = properties(execute.inputSchema).find(([p]) => p === 'confirmToken')?.[1];
      expect(token?.description, execute.name).toContain(`The confirmToken ${preview} returned`);
    }
  });

  it('leaves what a described field accepts, and what it says when it refuses, as they were', () => {
    expect(reasonSchema.safeParse('ok').error?.issues[0]?.message).toBe('Reason is required (at least 3 characters)');
    expect(executeInputSchema.safeParse({ confirmToken: 'short', reason: 'fine reason' }).error?.issues[0]?.message).toBe(
      'confirmToken: not a confirm token; pass the confirmToken a preview returned, unchanged',
    );
    expect(creditAdjustInputSchema.safeParse({ userId: 'person:x', amountCents: 0 }).error?.issues.map((i) => i.message)).toEqual(
      ['must be an id (uuid)', 'Amount must not be zero'],
    );
    expect(
      addNoteInputSchema.parse({ userId: '00005eed-0000-4000-8000-000000000101', kind: 'internal', body: ' hi there ' }),
    ).toEqual({
      userId: '00005eed-0000-4000-8000-000000000101',
      kind: 'internal',
      body: 'hi there',
    });
  });
});
