import { initTRPC, TRPCError } from '@trpc/server';
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

/**
 * Around every procedure, in one middleware (each layer of middleware costs every request): refuses malformed text
 * before anything else runs; keeps a domain refusal's meaning over the wire (a `DomainError('NOT_FOUND', …)` is a
 * tRPC NOT_FOUND); names the field of input that fails its zod schema ("field: message", for HTTP clients and
 * server-side callers alike); and times the outcome.
 */
const around = t.middleware(async ({ ctx, path, getRawInput, next }) => {
  const started = performance.now();
  const field = findBadText(await getRawInput());
  const result = field === null ? await next() : null;
  let error = result === null ? badTextError(field ?? 'input') : result.ok ? null : result.error;
  if (error !== null) {
    if (error.cause instanceof DomainError) {
      error = new TRPCError({ code: error.cause.code, message: error.cause.message, cause: error.cause });
    }
    if (error.code === 'BAD_REQUEST') {
      const issues = validationIssues(error.cause);
      if (issues) error.message = describeIssues(issues);
    }
  }
  ctx.observe?.(path, error === null ? 'ok' : error.code, (performance.now() - started) / 1000);
  if (result === null || (!result.ok && error !== result.error)) throw error ?? badTextError(field ?? 'input');
  return result;
});

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

const requireAccess = t.middleware(({ ctx, meta, next }) => {
  checkAccess(meta?.access, ctx.staff);
  return next();
});

/** requireAccess for procedures that need a signed-in staff member: the resolver's ctx.staff is never null. */
const requireStaff = t.middleware(({ ctx, meta, next }) => {
  checkAccess(meta?.access, ctx.staff);
  if (ctx.staff === null) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  return next({ ctx: { staff: ctx.staff } });
});

const base = t.procedure.use(around);

/** Open to anyone (login, health). */
export const publicProcedure = base.meta({ access: 'public' }).use(requireAccess);

/** Any signed-in staff member. */
export const authedProcedure = base.meta({ access: 'authenticated' }).use(requireStaff);

/** A procedure that needs `permission`: the only way to build one that touches data. */
export function procedure(permission: Permission) {
  return base.meta({ access: permission }).use(requireStaff);
}
