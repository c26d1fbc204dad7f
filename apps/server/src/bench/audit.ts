import type { BenchCase, BenchContext } from './types.js';

/** DESIGN.md: audit and webhook lists use keyset pagination; any page ≤ 30 ms at bench scale (2M audit rows). */
const BUDGET_MS = 30;

let deepCursor: Promise<string[]> | null = null;
/** Cursors spread through the table (10 % … 90 % deep), read once from the bench data. */
function deepCursors(ctx: BenchContext): Promise<string[]> {
  deepCursor ??= ctx.dbs.api
    .selectFrom('audit_log')
    .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
    .executeTakeFirstOrThrow()
    .then(({ lo, hi }) => {
      const low = Number(lo ?? 0);
      const span = Number(hi ?? 0) - low;
      return Array.from({ length: 9 }, (_, k) => String(low + Math.round((span * (k + 1)) / 10)));
    });
  return deepCursor;
}

let actorIds: Promise<string[]> | null = null;
function actors(ctx: BenchContext): Promise<string[]> {
  actorIds ??= ctx.dbs.api
    .selectFrom('staff_users')
    .select('id')
    .execute()
    .then((rows) => rows.map((r) => r.id));
  return actorIds;
}

export const auditCases: BenchCase[] = [
  {
    name: 'audit list, first page',
    budgetMs: BUDGET_MS,
    iterations: 50,
    run: (ctx) => ctx.support.audit.search({ limit: 50 }),
  },
  {
    name: 'audit list, deep page (10–90 % into the log)',
    budgetMs: BUDGET_MS,
    iterations: 50,
    run: async (ctx, i) => {
      const cursors = await deepCursors(ctx);
      return ctx.support.audit.search({ limit: 50, cursor: cursors[i % cursors.length] ?? null });
    },
  },
  {
    name: "audit person's activity, deep page",
    budgetMs: BUDGET_MS,
    iterations: 50,
    run: async (ctx, i) => {
      const [ids, cursors] = await Promise.all([actors(ctx), deepCursors(ctx)]);
      return ctx.support.audit.search({
        actor: ids[i % ids.length] ?? null,
        limit: 50,
        cursor: cursors[i % cursors.length] ?? null,
      });
    },
  },
  {
    name: 'webhook ledger, first page',
    budgetMs: BUDGET_MS,
    iterations: 50,
    run: (ctx) => ctx.support.webhooks.list({ limit: 50 }),
  },
  {
    name: 'webhook ledger, failed only, next page',
    budgetMs: BUDGET_MS,
    iterations: 30,
    run: async (ctx) => {
      const first = await ctx.support.webhooks.list({ status: 'failed', limit: 25 });
      return first.nextCursor ? ctx.support.webhooks.list({ status: 'failed', limit: 25, cursor: first.nextCursor }) : first;
    },
  },
];
