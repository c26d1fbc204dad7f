import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { Db } from '@ops/db';
import { bearerToken, hexId, listen, readBody, sendJson, type ListeningServer } from '../http-kit.js';
import { findPlantedRequest, SAMPLE_INCIDENT, sampleRequests, type PlantedRequest } from '../sample-story.js';

/**
 * An Axiom stand-in: the APL query endpoint (tabular and legacy formats) over a deterministic day of the
 * console's logs, and the ingest endpoint (gzip NDJSON) whose events become queryable. It recognises the few APL
 * shapes our client sends (filters on fields, a time window, count by time bin, p95 by operation) rather than
 * implementing APL.
 */
export interface AxiomStandin extends ListeningServer {
  token: string;
  dataset: string;
  ingestedEvents(): number;
  /** Content-Encoding of the last ingest request ('' when none). */
  lastIngestEncoding(): string;
}

type Row = Record<string, unknown>;

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** APL's number comparisons; a missing or non-numeric value compares as null, which no row with it passes. */
const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '==': (a, b) => a === b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

/** `text` cut at each match of `separator` (anchored with ^) outside double-quoted string literals. */
function splitUnquoted(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\') i += 1;
    else if (c === '"') quoted = !quoted;
    else if (!quoted) {
      const m = separator.exec(text.slice(i));
      if (m) {
        parts.push(text.slice(start, i).trim());
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** One predicate of a `where` as a row test, or null for a shape the stand-in does not read. */
function predicate(text: string, now: number): ((r: Row) => boolean) | null {
  const ago = /^_time\s*>\s*ago\((\d+)([smhd])\)$/.exec(text);
  if (ago) {
    const since = new Date(now - Number(ago[1]) * (UNIT_MS[ago[2] ?? 'h'] ?? 3_600_000)).toISOString();
    return (r) => String(r._time) > since;
  }
  const equalsText = /^(\w+)\s*(==|!=)\s*("(?:[^"\\]|\\.)*")$/.exec(text);
  if (equalsText) {
    const [, field = '', op, literal = '""'] = equalsText;
    const value: unknown = JSON.parse(literal);
    // APL reads a missing string as "": it is not equal to any other literal.
    return op === '==' ? (r) => r[field] === value : (r) => r[field] !== value;
  }
  const compare = /^(\w+)\s*(==|>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)$/.exec(text);
  const op = compare ? COMPARE[compare[2] ?? ''] : undefined;
  if (compare && op) {
    const [, field = '', , literal = '0'] = compare;
    const bound = Number(literal);
    return (r) => {
      const v = r[field];
      return typeof v === 'number' && Number.isFinite(v) && op(v, bound);
    };
  }
  const notNull = /^isnotnull\((\w+)\)$/.exec(text);
  if (notNull) {
    const field = notNull[1] ?? '';
    return (r) => r[field] !== undefined && r[field] !== null;
  }
  return null;
}

/**
 * The rows every `where` stage of a query keeps: each a conjunction (`and`) of the predicates our client writes. Only
 * `where` stages filter (`countif(duration_ms <= 500)` in a summarize counts, it keeps every row). A predicate of
 * another shape is refused with a 400 naming it rather than ignored: a filter the stand-in cannot evaluate must not
 * answer with every row.
 */
function applyWhere(rows: Row[], apl: string, now: number): Row[] | string {
  let kept = rows;
  for (const stage of splitUnquoted(apl, /^\|/)) {
    const where = /^where\s+([\s\S]+)$/.exec(stage);
    if (!where) continue;
    for (const text of splitUnquoted(where[1] ?? '', /^\s+and\s+/)) {
      const test = predicate(text, now);
      if (!test) return `the stand-in does not support the predicate: ${text}`;
      kept = kept.filter(test);
    }
  }
  return kept;
}

/** Operations about one person (and, for these, one of their bookings); the rest are staff-wide reports and jobs. */
const PERSON_OPERATIONS = new Set(['bookings.byId', SAMPLE_INCIDENT.operation]);

function generateLogs(
  startedAt: number,
  userIds: string[],
  bookingsOf: Map<string, string[]>,
  planted: PlantedRequest | null,
): Row[] {
  const rows: Row[] = [];
  // The sample day's requests (shared with the Sentry stand-in's events), each logging start, a query and the end.
  for (const r of sampleRequests(startedAt)) {
    const h = r.hash;
    // Only a request about a person carries their id, with the booking it was about: the console's trail
    // correlates by these ids, so an analytics request never shows up on a student's page.
    const userId =
      userIds.length > 0 && PERSON_OPERATIONS.has(r.operation) && h % 3 === 0
        ? (userIds[(h >>> 4) % userIds.length] ?? null)
        : null;
    const theirs = userId ? (bookingsOf.get(userId) ?? []) : [];
    const bookingId = theirs.length > 0 ? (theirs[(h >>> 8) % theirs.length] ?? null) : null;
    const base = {
      service: r.service,
      operation: r.operation,
      route: r.route,
      request_id: r.requestId,
      user_id: userId,
      booking_id: bookingId,
    };
    const half = Math.round(r.durationMs / 2);
    rows.push({ _time: new Date(r.startMs).toISOString(), level: 'info', msg: 'request started', ...base });
    rows.push({ _time: new Date(r.startMs + half).toISOString(), level: 'debug', msg: 'db query', ...base, duration_ms: half });
    rows.push({
      _time: new Date(r.startMs + r.durationMs).toISOString(),
      level: r.failed ? 'error' : 'info',
      msg: r.message,
      ...base,
      duration_ms: r.durationMs,
      status: r.status,
    });
  }
  if (planted) {
    // The planted story: an audited action whose Stripe follow-up failed (the same request id is on a Sentry event).
    const t0 = Date.parse(planted.at);
    const base = {
      service: 'api',
      operation: `${planted.action}.execute`,
      route: `/trpc/${planted.action}.execute`,
      request_id: planted.requestId,
      user_id: null,
      booking_id: planted.bookingId,
    };
    rows.push(
      { _time: new Date(t0 - 240).toISOString(), level: 'info', msg: 'request started', ...base },
      { _time: new Date(t0 - 5).toISOString(), level: 'info', msg: 'audit row written', ...base, duration_ms: 235 },
      {
        _time: new Date(t0 + 8_000).toISOString(),
        level: 'error',
        msg: 'stripe follow-up failed: Request aborted due to timeout being reached (8000ms)',
        ...base,
        duration_ms: 8_240,
        status: 502,
      },
    );
  }
  return rows;
}

export async function startAxiomStandin(
  options: { db?: Db; token?: string; dataset?: string; port?: number } = {},
): Promise<AxiomStandin> {
  const token = options.token ?? 'xaat-sample-token';
  const dataset = options.dataset ?? 'ops-console';
  const startedAt = Date.now();
  let ingested = 0;
  let lastEncoding = '';

  const userIds: string[] = [];
  if (options.db) {
    const sarah = await options.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'sarah.chen@example.com')
      .executeTakeFirst();
    if (sarah) userIds.push(sarah.id);
    const others = await options.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'student')
      .orderBy('created_at')
      .orderBy('id')
      .limit(20)
      .execute();
    userIds.push(...others.map((u) => u.id).filter((id) => id !== sarah?.id));
  }
  const bookingsOf = new Map<string, string[]>();
  if (options.db && userIds.length > 0) {
    const rows = await options.db
      .selectFrom('bookings')
      .select(['student_id', 'id'])
      .where('student_id', 'in', userIds)
      .where('created_at', '<=', new Date(startedAt).toISOString())
      .orderBy('created_at', 'desc')
      .execute();
    for (const r of rows) bookingsOf.set(r.student_id, [...(bookingsOf.get(r.student_id) ?? []), r.id]);
  }
  const planted = options.db ? await findPlantedRequest(options.db) : null;
  const rows = generateLogs(startedAt, userIds, bookingsOf, planted);

  function run(
    apl: string,
    startTime: string | undefined,
    endTime: string | undefined,
  ): { kind: 'rows' | 'summary'; fields: Array<{ name: string; type: string }>; rows: Row[] } | string {
    const source = /^\s*\['([^']+)'\]/.exec(apl);
    if (!source) return 'query must start with a dataset reference';
    if (source[1] !== dataset) return `dataset "${source[1] ?? ''}" not found`;
    let selected = rows.filter((r) => {
      const t = String(r._time);
      return (!startTime || t >= new Date(startTime).toISOString()) && (!endTime || t <= new Date(endTime).toISOString());
    });
    const kept = applyWhere(selected, apl, Date.now());
    if (typeof kept === 'string') return kept;
    selected = kept;

    const bin = /summarize\s+count\(\)\s+by\s+bin\(_time,\s*(\d+)([smh])\)/.exec(apl);
    if (bin) {
      const size = Number(bin[1]) * ({ s: 1_000, m: 60_000, h: 3_600_000 }[bin[2] ?? 'm'] ?? 60_000);
      const counts = new Map<number, number>();
      for (const r of selected) {
        const b = Math.floor(Date.parse(String(r._time)) / size) * size;
        counts.set(b, (counts.get(b) ?? 0) + 1);
      }
      const out = [...counts].sort((a, b) => a[0] - b[0]).map(([t, n]) => ({ _time: new Date(t).toISOString(), count_: n }));
      return {
        kind: 'summary',
        fields: [
          { name: '_time', type: 'datetime' },
          { name: 'count_', type: 'integer' },
        ],
        rows: out,
      };
    }
    const slo = /summarize\s+(\w+)\s*=\s*count\(\),\s*(\w+)\s*=\s*countif\((\w+)\s*<=\s*(\d+)\)\s*$/.exec(apl.trim());
    if (slo) {
      const [, totalName = 'total', withinName = 'within', field = 'duration_ms', limit = '0'] = slo;
      const within = selected.filter((r) => Number(r[field]) <= Number(limit)).length;
      return {
        kind: 'summary',
        fields: [
          { name: totalName, type: 'integer' },
          { name: withinName, type: 'integer' },
        ],
        rows: [{ [totalName]: selected.length, [withinName]: within }],
      };
    }
    const pct = /summarize\s+(\w+)\s*=\s*percentile\((\w+),\s*(\d+)\),\s*(\w+)\s*=\s*count\(\)\s+by\s+(\w+)/.exec(apl);
    if (pct) {
      const [, pName = 'p', field = 'duration_ms', q = '95', cName = 'count', by = 'operation'] = pct;
      const groups = new Map<string, number[]>();
      for (const r of selected) {
        const group = r[by];
        const key = typeof group === 'string' || typeof group === 'number' ? String(group) : '';
        const v = Number(r[field]);
        if (Number.isFinite(v)) groups.set(key, [...(groups.get(key) ?? []), v]);
      }
      let out: Row[] = [...groups].map(([key, values]) => {
        const sorted = [...values].sort((a, b) => a - b);
        const idx = Math.min(sorted.length - 1, Math.ceil((Number(q) / 100) * sorted.length) - 1);
        return { [by]: key, [pName]: sorted[Math.max(0, idx)] ?? 0, [cName]: values.length };
      });
      const order = /order by (\w+) (asc|desc)/.exec(apl);
      if (order) out.sort((a, b) => (Number(a[order[1] ?? '']) - Number(b[order[1] ?? ''])) * (order[2] === 'desc' ? -1 : 1));
      const take = /take (\d+)/.exec(apl);
      if (take) out = out.slice(0, Number(take[1]));
      return {
        kind: 'summary',
        fields: [
          { name: by, type: 'string' },
          { name: pName, type: 'float' },
          { name: cName, type: 'integer' },
        ],
        rows: out,
      };
    }
    if (/\bsummarize\b|\bjoin\b|\bextend\b/.test(apl)) return 'the stand-in does not support this query shape';
    const order = /order by _time (asc|desc)/.exec(apl);
    selected.sort((a, b) => String(a._time).localeCompare(String(b._time)) * (order?.[1] === 'asc' ? 1 : -1));
    const take = /take (\d+)/.exec(apl);
    selected = selected.slice(0, take ? Number(take[1]) : 1000);
    const names = new Set<string>(['_time']);
    for (const r of selected) for (const k of Object.keys(r)) names.add(k);
    const fields = [...names].map((name) => ({ name, type: name === '_time' ? 'datetime' : 'string' }));
    return { kind: 'rows', fields, rows: selected };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (bearerToken(req) !== token) return sendJson(res, 401, { code: 401, message: 'invalid token' });
    const body = await readBody(req);
    if (req.method === 'POST' && url.pathname === '/v1/datasets/_apl') {
      let input: { apl?: unknown; startTime?: unknown; endTime?: unknown };
      try {
        input = JSON.parse(body.toString('utf8')) as typeof input;
      } catch {
        return sendJson(res, 400, { code: 400, message: 'invalid JSON body' });
      }
      if (typeof input.apl !== 'string') return sendJson(res, 400, { code: 400, message: 'apl is required' });
      const started = performance.now();
      const result = run(
        input.apl,
        typeof input.startTime === 'string' ? input.startTime : undefined,
        typeof input.endTime === 'string' ? input.endTime : undefined,
      );
      if (typeof result === 'string') return sendJson(res, 400, { code: 400, message: result });
      const status = {
        elapsedTime: Math.round((performance.now() - started) * 1000),
        blocksExamined: 1,
        rowsExamined: rows.length,
        rowsMatched: result.rows.length,
        numGroups: 0,
        isPartial: false,
        minBlockTime: new Date(startedAt - 86_400_000).toISOString(),
        maxBlockTime: new Date().toISOString(),
      };
      const format = url.searchParams.get('format') ?? 'legacy';
      if (format === 'tabular') {
        const columns = result.fields.map((f) => result.rows.map((r) => r[f.name] ?? null));
        return sendJson(res, 200, {
          format: 'tabular',
          status,
          // `columns` is always one array per field, never [] (the SDK indexes columns[0]).
          tables: [{ name: '0', sources: [{ name: dataset }], fields: result.fields, order: [], groups: [], columns }],
          datasetNames: [dataset],
          fieldsMetaMap: { [dataset]: [] },
        });
      }
      if (result.kind === 'summary') {
        const [groupField, ...aggs] = result.fields;
        return sendJson(res, 200, {
          request: { apl: input.apl },
          status,
          matches: [],
          buckets: {
            series: [],
            totals: result.rows.map((r) => ({
              group: groupField ? { [groupField.name]: r[groupField.name] } : {},
              aggregations: aggs.map((a) => ({ op: a.name, value: r[a.name] })),
            })),
          },
          datasetNames: [dataset],
        });
      }
      return sendJson(res, 200, {
        request: { apl: input.apl },
        status,
        matches: result.rows.map(({ _time, ...data }) => ({ _time, _sysTime: _time, _rowId: hexId(String(_time), 12), data })),
        buckets: { series: [], totals: [] },
        datasetNames: [dataset],
      });
    }
    const ingest = /^\/v1\/datasets\/([^/]+)\/ingest$/.exec(url.pathname);
    if (req.method === 'POST' && ingest) {
      if (decodeURIComponent(ingest[1] ?? '') !== dataset) return sendJson(res, 404, { code: 404, message: 'dataset not found' });
      lastEncoding = String(req.headers['content-encoding'] ?? '');
      let text: string;
      try {
        text = (lastEncoding === 'gzip' ? gunzipSync(body) : body).toString('utf8');
      } catch {
        return sendJson(res, 400, { code: 400, message: 'invalid gzip body' });
      }
      const type = String(req.headers['content-type'] ?? '');
      const lines = type.includes('ndjson') ? text.split('\n').filter((l) => l.trim() !== '') : [text];
      const failures: Array<{ timestamp: string; error: string }> = [];
      let count = 0;
      for (const line of lines) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          failures.push({ timestamp: new Date().toISOString(), error: 'invalid JSON' });
          continue;
        }
        for (const event of Array.isArray(parsed) ? parsed : [parsed]) {
          if (typeof event !== 'object' || event === null) {
            failures.push({ timestamp: new Date().toISOString(), error: 'event must be an object' });
            continue;
          }
          const e = event as Row;
          rows.push({ ...e, _time: typeof e._time === 'string' ? e._time : new Date().toISOString() });
          count += 1;
        }
      }
      ingested += count;
      return sendJson(res, 200, {
        ingested: count,
        failed: failures.length,
        failures,
        processedBytes: body.length,
        blocksCreated: 0,
        walLength: count,
      });
    }
    return sendJson(res, 404, { code: 404, message: `no route for ${req.method ?? ''} ${url.pathname}` });
  }

  const server = await listen(handle, options.port);
  return { ...server, token, dataset, ingestedEvents: () => ingested, lastIngestEncoding: () => lastEncoding };
}
