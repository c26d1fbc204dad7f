import { z } from 'zod';
import { joinUrl, requestJson, TransportError } from '../fetch-json.js';

export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  /** false negates the matcher (`!=`, `!~`). Defaults to true. */
  isEqual?: boolean;
}
export interface AmAlert {
  fingerprint: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  state: 'active' | 'suppressed' | 'unprocessed';
  silencedBy: string[];
  inhibitedBy: string[];
  receivers: string[];
  generatorUrl: string | null;
}
export interface AmSilence {
  id: string;
  state: 'active' | 'pending' | 'expired';
  matchers: Array<Required<SilenceMatcher>>;
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

export class AlertmanagerError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'AlertmanagerError';
  }
}

export interface AlertmanagerClient {
  /** `filter` is label equality (`{alertname: 'HighErrorRate'}`); active/silenced default to Alertmanager's true. */
  listAlerts(
    options?: { active?: boolean; silenced?: boolean; inhibited?: boolean; filter?: Record<string, string> },
    signal?: AbortSignal,
  ): Promise<AmAlert[]>;
  listSilences(signal?: AbortSignal): Promise<AmSilence[]>;
  createSilence(input: {
    matchers: SilenceMatcher[];
    startsAt: Date;
    endsAt: Date;
    createdBy: string;
    comment: string;
  }): Promise<string>;
  expireSilence(id: string): Promise<void>;
  healthy(signal?: AbortSignal): Promise<boolean>;
}

const alertSchema = z.object({
  fingerprint: z.string(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.string(),
  endsAt: z.string(),
  receivers: z.array(z.object({ name: z.string() })).default([]),
  status: z.object({
    state: z.enum(['active', 'suppressed', 'unprocessed']),
    silencedBy: z.array(z.string()).nullish(),
    inhibitedBy: z.array(z.string()).nullish(),
  }),
  generatorURL: z.string().optional(),
});
const silenceSchema = z.object({
  id: z.string(),
  status: z.object({ state: z.enum(['active', 'pending', 'expired']) }),
  matchers: z.array(z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean().default(true) })),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
});

/** Alertmanager answers errors as a JSON string, a {code,message} object or plain text: show whichever came. */
function errorText(json: unknown, text: string, status: number): string {
  if (typeof json === 'string') return json;
  if (typeof json === 'object' && json !== null && 'message' in json && typeof json.message === 'string') return json.message;
  return text.trim() || `HTTP ${status}`;
}

export function createAlertmanagerClient(options: {
  url: string;
  timeoutMs: number;
  headers?: Record<string, string>;
}): AlertmanagerClient {
  async function call(method: string, path: string, body?: unknown, signal?: AbortSignal) {
    try {
      const response = await requestJson(joinUrl(options.url, path), {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: options.timeoutMs,
        signal,
      });
      if (response.status >= 400)
        throw new AlertmanagerError(errorText(response.json, response.text, response.status), response.status);
      return response;
    } catch (error) {
      if (error instanceof TransportError) throw new AlertmanagerError(error.message, null);
      throw error;
    }
  }

  return {
    async listAlerts(filter = {}, signal) {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(filter.filter ?? {}))
        params.append('filter', `${name}=${JSON.stringify(value)}`);
      for (const flag of ['active', 'silenced', 'inhibited'] as const) {
        const v = filter[flag];
        if (v !== undefined) params.set(flag, String(v));
      }
      const qs = params.toString();
      const response = await call('GET', `/api/v2/alerts${qs ? `?${qs}` : ''}`, undefined, signal);
      const parsed = z.array(alertSchema).safeParse(response.json);
      if (!parsed.success) throw new AlertmanagerError('unexpected alerts shape from Alertmanager', response.status);
      return parsed.data.map((a) => ({
        fingerprint: a.fingerprint,
        name: a.labels.alertname ?? '',
        labels: a.labels,
        annotations: a.annotations,
        startsAt: a.startsAt,
        endsAt: a.endsAt,
        state: a.status.state,
        silencedBy: a.status.silencedBy ?? [],
        inhibitedBy: a.status.inhibitedBy ?? [],
        receivers: a.receivers.map((r) => r.name),
        generatorUrl: a.generatorURL ?? null,
      }));
    },
    async listSilences(signal) {
      const response = await call('GET', '/api/v2/silences', undefined, signal);
      const parsed = z.array(silenceSchema).safeParse(response.json);
      if (!parsed.success) throw new AlertmanagerError('unexpected silences shape from Alertmanager', response.status);
      return parsed.data.map((s) => ({
        id: s.id,
        state: s.status.state,
        matchers: s.matchers,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        createdBy: s.createdBy,
        comment: s.comment,
      }));
    },
    async createSilence(input) {
      const response = await call('POST', '/api/v2/silences', {
        matchers: input.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual ?? true })),
        startsAt: input.startsAt.toISOString(),
        endsAt: input.endsAt.toISOString(),
        createdBy: input.createdBy,
        comment: input.comment,
      });
      const parsed = z.object({ silenceID: z.string() }).safeParse(response.json);
      if (!parsed.success) throw new AlertmanagerError('Alertmanager did not return a silence id', response.status);
      return parsed.data.silenceID;
    },
    async expireSilence(id) {
      await call('DELETE', `/api/v2/silence/${encodeURIComponent(id)}`);
    },
    async healthy(signal) {
      try {
        return (
          (
            await requestJson(joinUrl(options.url, '/-/healthy'), {
              timeoutMs: options.timeoutMs,
              signal,
              headers: options.headers ?? {},
            })
          ).status === 200
        );
      } catch {
        return false;
      }
    },
  };
}
