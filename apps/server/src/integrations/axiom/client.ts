import { Axiom, AxiomWithoutBatching, type TabularQueryResult } from '@axiomhq/js';

/** A look-back window in APL's own duration syntax. */
export type AxiomWindow = `${number}${'m' | 'h' | 'd'}`;

export interface LogLine {
  time: string;
  level: string;
  message: string;
  service: string | null;
  operation: string | null;
  requestId: string | null;
  userId: string | null;
  route: string | null;
  bookingId: string | null;
  durationMs: number | null;
  status: number | null;
  /** Every field of the event, for a detail view. */
  fields: Record<string, unknown>;
}
export interface IngestRate {
  buckets: Array<{ t: string; count: number }>;
  total: number;
  perSecond: number;
}
export interface SlowOperation {
  operation: string;
  p95Ms: number;
  calls: number;
}

export interface LatencySlo {
  /** Requests that finished in the window (events carrying a status). */
  total: number;
  within: number;
  thresholdMs: number;
  /** within / total; null when nothing finished. */
  share: number | null;
}

/** A log search: a time range and exact-match filters (each optional). */
export interface LogSearch {
  start: Date;
  end: Date;
  level?: string;
  route?: string;
  operation?: string;
  status?: number;
  userId?: string;
  bookingId?: string;
  requestId?: string;
  /** Only requests and jobs slower than this, by their finishing line: those that missed a latency SLO of it. */
  minDurationMs?: number;
  limit: number;
}

export class AxiomError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'AxiomError';
  }
}

export interface AxiomClient {
  ingestRate(window: AxiomWindow, signal?: AbortSignal): Promise<IngestRate>;
  slowOperations(window: AxiomWindow, signal?: AbortSignal): Promise<SlowOperation[]>;
  logsForRequest(requestId: string, signal?: AbortSignal): Promise<LogLine[]>;
  logsForUser(userId: string, window: AxiomWindow, signal?: AbortSignal): Promise<LogLine[]>;
  /** Share of finished requests at or under `thresholdMs` over the window. */
  latencySlo(window: AxiomWindow, thresholdMs: number, signal?: AbortSignal): Promise<LatencySlo>;
  search(search: LogSearch, signal?: AbortSignal): Promise<LogLine[]>;
  /** Ships events now (not batched) and reports what Axiom accepted; failures throw. */
  ingest(events: Array<Record<string, unknown>>): Promise<{ ingested: number; failed: number }>;
}

const WINDOW = /^(\d+)([mhd])$/;
const windowMs = (w: AxiomWindow): number => {
  const m = WINDOW.exec(w);
  if (!m) throw new AxiomError(`invalid window ${w}`, null);
  return Number(m[1]) * (m[2] === 'm' ? 60_000 : m[2] === 'h' ? 3_600_000 : 86_400_000);
};
/** Ids go into APL as string literals; refusing odd characters keeps a search box from writing queries. */
const safeId = (value: string, what: string): string => {
  if (!/^[\w.:@-]{1,200}$/.test(value)) throw new AxiomError(`invalid ${what}`, null);
  return JSON.stringify(value);
};

/** Axiom's query limit headers, read into a sentence a person can act on. */
function rateLimited(headers: Headers): AxiomError {
  const limit = headers.get('x-querylimit-limit');
  const remaining = headers.get('x-querylimit-remaining');
  const reset = Number(headers.get('x-querylimit-reset'));
  const resetAt = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000).toISOString() : null;
  const quota = limit !== null ? ` (${remaining ?? '0'} of ${limit} queries left)` : '';
  return new AxiomError(`Axiom rate limit reached${quota}${resetAt ? `; resets at ${resetAt}` : ''}`, 429);
}

/** Routes are paths: the same literal rule as ids plus "/". */
const safeRoute = (value: string): string => {
  if (!/^\/[\w./:@-]{0,199}$/.test(value)) throw new AxiomError('invalid route', null);
  return JSON.stringify(value);
};

/**
 * The `service` of the console's own lines, which it ships into the same dataset. They are left out of the latency SLO,
 * its misses and the slowest operations: those describe the marketplace's services, and the console logs one in
 * REQUEST_LOG_SAMPLE of its fast requests but every slow one, which would bias any share or percentile taken over them.
 */
export const CONSOLE_SERVICE = 'ops-console';
const MARKETPLACE_LINES = `service != ${JSON.stringify(CONSOLE_SERVICE)}`;

/** Column-major tables into rows: `columns[i]` belongs to `fields[i]`. */
export function tableRows(result: Pick<TabularQueryResult, 'tables'>): Array<Record<string, unknown>> {
  const table = result.tables[0];
  if (!table?.columns || table.columns.length === 0) return [];
  const rows = table.columns[0]?.length ?? 0;
  return Array.from({ length: rows }, (_, r) =>
    Object.fromEntries(table.fields.map((f, c) => [f.name, table.columns?.[c]?.[r] ?? null])),
  );
}

const asString = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const asNumber = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && v !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : null;

function toLogLine(row: Record<string, unknown>): LogLine {
  return {
    time: asString(row._time) ?? '',
    level: asString(row.level) ?? 'info',
    message: asString(row.msg) ?? asString(row.message) ?? '',
    service: asString(row.service),
    operation: asString(row.operation),
    requestId: asString(row.request_id),
    userId: asString(row.user_id),
    route: asString(row.route),
    bookingId: asString(row.booking_id),
    durationMs: asNumber(row.duration_ms),
    status: asNumber(row.status),
    fields: row,
  };
}

function toAxiomError(error: unknown): AxiomError {
  if (error instanceof AxiomError) return error;
  if (error instanceof Error) {
    const status =
      'status' in error && typeof error.status === 'number' ? error.status : error.message === 'forbidden' ? 401 : null;
    const message = error.name === 'AbortError' || error.name === 'TimeoutError' ? 'Axiom did not answer in time' : error.message;
    return new AxiomError(message, status);
  }
  return new AxiomError(String(error), null);
}

export function createAxiomClient(options: {
  token: string;
  dataset: string;
  /** An Axiom edge or the stand-in; without one, the SDK's own endpoint. */
  url?: string | undefined;
  orgId?: string;
  timeoutMs: number;
}): AxiomClient {
  const ds = `['${options.dataset.replace(/'/g, "\\'")}']`;

  /**
   * A client per call so the caller's signal and our timeout reach the SDK's fetch (it takes no signal itself).
   * The SDK retries a 5xx after a pause of a second or more, which would outlast the source budget: the first 5xx
   * ends the call at once (`onServerError`) and aborts whatever the SDK tries next.
   */
  const clientFor = (
    signal: AbortSignal | undefined,
    onError: (e: Error) => void,
    onServerError: (e: AxiomError) => void = () => undefined,
  ) => {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const gaveUp = new AbortController();
    const cut = AbortSignal.any(signal ? [timeout, signal, gaveUp.signal] : [timeout, gaveUp.signal]);
    return {
      token: options.token,
      ...(options.url ? { url: options.url } : {}),
      ...(options.orgId ? { orgId: options.orgId } : {}),
      onError,
      fetch: async (input: string | URL | Request, init?: RequestInit) => {
        let response: Response;
        try {
          response = await fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, cut]) : cut });
        } catch (error) {
          // fetch-retry would retry a refused connection after its pause too: give up at once, naming the host.
          if (!cut.aborted) {
            const url = new URL(input instanceof Request ? input.url : String(input));
            const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
            const code =
              cause && 'code' in cause && typeof cause.code === 'string' ? cause.code : (cause?.message ?? 'network error');
            gaveUp.abort(new Error('gave up after a network error'));
            onServerError(new AxiomError(`cannot reach ${url.host} (${code})`, null));
          }
          throw error;
        }
        if (response.status === 429) {
          gaveUp.abort(new Error('gave up after a rate limit'));
          onServerError(rateLimited(response.headers));
        } else if (response.status >= 500) {
          const body = await response
            .clone()
            .text()
            .catch(() => '');
          const message = /"message"\s*:\s*"([^"]*)"/.exec(body)?.[1];
          gaveUp.abort(new Error('gave up after a server error'));
          onServerError(
            new AxiomError(`Axiom answered HTTP ${response.status}${message ? `: ${message}` : ''}`, response.status),
          );
        }
        return response;
      },
    };
  };

  async function query(
    apl: string,
    range: AxiomWindow | { start: Date; end: Date } | null,
    signal?: AbortSignal,
  ): Promise<Array<Record<string, unknown>>> {
    let failFast: (error: AxiomError) => void = () => undefined;
    const serverError = new Promise<never>((_, reject) => {
      failFast = reject;
    });
    const axiom = new Axiom(
      clientFor(
        signal,
        () => undefined,
        (e) => failFast(e),
      ),
    );
    const end = range === null ? null : typeof range === 'string' ? new Date() : range.end;
    const start =
      range === null || end === null ? null : typeof range === 'string' ? new Date(end.getTime() - windowMs(range)) : range.start;
    // format is explicit: 2.x defaults to tabular, 1.x to legacy, and the parser below reads tabular only.
    const sdk = axiom.query(apl, {
      format: 'tabular',
      ...(start && end ? { startTime: start.toISOString(), endTime: end.toISOString() } : {}),
    });
    // The losing side of the race settles later (an aborted retry); it must not surface as an unhandled rejection.
    sdk.catch(() => undefined);
    serverError.catch(() => undefined);
    let result: Awaited<typeof sdk>;
    try {
      result = await Promise.race([sdk, serverError]);
    } catch (error) {
      if (error instanceof SyntaxError) throw new AxiomError('unexpected answer from Axiom (not JSON)', null);
      // The SDK reads the answer's tables itself; a body of another shape fails there as a TypeError.
      if (error instanceof TypeError && error.message !== 'fetch failed')
        throw new AxiomError(`unexpected answer from Axiom (${error.message})`, null);
      throw toAxiomError(error);
    }
    // `tables` must be an array of column-major tables (VENDOR-APIS.md); anything else is not Axiom's answer.
    if (typeof result !== 'object' || result === null || !Array.isArray((result as { tables?: unknown }).tables))
      throw new AxiomError('unexpected answer from Axiom (no tables)', null);
    return tableRows(result);
  }

  const binFor = (w: AxiomWindow) => {
    const ms = windowMs(w);
    return ms <= 3_600_000 ? '1m' : ms <= 6 * 3_600_000 ? '5m' : ms <= 86_400_000 ? '15m' : '1h';
  };

  return {
    async ingestRate(window, signal) {
      windowMs(window);
      const rows = await query(
        `${ds} | where _time > ago(${window}) | summarize count() by bin(_time, ${binFor(window)})`,
        window,
        signal,
      );
      const buckets = rows
        .map((r) => ({ t: asString(r._time) ?? '', count: asNumber(r.count_) ?? 0 }))
        .sort((a, b) => a.t.localeCompare(b.t));
      const total = buckets.reduce((s, b) => s + b.count, 0);
      return { buckets, total, perSecond: total / (windowMs(window) / 1000) };
    },
    async slowOperations(window, signal) {
      windowMs(window);
      // Only the line that ends a request or job (finished or failed) carries a status: counting it alone makes one
      // call one call, and keeps the lines timing a part of it (a DB query) out of its p95, as latencySlo does.
      const rows = await query(
        `${ds} | where _time > ago(${window}) and ${MARKETPLACE_LINES} and isnotnull(status) and isnotnull(duration_ms) | summarize p95 = percentile(duration_ms, 95), calls = count() by operation | order by p95 desc | take 10`,
        window,
        signal,
      );
      return rows.map((r) => ({
        operation: asString(r.operation) ?? '(none)',
        p95Ms: asNumber(r.p95) ?? 0,
        calls: asNumber(r.calls) ?? 0,
      }));
    },
    async logsForRequest(requestId, signal) {
      const rows = await query(
        `${ds} | where request_id == ${safeId(requestId, 'request id')} | order by _time asc | take 200`,
        null,
        signal,
      );
      return rows.map(toLogLine);
    },
    async logsForUser(userId, window, signal) {
      windowMs(window);
      const rows = await query(
        `${ds} | where _time > ago(${window}) and user_id == ${safeId(userId, 'user id')} | order by _time desc | take 200`,
        window,
        signal,
      );
      return rows.map(toLogLine);
    },
    async latencySlo(window, thresholdMs, signal) {
      windowMs(window);
      if (!Number.isInteger(thresholdMs) || thresholdMs <= 0) throw new AxiomError('invalid latency threshold', null);
      const rows = await query(
        `${ds} | where _time > ago(${window}) and ${MARKETPLACE_LINES} and isnotnull(status) and isnotnull(duration_ms) | summarize total = count(), within = countif(duration_ms <= ${thresholdMs})`,
        window,
        signal,
      );
      const total = asNumber(rows[0]?.total) ?? 0;
      const within = asNumber(rows[0]?.within) ?? 0;
      return { total, within, thresholdMs, share: total > 0 ? within / total : null };
    },
    async search(search, signal) {
      const where: string[] = [];
      if (search.level !== undefined) where.push(`level == ${safeId(search.level, 'level')}`);
      if (search.route !== undefined) where.push(`route == ${safeRoute(search.route)}`);
      if (search.operation !== undefined) where.push(`operation == ${safeId(search.operation, 'operation')}`);
      if (search.status !== undefined) {
        if (!Number.isInteger(search.status) || search.status < 100 || search.status > 599)
          throw new AxiomError('invalid status', null);
        where.push(`status == ${search.status}`);
      }
      if (search.userId !== undefined) where.push(`user_id == ${safeId(search.userId, 'user id')}`);
      if (search.bookingId !== undefined) where.push(`booking_id == ${safeId(search.bookingId, 'booking id')}`);
      if (search.requestId !== undefined) where.push(`request_id == ${safeId(search.requestId, 'request id')}`);
      if (search.minDurationMs !== undefined) {
        if (!Number.isInteger(search.minDurationMs) || search.minDurationMs <= 0) throw new AxiomError('invalid duration', null);
        // The complement of latencySlo's `within` (duration_ms <= threshold) over the same lines: a request's
        // finishing line, the one with a status, not the lines timing a part of it.
        where.push(`${MARKETPLACE_LINES} and isnotnull(status) and duration_ms > ${search.minDurationMs}`);
      }
      const limit = Math.min(Math.max(1, Math.trunc(search.limit)), 1000);
      const rows = await query(
        `${ds}${where.length > 0 ? ` | where ${where.join(' and ')}` : ''} | order by _time desc | take ${limit}`,
        { start: search.start, end: search.end },
        signal,
      );
      return rows.map(toLogLine);
    },
    async ingest(events) {
      let failure: Error | null = null;
      // The SDK reports ingest failures to onError and resolves with zeros; keep the error and throw it.
      const axiom = new AxiomWithoutBatching(clientFor(undefined, (e) => (failure = e)));
      const status = await axiom.ingest(options.dataset, events);
      if (failure) throw toAxiomError(failure);
      return { ingested: status.ingested, failed: status.failed };
    },
  };
}
