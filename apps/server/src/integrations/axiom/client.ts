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
  url?: string;
  orgId?: string;
  timeoutMs: number;
}): AxiomClient {
  const ds = `['${options.dataset.replace(/'/g, "\\'")}']`;

  /** A client per call so the caller's signal and our timeout reach the SDK's fetch (it takes no signal itself). */
  const clientFor = (signal: AbortSignal | undefined, onError: (e: Error) => void) => {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const cut = signal ? AbortSignal.any([timeout, signal]) : timeout;
    return {
      token: options.token,
      ...(options.url ? { url: options.url } : {}),
      ...(options.orgId ? { orgId: options.orgId } : {}),
      onError,
      fetch: (input: string | URL | Request, init?: RequestInit) =>
        fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, cut]) : cut }),
    };
  };

  async function query(apl: string, window: AxiomWindow | null, signal?: AbortSignal): Promise<Array<Record<string, unknown>>> {
    const axiom = new Axiom(clientFor(signal, () => undefined));
    const end = new Date();
    try {
      // format is explicit: 2.x defaults to tabular, 1.x to legacy, and the parser below reads tabular only.
      const result = await axiom.query(apl, {
        format: 'tabular',
        ...(window ? { startTime: new Date(end.getTime() - windowMs(window)).toISOString(), endTime: end.toISOString() } : {}),
      });
      return tableRows(result);
    } catch (error) {
      throw toAxiomError(error);
    }
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
      const rows = await query(
        `${ds} | where _time > ago(${window}) and isnotnull(duration_ms) | summarize p95 = percentile(duration_ms, 95), calls = count() by operation | order by p95 desc | take 10`,
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
