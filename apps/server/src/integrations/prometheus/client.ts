import { z } from 'zod';
import { joinUrl, requestJson, TransportError } from '../fetch-json.js';

/** One sample: unix seconds and the value (Prometheus sends values as strings so NaN and ±Inf survive). */
export interface PromSample {
  t: number;
  value: number;
}
export type PromLabels = Record<string, string>;
export type PromResult =
  | { type: 'vector'; series: Array<{ metric: PromLabels; sample: PromSample }> }
  | { type: 'matrix'; series: Array<{ metric: PromLabels; samples: PromSample[] }> }
  | { type: 'scalar'; sample: PromSample }
  | { type: 'string'; t: number; value: string };
export interface PromQueryResult {
  result: PromResult;
  warnings: string[];
}
export interface PromAlert {
  name: string;
  state: 'firing' | 'pending' | 'inactive';
  labels: PromLabels;
  annotations: PromLabels;
  activeAt: string | null;
  value: number;
}

/** Prometheus refused or failed a query; `errorType` is its own (bad_data, execution, timeout, …). */
export class PrometheusError extends Error {
  constructor(
    message: string,
    readonly errorType: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'PrometheusError';
  }
}

export interface PrometheusClient {
  query(promql: string, time?: Date, signal?: AbortSignal): Promise<PromQueryResult>;
  queryRange(
    promql: string,
    range: { start: Date; end: Date; stepSeconds: number },
    signal?: AbortSignal,
  ): Promise<PromQueryResult>;
  alerts(signal?: AbortSignal): Promise<PromAlert[]>;
  healthy(signal?: AbortSignal): Promise<boolean>;
}

const sampleTuple = z.tuple([z.number(), z.string()]);
const labels = z.record(z.string(), z.string());
const envelope = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});
const dataSchema = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: labels, value: sampleTuple })) }),
  z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: labels, values: z.array(sampleTuple) })) }),
  z.object({ resultType: z.literal('scalar'), result: sampleTuple }),
  z.object({ resultType: z.literal('string'), result: sampleTuple }),
]);
const alertsSchema = z.object({
  alerts: z.array(
    z.object({
      labels,
      annotations: labels.optional(),
      state: z.enum(['firing', 'pending', 'inactive']),
      activeAt: z.string().optional(),
      value: z.string().optional(),
    }),
  ),
});

/** Prometheus's float text: Go's strconv plus the spellings of the special values. */
export function parsePromValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return Number.NaN;
  return Number(text);
}
const sample = ([t, v]: [number, string]): PromSample => ({ t, value: parsePromValue(v) });

export function createPrometheusClient(options: {
  url: string;
  timeoutMs: number;
  headers?: Record<string, string>;
}): PrometheusClient {
  async function call(
    path: string,
    params: URLSearchParams,
    signal?: AbortSignal,
  ): Promise<{ data: unknown; warnings: string[] }> {
    // POST keeps long PromQL out of URLs and proxy logs; Prometheus accepts both.
    let response;
    try {
      response = await requestJson(joinUrl(options.url, path), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
        body: params.toString(),
        timeoutMs: options.timeoutMs,
        signal,
      });
    } catch (error) {
      if (error instanceof TransportError) throw new PrometheusError(error.message, error.kind, null);
      throw error;
    }
    const parsed = envelope.safeParse(response.json);
    if (!parsed.success)
      throw new PrometheusError(`unexpected answer from Prometheus (HTTP ${response.status})`, 'bad_response', response.status);
    if (parsed.data.status === 'error') {
      throw new PrometheusError(parsed.data.error ?? 'query failed', parsed.data.errorType ?? 'unknown', response.status);
    }
    return { data: parsed.data.data, warnings: parsed.data.warnings ?? [] };
  }

  async function run(path: string, params: URLSearchParams, signal?: AbortSignal): Promise<PromQueryResult> {
    const { data, warnings } = await call(path, params, signal);
    const parsed = dataSchema.safeParse(data);
    if (!parsed.success) throw new PrometheusError('unexpected result shape from Prometheus', 'bad_response', 200);
    const d = parsed.data;
    const result: PromResult =
      d.resultType === 'vector'
        ? { type: 'vector', series: d.result.map((r) => ({ metric: r.metric, sample: sample(r.value) })) }
        : d.resultType === 'matrix'
          ? { type: 'matrix', series: d.result.map((r) => ({ metric: r.metric, samples: r.values.map(sample) })) }
          : d.resultType === 'scalar'
            ? { type: 'scalar', sample: sample(d.result) }
            : { type: 'string', t: d.result[0], value: d.result[1] };
    return { result, warnings };
  }

  const unixSeconds = (d: Date) => (d.getTime() / 1000).toFixed(3);

  return {
    query(promql, time, signal) {
      const params = new URLSearchParams({ query: promql });
      if (time) params.set('time', unixSeconds(time));
      return run('/api/v1/query', params, signal);
    },
    queryRange(promql, range, signal) {
      const params = new URLSearchParams({
        query: promql,
        start: unixSeconds(range.start),
        end: unixSeconds(range.end),
        step: String(range.stepSeconds),
      });
      return run('/api/v1/query_range', params, signal);
    },
    async alerts(signal) {
      let response;
      try {
        response = await requestJson(joinUrl(options.url, '/api/v1/alerts'), {
          timeoutMs: options.timeoutMs,
          signal,
          headers: options.headers ?? {},
        });
      } catch (error) {
        if (error instanceof TransportError) throw new PrometheusError(error.message, error.kind, null);
        throw error;
      }
      const parsed = envelope.safeParse(response.json);
      if (!parsed.success || parsed.data.status === 'error') {
        throw new PrometheusError(
          parsed.success ? (parsed.data.error ?? 'alerts failed') : `unexpected answer (HTTP ${response.status})`,
          'bad_response',
          response.status,
        );
      }
      const data = alertsSchema.safeParse(parsed.data.data);
      if (!data.success) throw new PrometheusError('unexpected alerts shape from Prometheus', 'bad_response', response.status);
      return data.data.alerts.map((a) => ({
        name: a.labels.alertname ?? '',
        state: a.state,
        labels: a.labels,
        annotations: a.annotations ?? {},
        activeAt: a.activeAt ?? null,
        value: a.value === undefined ? Number.NaN : parsePromValue(a.value),
      }));
    },
    async healthy(signal) {
      try {
        const response = await requestJson(joinUrl(options.url, '/-/healthy'), {
          timeoutMs: options.timeoutMs,
          signal,
          headers: options.headers ?? {},
        });
        return response.status === 200;
      } catch {
        return false;
      }
    },
  };
}
