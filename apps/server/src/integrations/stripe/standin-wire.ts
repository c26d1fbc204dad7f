import type Stripe from 'stripe';

/**
 * Stripe's wire format as the stand-in speaks it: form-encoded bracket bodies in, and out the error envelope, the
 * list envelope and unix-second timestamps.
 */
export type FormValue = string | { [key: string]: FormValue };
export type Form = { [key: string]: FormValue };

/** A response as Stripe saves it under an idempotency key. */
export interface Saved {
  status: number;
  body: unknown;
}

/** Stripe's error envelope. */
export interface ErrorBody {
  error: Pick<Stripe.StripeRawError, 'type' | 'code' | 'message' | 'param'>;
}

/** Stripe's list envelope. */
type ListBody<T> = Pick<Stripe.ApiList<T>, 'object' | 'data' | 'has_more' | 'url'>;

/** `a[b][c]=1&expand[0]=x` into nested objects (array indices stay as object keys, which is all we read). */
export function parseForm(text: string): Form {
  const out: Form = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const parts = rawKey.split('[').map((p, i) => (i === 0 ? p : p.replace(/\]$/, '')));
    let node: Form = out;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (typeof next === 'object') node = next;
      else {
        const created: Form = {};
        node[part] = created;
        node = created;
      }
    }
    node[parts[parts.length - 1] ?? rawKey] = value;
  }
  return out;
}

export const str = (form: Form, key: string): string | undefined => {
  const v = form[key];
  return typeof v === 'string' ? v : undefined;
};

export const flatStrings = (value: FormValue | undefined): Record<string, string> => {
  if (typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
};

export const ok = <T>(body: T): Saved => ({ status: 200, body });

/** An answer in Stripe's error envelope. */
export const errorAnswer = (status: number, error: ErrorBody['error']): Saved => ({
  status,
  body: { error } satisfies ErrorBody,
});

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: Stripe.RawErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
    /**
     * The request failed parameter validation, before the endpoint started executing: Stripe saves nothing under its
     * idempotency key, so a corrected retry with the same key goes through.
     */
    readonly validation = false,
  ) {
    super(message);
  }
  answer(): Saved {
    return errorAnswer(this.status, { type: this.type, code: this.code, message: this.message, param: this.param });
  }
}

export const missing = (kind: string, id: string, param = 'id'): ApiError =>
  new ApiError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, 'resource_missing', param);

/** A parameter that fails validation (400, not saved under the idempotency key). */
export const invalidParam = (message: string, code: string, param?: string): ApiError =>
  new ApiError(400, 'invalid_request_error', message, code, param, true);

/** A request the endpoint refuses once it runs (400, saved under the idempotency key like any answer). */
export const refused = (message: string, code: string, param?: string): ApiError =>
  new ApiError(400, 'invalid_request_error', message, code, param);

/**
 * Unix seconds of a timestamp column. Typed `unknown` because the schema's Generated<Timestamp> columns select as
 * the ColumnType wrapper rather than string; at run time they are ISO strings (or Dates).
 */
export const unix = (value: unknown): number => {
  if (typeof value === 'string') return Math.floor(Date.parse(value) / 1000);
  if (value instanceof Date) return Math.floor(value.getTime() / 1000);
  return 0;
};

/** Stripe's list envelope, newest first, paged by limit / starting_after / ending_before. */
export function list<T extends { id: string; created: number }>(path: string, items: T[], params: Form): ListBody<T> {
  const limitRaw = str(params, 'limit');
  const limit = limitRaw === undefined ? 10 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw invalidParam('Invalid integer: limit must be between 1 and 100', 'parameter_invalid_integer', 'limit');
  }
  const sorted = [...items].sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
  let start = 0;
  let end = sorted.length;
  const after = str(params, 'starting_after');
  const before = str(params, 'ending_before');
  if (after !== undefined) {
    const i = sorted.findIndex((o) => o.id === after);
    if (i < 0) throw missing('object', after, 'starting_after');
    start = i + 1;
  }
  if (before !== undefined) {
    const i = sorted.findIndex((o) => o.id === before);
    if (i < 0) throw missing('object', before, 'ending_before');
    end = i;
    start = Math.max(0, end - limit);
  }
  const data = sorted.slice(start, Math.min(end, start + limit));
  const hasMore = before !== undefined ? start > 0 : start + limit < end;
  return { object: 'list', data, has_more: hasMore, url: path };
}
