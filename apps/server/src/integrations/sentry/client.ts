import { z } from 'zod';
import { joinUrl, requestJson, TransportError } from '../fetch-json.js';

export type SentryIssueSort = 'freq' | 'user' | 'new' | 'date';
export interface SentryIssue {
  id: string;
  shortId: string;
  title: string;
  culprit: string;
  level: string;
  status: string;
  count: number;
  userCount: number;
  /** Sentry sends null for an issue whose first/last event it has not aggregated yet. */
  firstSeen: string | null;
  lastSeen: string | null;
  permalink: string;
  project: { slug: string; name: string };
  /** Event counts per bucket for the period asked for, oldest first (empty on issue detail without stats). */
  stats: Array<{ t: number; count: number }>;
}
export interface SentryFrame {
  filename: string | null;
  function: string | null;
  lineNo: number | null;
  colNo: number | null;
  inApp: boolean;
  context: Array<[number, string]>;
}
export interface SentryException {
  type: string;
  value: string | null;
  /** Innermost frame first (Sentry sends them outermost first). */
  frames: SentryFrame[];
}
export interface SentryEvent {
  eventId: string;
  issueId: string;
  title: string;
  message: string;
  platform: string | null;
  /** Absent on some events (Sentry omits it); null then. */
  dateCreated: string | null;
  tags: Record<string, string>;
  user: { id: string | null; email: string | null } | null;
  exceptions: SentryException[];
  request: { method: string | null; url: string | null } | null;
}

export class SentryError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'SentryError';
  }
}

export interface SentryClient {
  topIssues(
    options: { sort: SentryIssueSort; statsPeriod: string; limit: number; query?: string; pageSize?: number },
    signal?: AbortSignal,
  ): Promise<SentryIssue[]>;
  issue(id: string, signal?: AbortSignal): Promise<SentryIssue>;
  latestEvent(issueId: string, signal?: AbortSignal): Promise<SentryEvent>;
  eventById(eventId: string, signal?: AbortSignal): Promise<SentryEvent & { projectSlug: string }>;
  issuesForUser(userId: string, options: { statsPeriod: string; limit?: number }, signal?: AbortSignal): Promise<SentryIssue[]>;
  /** Issues with an event tagged `key:value` (our events carry booking_id and payment_intent tags). */
  issuesForTag(
    key: 'booking_id' | 'payment_intent',
    value: string,
    options: { statsPeriod: string; limit?: number },
    signal?: AbortSignal,
  ): Promise<SentryIssue[]>;
  /** Events tagged with our request id (Discover's events table), newest first. */
  eventsForRequest(
    requestId: string,
    options: { statsPeriod: string; limit?: number },
    signal?: AbortSignal,
  ): Promise<SentryEventRef[]>;
}

export interface SentryEventRef {
  eventId: string;
  issueId: string | null;
  title: string;
  timestamp: string | null;
  project: string | null;
}

const discoverSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      'issue.id': z.union([z.string(), z.number()]).nullish(),
      title: z.string().nullish(),
      timestamp: z.string().nullish(),
      project: z.string().nullish(),
    }),
  ),
});

const issueSchema = z.object({
  id: z.string(),
  shortId: z.string(),
  title: z.string(),
  culprit: z
    .string()
    .nullish()
    .transform((c) => c ?? ''),
  level: z.string(),
  status: z.string(),
  // Sentry sends the event count as a string.
  count: z.union([z.string(), z.number()]).transform(Number),
  userCount: z.number(),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  permalink: z.string(),
  project: z.object({ slug: z.string(), name: z.string() }),
  stats: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))).optional(),
});
const frameSchema = z.object({
  filename: z.string().nullish(),
  function: z.string().nullish(),
  lineNo: z.number().nullish(),
  colNo: z.number().nullish(),
  inApp: z.boolean().nullish(),
  context: z.array(z.tuple([z.number(), z.string()])).nullish(),
});
const entrySchema = z.object({ type: z.string(), data: z.unknown() });
const exceptionData = z.object({
  values: z
    .array(
      z.object({
        type: z.string().nullish(),
        value: z.string().nullish(),
        stacktrace: z.object({ frames: z.array(frameSchema).nullish() }).nullish(),
      }),
    )
    .nullish(),
});
const requestData = z.object({ method: z.string().nullish(), url: z.string().nullish() });
const eventSchema = z.object({
  eventID: z.string(),
  groupID: z.string().nullish(),
  title: z.string(),
  message: z.string().nullish(),
  platform: z.string().nullish(),
  dateCreated: z.string().nullish(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })).default([]),
  user: z.object({ id: z.string().nullish(), email: z.string().nullish() }).nullish(),
  entries: z.array(entrySchema).default([]),
});

/** An issue as the schema parsed it, its stats narrowed to the period asked for (or the only one Sentry sent). */
function mapIssue({ stats, ...issue }: z.output<typeof issueSchema>, period: string | null): SentryIssue {
  const buckets = (period ? stats?.[period] : undefined) ?? Object.values(stats ?? {})[0] ?? [];
  return { ...issue, stats: buckets.map(([t, count]) => ({ t, count })) };
}

function mapEvent(raw: z.infer<typeof eventSchema>): SentryEvent {
  const exceptions: SentryException[] = [];
  let request: SentryEvent['request'] = null;
  for (const entry of raw.entries) {
    if (entry.type === 'exception') {
      const data = exceptionData.safeParse(entry.data);
      for (const v of (data.success ? data.data.values : null) ?? []) {
        exceptions.push({
          type: v.type ?? 'Error',
          value: v.value ?? null,
          frames: (v.stacktrace?.frames ?? [])
            .map((f) => ({
              filename: f.filename ?? null,
              function: f.function ?? null,
              lineNo: f.lineNo ?? null,
              colNo: f.colNo ?? null,
              inApp: f.inApp ?? false,
              context: f.context ?? [],
            }))
            .reverse(),
        });
      }
    }
    if (entry.type === 'request') {
      const data = requestData.safeParse(entry.data);
      if (data.success) request = { method: data.data.method ?? null, url: data.data.url ?? null };
    }
  }
  return {
    eventId: raw.eventID,
    issueId: raw.groupID ?? '',
    title: raw.title,
    message: raw.message ?? '',
    platform: raw.platform ?? null,
    dateCreated: raw.dateCreated ?? null,
    tags: Object.fromEntries(raw.tags.map((t) => [t.key, t.value])),
    user: raw.user ? { id: raw.user.id ?? null, email: raw.user.email ?? null } : null,
    exceptions,
    request,
  };
}

/** `<url>; rel="next"; results="true"; cursor="0:100:0"` entries of Sentry's Link header. */
export function parseLinkHeader(header: string | null): Record<string, { results: boolean; cursor: string }> {
  const out: Record<string, { results: boolean; cursor: string }> = {};
  for (const m of (header ?? '').matchAll(/<[^>]*>\s*;\s*rel="(\w+)"\s*;\s*results="(true|false)"\s*;\s*cursor="([^"]*)"/g)) {
    out[m[1] ?? ''] = { results: m[2] === 'true', cursor: m[3] ?? '' };
  }
  return out;
}

/** `url` is a self-hosted Sentry (or the stand-in); without one, sentry.io. */
export function createSentryClient(options: {
  url?: string | undefined;
  org: string;
  token: string;
  timeoutMs: number;
}): SentryClient {
  const base = options.url ?? 'https://sentry.io';
  const org = encodeURIComponent(options.org);

  async function get(path: string, params: URLSearchParams | null, signal?: AbortSignal) {
    // Every Sentry API path ends in "/"; without it Django answers with a redirect.
    const withSlash = path.endsWith('/') ? path : `${path}/`;
    const qs = params && [...params].length > 0 ? `?${params.toString()}` : '';
    try {
      const response = await requestJson(joinUrl(base, withSlash) + qs, {
        headers: { authorization: `Bearer ${options.token}` },
        timeoutMs: options.timeoutMs,
        signal,
      });
      if (response.status >= 400) {
        const detail =
          typeof response.json === 'object' && response.json !== null && 'detail' in response.json
            ? String(response.json.detail)
            : response.text.trim();
        throw new SentryError(detail || `Sentry answered HTTP ${response.status}`, response.status);
      }
      return response;
    } catch (error) {
      if (error instanceof TransportError) throw new SentryError(error.message, null);
      throw error;
    }
  }

  async function listIssues(
    opts: { sort: SentryIssueSort; statsPeriod: string; limit: number; query: string; pageSize?: number },
    signal?: AbortSignal,
  ): Promise<SentryIssue[]> {
    const out: SentryIssue[] = [];
    const pageSize = Math.min(opts.pageSize ?? opts.limit, 100);
    let cursor: string | null = null;
    // Follow the next cursor while Sentry says results="true"; the page cap guards against a server that never stops.
    for (let page = 0; page < 50 && out.length < opts.limit; page++) {
      const params = new URLSearchParams({
        query: opts.query,
        sort: opts.sort,
        statsPeriod: opts.statsPeriod,
        limit: String(pageSize),
      });
      if (cursor) params.set('cursor', cursor);
      const response = await get(`/api/0/organizations/${org}/issues/`, params, signal);
      const parsed = z.array(issueSchema).safeParse(response.json);
      if (!parsed.success) throw new SentryError('unexpected issue list from Sentry', response.status);
      out.push(...parsed.data.map((i) => mapIssue(i, opts.statsPeriod)));
      const next = parseLinkHeader(response.headers.get('link')).next;
      if (!next?.results) break;
      cursor = next.cursor;
    }
    return out.slice(0, opts.limit);
  }

  async function event(path: string, signal?: AbortSignal): Promise<SentryEvent> {
    const response = await get(path, null, signal);
    const parsed = eventSchema.safeParse(response.json);
    if (!parsed.success) throw new SentryError('unexpected event from Sentry', response.status);
    return mapEvent(parsed.data);
  }

  return {
    topIssues: (o, signal) => listIssues({ ...o, query: o.query ?? 'is:unresolved' }, signal),
    async issue(id, signal) {
      const response = await get(`/api/0/organizations/${org}/issues/${encodeURIComponent(id)}/`, null, signal);
      const parsed = issueSchema.safeParse(response.json);
      if (!parsed.success) throw new SentryError('unexpected issue from Sentry', response.status);
      return mapIssue(parsed.data, null);
    },
    latestEvent: (issueId, signal) =>
      event(`/api/0/organizations/${org}/issues/${encodeURIComponent(issueId)}/events/latest/`, signal),
    async eventById(eventId, signal) {
      const response = await get(`/api/0/organizations/${org}/eventids/${encodeURIComponent(eventId)}/`, null, signal);
      const parsed = z.object({ projectSlug: z.string(), groupId: z.string(), event: eventSchema }).safeParse(response.json);
      if (!parsed.success) throw new SentryError('unexpected event lookup from Sentry', response.status);
      const mapped = mapEvent(parsed.data.event);
      return { ...mapped, issueId: mapped.issueId || parsed.data.groupId, projectSlug: parsed.data.projectSlug };
    },
    issuesForUser: (userId, o, signal) =>
      // Quoted so an id with a dash or colon stays one search term.
      listIssues({ sort: 'date', statsPeriod: o.statsPeriod, limit: o.limit ?? 25, query: `user.id:"${userId}"` }, signal),
    issuesForTag: (key, value, o, signal) => {
      // Ids only: a quote or space would change the search.
      if (!/^[\w.:-]{1,200}$/.test(value)) return Promise.reject(new SentryError(`invalid ${key}`, null));
      return listIssues({ sort: 'date', statsPeriod: o.statsPeriod, limit: o.limit ?? 25, query: `${key}:"${value}"` }, signal);
    },
    async eventsForRequest(requestId, o, signal) {
      if (!/^[\w.:-]{1,200}$/.test(requestId)) throw new SentryError('invalid request id', null);
      const params = new URLSearchParams({
        query: `request_id:"${requestId}"`,
        statsPeriod: o.statsPeriod,
        per_page: String(Math.min(o.limit ?? 20, 100)),
        sort: '-timestamp',
      });
      for (const field of ['id', 'issue.id', 'title', 'timestamp', 'project']) params.append('field', field);
      const response = await get(`/api/0/organizations/${org}/events/`, params, signal);
      const parsed = discoverSchema.safeParse(response.json);
      if (!parsed.success) throw new SentryError('unexpected events table from Sentry', response.status);
      return parsed.data.data.map((e) => ({
        eventId: e.id,
        issueId: e['issue.id'] === null || e['issue.id'] === undefined ? null : String(e['issue.id']),
        title: e.title ?? '(no title)',
        timestamp: e.timestamp ?? null,
        project: e.project ?? null,
      }));
    },
  };
}
