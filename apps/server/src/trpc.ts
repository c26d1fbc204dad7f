import { getTRPCErrorFromUnknown, initTRPC, TRPCError } from '@trpc/server';
import { allows, describeIssues, issueField, type Access, type Permission, type ValidationIssue } from '@ops/shared';
import type { Context } from './context.js';
import type { ListedAction } from './domain/actions/define.js';
import { DomainError } from './domain/errors.js';

export interface Meta {
  /** Every procedure declares what it needs; a test walks the router and fails on any without it. */
  access: Access;
  /** On an action's preview and execute: the action, so the action list is read off the router (routers/action-list.ts). */
  action?: ListedAction;
}

function validationIssues(cause: unknown): ValidationIssue[] | null {
  if (typeof cause !== 'object' || cause === null || !('issues' in cause)) return null;
  const issues = cause.issues;
  return Array.isArray(issues) ? (issues as ValidationIssue[]) : null;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error }) {
      const issues = error.code === 'BAD_REQUEST' ? validationIssues(error.cause) : null;
      const fieldErrors = issues ? Object.fromEntries(issues.map((i) => [issueField(i), i.message])) : null;
      const message = issues ? describeIssues(issues) : shape.message;
      return { ...shape, message, data: { ...shape.data, stack: undefined, fieldErrors } };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/**
 * The one rule for all text: a NUL byte or an unpaired UTF-16 surrogate anywhere in a procedure's input (values
 * and keys, at any depth) is refused with 400 naming the field, before any schema or query sees it. PostgreSQL
 * cannot store either in text, so without this they surfaced as 500s with the raw database message.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const badString = (s: string): boolean => s.includes('\u0000') || LONE_SURROGATE.test(s);

export function findBadText(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') {
    return badString(value) ? path.join('.') || 'input' : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadText(value[i], [...path, String(i)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      const keyPath = [...path, key];
      if (badString(key)) return keyPath.join('.');
      const found = findBadText(inner, keyPath);
      if (found !== null) return found;
    }
  }
  return null;
}

const TEXT_RULE = 'must not contain NUL characters or unpaired surrogates';

function badTextError(field: string): TRPCError {
  const issues: ValidationIssue[] = [{ path: field === 'input' ? [] : field.split('.'), message: TEXT_RULE }];
  return new TRPCError({
    code: 'BAD_REQUEST',
    message: `${field}: ${TEXT_RULE}`,
    cause: Object.assign(new Error(`${field}: ${TEXT_RULE}`), { issues }),
  });
}

function checkAccess(access: Access | undefined, staff: Context['staff']): void {
  if (access === undefined) {
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'procedure declares no access' });
  }
  if (access !== 'public' && staff === null) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  }
  if (!allows(staff?.role ?? null, access)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `Your role cannot do this (needs ${access})` });
  }
}

/** A refusal as it goes over the wire: a domain refusal keeps its meaning, a schema failure names the field. */
function wireError(error: TRPCError): TRPCError {
  let out = error;
  if (out.cause instanceof DomainError) {
    out = new TRPCError({ code: out.cause.code, message: out.cause.message, cause: out.cause });
  }
  if (out.code === 'BAD_REQUEST') {
    const issues = validationIssues(out.cause);
    if (issues) out.message = describeIssues(issues);
  }
  return out;
}

/**
 * Around every procedure, in one middleware (each layer of middleware costs every request): refuses malformed text
 * before anything else runs; checks the access the procedure declares; keeps a domain refusal's meaning over the
 * wire (a `DomainError('NOT_FOUND', …)` is a tRPC NOT_FOUND); names the field of input that fails its zod schema
 * ("field: message", for HTTP clients and server-side callers alike); and times the outcome. `call` passes the
 * request on: as it is, or with `ctx.staff` known to be signed in.
 */
async function around<R extends { ok: true } | { ok: false; error: TRPCError }>(
  opts: { ctx: Context; meta: Meta | undefined; path: string; getRawInput: () => Promise<unknown> },
  call: (staff: Context['staff']) => Promise<R>,
): Promise<R> {
  const started = performance.now();
  let result: R | null = null;
  let error: TRPCError | null = null;
  const field = findBadText(await opts.getRawInput());
  if (field !== null) {
    error = badTextError(field);
  } else {
    try {
      checkAccess(opts.meta?.access, opts.ctx.staff);
      result = await call(opts.ctx.staff);
    } catch (cause) {
      error = getTRPCErrorFromUnknown(cause);
    }
  }
  const outcome: { ok: true } | { ok: false; error: TRPCError } | null = result;
  if (outcome !== null && !outcome.ok) error = outcome.error;
  const sent = error === null ? null : wireError(error);
  opts.ctx.observe?.(opts.path, sent === null ? 'ok' : sent.code, (performance.now() - started) / 1000);
  // The procedure's own result travels on unless its error was replaced (a domain refusal given its tRPC code).
  if (result !== null && (sent === null || sent === error)) return result;
  throw sent ?? badTextError('input');
}

/** Open to anyone (login, health). */
export const publicProcedure = t.procedure.meta({ access: 'public' }).use((opts) => around(opts, () => opts.next()));

/** For procedures that need a signed-in staff member: the resolver's ctx.staff is never null. */
const staffProcedure = t.procedure.use((opts) =>
  around(opts, (staff) => {
    if (staff === null) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
    return opts.next({ ctx: { staff } });
  }),
);

/** Any signed-in staff member. */
export const authedProcedure = staffProcedure.meta({ access: 'authenticated' });

/** A procedure that needs `permission`: the only way to build one that touches data. */
export function procedure(permission: Permission) {
  return staffProcedure.meta({ access: permission });
}
