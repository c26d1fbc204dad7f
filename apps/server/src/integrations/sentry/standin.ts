import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Db } from '@ops/db';
import { bearerToken, hash32, hexId, listen, sendJson, type ListeningServer } from '../http-kit.js';
import { findPlantedRequest, sampleRequests, type SampleRequest } from '../sample-story.js';
import sampleIssues from './sample-issues.json' with { type: 'json' };

/**
 * A Sentry Web API stand-in: organization issues with stats, issue detail, events with stack traces and the
 * event-id lookup, cursor-paged through the Link header exactly as Sentry does. Some events carry real sample
 * user ids (sarah.chen@example.com's among them) so a support agent's cross-source trail finds them.
 */
export interface SentryStandin extends ListeningServer {
  org: string;
  token: string;
  /** Issue-list requests received (tests count pages). */
  issueListRequests(): number;
}

interface Frame {
  filename: string;
  function: string;
  lineNo: number;
  colNo: number;
  inApp: boolean;
  context: Array<[number, string]>;
}

const issueTemplateSchema = z.object({
  type: z.string(),
  value: z.string(),
  culprit: z.string(),
  project: z.enum(['api', 'web', 'worker']),
  level: z.enum(['error', 'warning', 'fatal']),
  status: z.enum(['unresolved', 'resolved']),
  count: z.number().int(),
  userCount: z.number().int(),
  firstSeenHours: z.number(),
  /**
   * Stack frames, innermost last: [filename, function, line] and, where Sentry would have the source (the app's own
   * files and node_modules, not node internals or minified bundles), the lines before, at and after `line`.
   */
  frames: z.array(
    z.union([
      z.tuple([z.string(), z.string(), z.number().int()]),
      z.tuple([z.string(), z.string(), z.number().int(), z.tuple([z.string(), z.string(), z.string()])]),
    ]),
  ),
  request: z.object({ method: z.string(), url: z.string() }).optional(),
  /** Which sample users the events belong to: indices into the user list (0 = sarah.chen). */
  users: z.array(z.number().int()),
});
type IssueTemplate = z.infer<typeof issueTemplateSchema>;

const PROJECTS = {
  api: { id: '2', name: 'api', slug: 'api', platform: 'node' },
  web: { id: '3', name: 'web', slug: 'web', platform: 'javascript' },
  worker: { id: '4', name: 'worker', slug: 'worker', platform: 'node' },
};

/** The sample issues (sample-issues.json), checked as they load: a fixture that drifts from this shape fails loudly. */
const TEMPLATES: IssueTemplate[] = z.array(issueTemplateSchema).parse(sampleIssues);

const NOT_FOUND = { detail: 'The requested resource does not exist' };

export async function startSentryStandin(
  options: { db?: Db; org?: string; token?: string; port?: number } = {},
): Promise<SentryStandin> {
  const org = options.org ?? 'sample';
  const token = options.token ?? 'sample-sentry-token';
  const startedAt = Date.now();
  let listRequests = 0;

  // Real sample users: sarah.chen first (looked up by email), then the earliest students.
  const users: Array<{ id: string; email: string }> = [];
  if (options.db) {
    const sarah = await options.db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('email', '=', 'sarah.chen@example.com')
      .executeTakeFirst();
    if (sarah) users.push(sarah);
    const others = await options.db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('role', '=', 'student')
      .where('email', '!=', 'sarah.chen@example.com')
      // People who booked: an error in checkout or payments happens to someone with a booking.
      .where((eb) => eb.exists(eb.selectFrom('bookings').select('bookings.id').whereRef('bookings.student_id', '=', 'users.id')))
      .orderBy('created_at')
      .orderBy('id')
      .limit(8)
      .execute();
    users.push(...others);
  }
  // Each sample user's latest booking and its payment intent, so events carry ids the console can correlate.
  const latestBooking = new Map<string, { bookingId: string; intentId: string | null }>();
  if (options.db && users.length > 0) {
    const rows = await options.db
      .selectFrom('bookings')
      .leftJoin('payments', 'payments.booking_id', 'bookings.id')
      .select(['bookings.student_id', 'bookings.id', 'payments.stripe_payment_intent_id'])
      .where(
        'bookings.student_id',
        'in',
        users.map((u) => u.id),
      )
      .where('bookings.created_at', '<=', new Date(startedAt).toISOString())
      .orderBy('bookings.created_at', 'desc')
      .execute();
    for (const r of rows) {
      if (!latestBooking.has(r.student_id))
        latestBooking.set(r.student_id, { bookingId: r.id, intentId: r.stripe_payment_intent_id });
    }
  }

  const planted = options.db ? await findPlantedRequest(options.db) : null;
  // The planted request's booking, its student and payment: its event is tagged with what that request acted on.
  const plantedBooking =
    planted && options.db
      ? await options.db
          .selectFrom('bookings as b')
          .innerJoin('users as u', 'u.id', 'b.student_id')
          .leftJoin('payments as p', 'p.booking_id', 'b.id')
          .select(['b.id as bookingId', 'u.id as userId', 'u.email', 'p.stripe_payment_intent_id as intentId'])
          .where('b.id', '=', planted.bookingId)
          .executeTakeFirst()
      : undefined;

  // Each service's deploys, newest first: an event carries the release its service ran then, as `service@version`
  // (what the SDK's `release` option is usually set to), so the console can lead from it to the deploy.
  const deploys = options.db
    ? await options.db
        .selectFrom('deploys')
        .select(['service', 'version', 'deployed_at'])
        .where('deployed_at', '>=', new Date(startedAt - 30 * 86_400_000).toISOString())
        .orderBy('deployed_at', 'desc')
        .execute()
    : [];
  const releaseAt = (service: string, ms: number): string => {
    const d = deploys.find((x) => x.service === service && new Date(x.deployed_at).getTime() <= ms);
    return `${service}@${d?.version ?? '1.4.2'}`;
  };

  // The failed requests of the Axiom stand-in's sample day (the same generator): each event is one of them.
  const failedRequests = sampleRequests(startedAt).filter((r) => r.failed);
  const usedRequests = new Set<string>();
  /**
   * The failed request an event happened on: one of its service's (a web error on the API call the page made), on
   * the template's route when it names one, ended after the issue was first seen when there are such; each request
   * serves one event while others are left.
   */
  function requestFor(t: IssueTemplate, eventId: string): SampleRequest | undefined {
    const service = t.project === 'worker' ? 'worker' : 'api';
    const route = t.request ? new URL(t.request.url).pathname : null;
    const born = startedAt - t.firstSeenHours * 3_600_000;
    const ofService = failedRequests.filter((r) => r.service === service);
    const onRoute = ofService.filter((r) => route !== null && r.route === route);
    const pool = onRoute.length > 0 ? onRoute : ofService;
    const inLife = pool.filter((r) => r.startMs + r.durationMs >= born);
    const candidates = inLife.length > 0 ? inLife : pool;
    if (candidates.length === 0) return undefined;
    const start = hash32(eventId) % candidates.length;
    const ordered = [...candidates.slice(start), ...candidates.slice(0, start)];
    const chosen = ordered.find((r) => !usedRequests.has(r.requestId)) ?? ordered[0];
    if (chosen) usedRequests.add(chosen.requestId);
    return chosen;
  }

  const issues = TEMPLATES.map((t, i) => {
    const id = String(4_000 + i * 7);
    const project = PROJECTS[t.project];
    const lastSeen = startedAt - ((hash32(id) % 50) + 1) * 60_000;
    const eventUsers = t.users.map((u) => users[u]).filter((u): u is { id: string; email: string } => u !== undefined);
    const events = [0, 1, 2].map((n) => {
      const eventId = hexId(`event:${id}:${n}`, 32);
      // The planted story's request failed on a Stripe timeout: the worker's Stripe issue carries its latest event,
      // about the booking and the person that request acted on.
      const isPlanted = planted !== null && t.type === 'StripeConnectionError' && n === 0;
      const user =
        isPlanted && plantedBooking
          ? { id: plantedBooking.userId, email: plantedBooking.email }
          : eventUsers.length > 0
            ? eventUsers[n % eventUsers.length]
            : undefined;
      const booking =
        isPlanted && plantedBooking
          ? { bookingId: plantedBooking.bookingId, intentId: plantedBooking.intentId }
          : user
            ? latestBooking.get(user.id)
            : undefined;
      // Any other event happened on one of the sample logs' failed requests (its id finds its log lines), and when
      // that request ended.
      const request = isPlanted ? undefined : requestFor(t, eventId);
      const dateCreated = isPlanted
        ? new Date(Date.parse(planted.at) + 8_000).toISOString()
        : new Date(request ? request.startMs + request.durationMs : lastSeen - n * 37 * 60_000).toISOString();
      const frames: Frame[] = t.frames.map(([filename, fn, line, source], k) => ({
        filename,
        function: fn,
        lineNo: line,
        colNo: 5 + k * 3,
        inApp: !filename.startsWith('node'),
        context: source ? source.map((code, i): [number, string] => [line - 1 + i, code]) : [],
      }));
      return {
        id: eventId,
        eventID: eventId,
        groupID: id,
        title: `${t.type}: ${t.value}`,
        message: '',
        platform: project.platform,
        dateCreated,
        tags: [
          { key: 'environment', value: 'production' },
          { key: 'level', value: t.level },
          { key: 'release', value: releaseAt(t.project, Date.parse(dateCreated)) },
          ...(user ? [{ key: 'user', value: `id:${user.id}` }] : []),
          ...(booking ? [{ key: 'booking_id', value: booking.bookingId }] : []),
          ...(booking?.intentId ? [{ key: 'payment_intent', value: booking.intentId }] : []),
          ...(isPlanted
            ? [{ key: 'request_id', value: planted.requestId }]
            : request
              ? [{ key: 'request_id', value: request.requestId }]
              : []),
        ],
        user: user ? { id: user.id, email: user.email, username: null, ip_address: null, name: null, data: null } : null,
        entries: [
          {
            type: 'exception',
            data: {
              values: [
                {
                  type: t.type,
                  value: t.value,
                  module: null,
                  mechanism: { type: 'generic', handled: false },
                  stacktrace: { frames },
                },
              ],
            },
          },
          {
            type: 'breadcrumbs',
            data: { values: [{ category: 'http', level: 'info', message: 'POST /trpc', timestamp: dateCreated }] },
          },
          ...(t.request ? [{ type: 'request', data: { method: t.request.method, url: t.request.url, headers: [] } }] : []),
        ],
        contexts: { runtime: { name: 'node', version: 'v20.20.0' } },
      };
    });
    // Newest first, as "latest" reads them; the planted story's event stays its issue's latest.
    const plantedFirst = (e: (typeof events)[number]) => (e.tags.some((x) => x.value === planted?.requestId) ? 1 : 0);
    events.sort((a, b) => plantedFirst(b) - plantedFirst(a) || Date.parse(b.dateCreated) - Date.parse(a.dateCreated));
    const eventTimes = events.map((e) => Date.parse(e.dateCreated));
    return {
      issue: {
        id,
        shortId: `${project.slug.toUpperCase()}-${(i + 10).toString(36).toUpperCase()}`,
        title: `${t.type}: ${t.value}`,
        culprit: t.culprit,
        level: t.level,
        status: t.status,
        type: 'error',
        count: String(t.count),
        userCount: t.userCount,
        // An issue is first and last seen where its events are, whatever the template says.
        firstSeen: new Date(Math.min(startedAt - t.firstSeenHours * 3_600_000, ...eventTimes)).toISOString(),
        lastSeen: new Date(Math.max(lastSeen, ...eventTimes)).toISOString(),
        permalink: '',
        project: { id: project.id, name: project.name, slug: project.slug },
        metadata: { type: t.type, value: t.value, filename: t.frames[t.frames.length - 1]?.[0] ?? '' },
        isUnhandled: true,
      },
      events,
      userIds: new Set(events.flatMap((e) => (e.user ? [e.user.id] : []))),
      tagValues: {
        booking_id: new Set(events.flatMap((e) => e.tags.filter((x) => x.key === 'booking_id').map((x) => x.value))),
        payment_intent: new Set(events.flatMap((e) => e.tags.filter((x) => x.key === 'payment_intent').map((x) => x.value))),
      },
      count: t.count,
    };
  });

  /** Events per bucket over the period, none before the issue was first seen (a new issue's spike is all recent). */
  function stats(seed: string, total: number, period: string, firstSeen: string): Array<[number, number]> {
    const m = /^(\d+)([hd])$/.exec(period);
    const n = m ? Math.min(Number(m[1]), m[2] === 'h' ? 72 : 90) : 24;
    const bucket = m?.[2] === 'd' ? 86_400 : 3_600;
    const end = Math.floor(startedAt / 1000 / bucket) * bucket;
    const born = Date.parse(firstSeen) / 1000;
    const starts = Array.from({ length: n }, (_, k) => end - (n - 1 - k) * bucket);
    const alive = Math.max(1, starts.filter((start) => start + bucket > born).length);
    return starts.map((start, k) => [
      start,
      start + bucket <= born ? 0 : Math.round(((hash32(`${seed}:${k}`) % 100) / 100) * (total / alive) * 2),
    ]);
  }

  const withStats = (entry: (typeof issues)[number], period: string, origin: string) => ({
    ...entry.issue,
    permalink: `${origin}/organizations/${org}/issues/${entry.issue.id}/`,
    stats: { [period]: stats(entry.issue.id, entry.count, period, entry.issue.firstSeen) },
  });

  function search(query: string): Array<(typeof issues)[number]> {
    const tokens = query.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
    return issues.filter((entry) =>
      tokens.every((tok) => {
        const [key, ...rest] = tok.split(':');
        const value = rest.join(':').replace(/^"|"$/g, '');
        if (rest.length === 0) return entry.issue.title.toLowerCase().includes(tok.toLowerCase().replace(/"/g, ''));
        if (key === 'is')
          return value === 'unresolved'
            ? entry.issue.status === 'unresolved'
            : value === 'resolved'
              ? entry.issue.status === 'resolved'
              : true;
        if (key === 'user.id') return entry.userIds.has(value);
        if (key === 'booking_id' || key === 'payment_intent') return entry.tagValues[key].has(value);
        if (key === 'level') return entry.issue.level === value;
        return true;
      }),
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const origin = `http://127.0.0.1:${server.port}`;
    if (bearerToken(req) !== token) return sendJson(res, 401, { detail: 'Invalid token' });
    // Django's APPEND_SLASH: Sentry redirects paths without the trailing slash.
    if (!url.pathname.endsWith('/')) {
      res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
      return;
    }
    const p = url.pathname;
    let m: RegExpExecArray | null;
    const orgMatches = (slug: string | undefined) => slug === org;

    if ((m = /^\/api\/0\/organizations\/([^/]+)\/issues\/$/.exec(p))) {
      if (!orgMatches(m[1])) return sendJson(res, 404, NOT_FOUND);
      listRequests += 1;
      const q = url.searchParams;
      const limit = Math.min(Math.max(Number(q.get('limit') ?? 25) || 25, 1), 100);
      const sort = q.get('sort') ?? 'date';
      const period = q.get('statsPeriod') ?? '24h';
      const found = search(q.get('query') ?? 'is:unresolved');
      const key = (e: (typeof issues)[number]): number =>
        sort === 'freq'
          ? e.count
          : sort === 'user'
            ? e.issue.userCount
            : sort === 'new'
              ? Date.parse(e.issue.firstSeen)
              : Date.parse(e.issue.lastSeen);
      found.sort((a, b) => key(b) - key(a) || a.issue.id.localeCompare(b.issue.id));
      const offset = Number((q.get('cursor') ?? '0:0:0').split(':')[1] ?? 0) || 0;
      const page = found.slice(offset, offset + limit);
      const link = (cursor: string) => {
        const next = new URLSearchParams(q);
        next.set('cursor', cursor);
        return `${origin}${p}?${next.toString()}`;
      };
      const prev = `0:${Math.max(0, offset - limit)}:1`;
      const nextCursor = `0:${offset + limit}:0`;
      const header = [
        `<${link(prev)}>; rel="previous"; results="${offset > 0}"; cursor="${prev}"`,
        `<${link(nextCursor)}>; rel="next"; results="${offset + limit < found.length}"; cursor="${nextCursor}"`,
      ].join(', ');
      return sendJson(
        res,
        200,
        page.map((e) => withStats(e, period, origin)),
        { link: header },
      );
    }
    if ((m = /^\/api\/0\/(?:organizations\/([^/]+)\/)?issues\/([^/]+)\/$/.exec(p))) {
      if (m[1] !== undefined && !orgMatches(m[1])) return sendJson(res, 404, NOT_FOUND);
      const entry = issues.find((e) => e.issue.id === m?.[2]);
      return entry ? sendJson(res, 200, withStats(entry, '24h', origin)) : sendJson(res, 404, NOT_FOUND);
    }
    if ((m = /^\/api\/0\/(?:organizations\/([^/]+)\/)?issues\/([^/]+)\/events\/([^/]+)\/$/.exec(p))) {
      if (m[1] !== undefined && !orgMatches(m[1])) return sendJson(res, 404, NOT_FOUND);
      const entry = issues.find((e) => e.issue.id === m?.[2]);
      const which = m[3];
      const event =
        which === 'latest' || which === 'recommended'
          ? entry?.events[0]
          : which === 'oldest'
            ? entry?.events[entry.events.length - 1]
            : entry?.events.find((e) => e.eventID === which);
      return event ? sendJson(res, 200, event) : sendJson(res, 404, NOT_FOUND);
    }
    if ((m = /^\/api\/0\/organizations\/([^/]+)\/events\/$/.exec(p))) {
      // Discover's events table: the subset we use is `query=request_id:"…"` with the fields we ask for.
      if (!orgMatches(m[1])) return sendJson(res, 404, NOT_FOUND);
      const q = url.searchParams;
      const fields = q.getAll('field');
      if (fields.length === 0) return sendJson(res, 400, { detail: 'No columns selected' });
      const wanted = /request_id:"?([^"\s]+)"?/.exec(q.get('query') ?? '')?.[1];
      const rows = issues.flatMap((entry) =>
        entry.events
          .filter((e) => wanted === undefined || e.tags.some((t) => t.key === 'request_id' && t.value === wanted))
          .map((e) => {
            const all: Record<string, string | number> = {
              id: e.eventID,
              'issue.id': Number(entry.issue.id),
              title: e.title,
              timestamp: e.dateCreated,
              project: entry.issue.project.slug,
            };
            return Object.fromEntries(fields.map((f) => [f, all[f] ?? null]));
          }),
      );
      const perPage = Math.min(Math.max(Number(q.get('per_page') ?? 50) || 50, 1), 100);
      return sendJson(res, 200, {
        data: rows.slice(0, perPage),
        meta: { fields: Object.fromEntries(fields.map((f) => [f, 'string'])) },
      });
    }
    if ((m = /^\/api\/0\/organizations\/([^/]+)\/eventids\/([^/]+)\/$/.exec(p))) {
      if (!orgMatches(m[1])) return sendJson(res, 404, NOT_FOUND);
      for (const entry of issues) {
        const event = entry.events.find((e) => e.eventID === m?.[2]);
        if (event)
          return sendJson(res, 200, {
            organizationSlug: org,
            projectSlug: entry.issue.project.slug,
            groupId: entry.issue.id,
            eventId: event.eventID,
            event,
          });
      }
      return sendJson(res, 404, NOT_FOUND);
    }
    return sendJson(res, 404, NOT_FOUND);
  }

  const server = await listen(handle, options.port);
  return { ...server, org, token, issueListRequests: () => listRequests };
}
