import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '@ops/db';
import { hexId, listen, readBody, sendJson, sendText, type ListeningServer } from '../http-kit.js';
import { SAMPLE_ALERTS } from './sample-alerts.js';
import { re2Problem } from '@ops/shared';

/** An Alertmanager (API v2) stand-in: the sample incidents firing, silences kept in memory. */
export interface AlertmanagerStandin extends ListeningServer {
  silenceCount(): number;
}

interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}
interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  updatedAt: string;
}

/** Matching never throws: silences are validated when created, and a bad filter matches nothing. */
const matcherHolds = (labels: Record<string, string>, m: Matcher): boolean => {
  const actual = labels[m.name] ?? '';
  let hit: boolean;
  try {
    hit = m.isRegex ? new RegExp(`^(?:${m.value})$`).test(actual) : actual === m.value;
  } catch {
    hit = false;
  }
  return m.isEqual ? hit : !hit;
};
const silenceState = (s: Silence, now: number): 'active' | 'pending' | 'expired' =>
  Date.parse(s.endsAt) <= now ? 'expired' : Date.parse(s.startsAt) > now ? 'pending' : 'active';

/** `alertname="X"`, `severity=~"crit.*"`, `service!="api"` as sent in ?filter=. */
function parseFilter(text: string): Matcher | null {
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"?(.*?)"?\s*$/.exec(text);
  if (!m) return null;
  const op = m[2] ?? '=';
  return { name: m[1] ?? '', value: m[3] ?? '', isRegex: op.includes('~'), isEqual: !op.startsWith('!') };
}

const FACTS_MAX_AGE_MS = 15_000;
/** What the descriptions quote from the sample data. */
interface Facts {
  overdue: number;
  failedWebhooks: number;
  deadPaymentJobs: number;
}

export async function startAlertmanagerStandin(options: { db?: Db; port?: number } = {}): Promise<AlertmanagerStandin> {
  const startedAt = Date.now();
  const silences = new Map<string, Silence>();

  /**
   * Descriptions quote the sample data so the alert and the tables tell the same story. The figures are read at
   * start and refreshed in the background: a request never waits on the database, which matters on the one
   * embedded connection when the console asks for alerts from inside an action's transaction.
   */
  async function readFacts(): Promise<Facts | null> {
    if (!options.db) return null;
    const now = new Date();
    const [overdue, failed, dead] = await Promise.all([
      options.db
        .selectFrom('payments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'authorized')
        .where('capture_at', '<', now.toISOString())
        .executeTakeFirst(),
      options.db
        .selectFrom('webhook_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('source', '=', 'stripe')
        .where('status', '=', 'failed')
        .executeTakeFirst(),
      options.db
        .selectFrom('background_jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('queue', '=', 'payments')
        .where('status', '=', 'dead')
        .executeTakeFirst(),
    ]);
    return { overdue: Number(overdue?.n ?? 0), failedWebhooks: Number(failed?.n ?? 0), deadPaymentJobs: Number(dead?.n ?? 0) };
  }
  let cachedFacts = await readFacts();
  let factsReadAt = Date.now();
  let refreshing = false;
  function facts(): Facts | null {
    if (!refreshing && Date.now() - factsReadAt > FACTS_MAX_AGE_MS) {
      refreshing = true;
      readFacts().then(
        (f) => {
          cachedFacts = f;
          factsReadAt = Date.now();
          refreshing = false;
        },
        () => {
          refreshing = false;
        },
      );
    }
    return cachedFacts;
  }

  function alerts() {
    const now = Date.now();
    const f = facts();
    return SAMPLE_ALERTS.filter((a) => a.state === 'firing').map((a) => {
      const annotations: Record<string, string> = { ...a.annotations };
      if (f && a.labels.alertname === 'PaymentsCaptureLag')
        annotations.description = `Dead payment jobs: ${f.deadPaymentJobs}. Authorized payments past their capture time: ${f.overdue}.`;
      if (f && a.labels.alertname === 'WebhookFailures')
        annotations.description = `${f.failedWebhooks} Stripe webhooks are in the failed state.`;
      const silencedBy = [...silences.values()]
        .filter((s) => silenceState(s, now) === 'active' && s.matchers.every((m) => matcherHolds(a.labels, m)))
        .map((s) => s.id);
      return {
        labels: a.labels,
        annotations,
        startsAt: new Date(startedAt - a.activeMinutesAgo * 60_000).toISOString(),
        // Prometheus re-sends firing alerts; Alertmanager shows the resolve timeout ahead of now.
        endsAt: new Date(now + 4 * 60_000).toISOString(),
        updatedAt: new Date(now).toISOString(),
        fingerprint: hexId(JSON.stringify(Object.entries(a.labels).sort()), 16),
        receivers: [{ name: a.labels.severity === 'critical' ? 'pager' : 'oncall' }],
        status: { state: silencedBy.length > 0 ? 'suppressed' : 'active', silencedBy, inhibitedBy: [] as string[] },
        generatorURL: `http://prometheus.sample/graph?g0.expr=${encodeURIComponent(a.expr)}&g0.tab=1`,
      };
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    if (url.pathname === '/-/healthy' || url.pathname === '/-/ready') return sendText(res, 200, 'OK');
    if (method === 'GET' && url.pathname === '/api/v2/alerts') {
      const filters = url.searchParams.getAll('filter').map(parseFilter);
      if (filters.some((f) => f === null)) return sendJson(res, 400, 'bad matcher format');
      const flag = (name: string) => url.searchParams.get(name) !== 'false';
      const list = alerts().filter((a) => {
        if (!filters.every((m) => m !== null && matcherHolds(a.labels, m))) return false;
        if (a.status.state === 'active' && !flag('active')) return false;
        if (a.status.silencedBy.length > 0 && !flag('silenced')) return false;
        return true;
      });
      return sendJson(res, 200, list);
    }
    if (method === 'GET' && url.pathname === '/api/v2/silences') {
      const now = Date.now();
      const list = [...silences.values()].map((s) => ({ ...s, status: { state: silenceState(s, now) } }));
      return sendJson(res, 200, list);
    }
    if (method === 'POST' && url.pathname === '/api/v2/silences') {
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req)).toString('utf8'));
      } catch {
        return sendJson(res, 400, { code: 400, message: 'parsing silence body from "" failed, because invalid character' });
      }
      const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
      for (const field of ['matchers', 'startsAt', 'endsAt', 'createdBy', 'comment']) {
        if (input[field] === undefined) return sendJson(res, 422, { code: 602, message: `${field} in body is required` });
      }
      const matchers = Array.isArray(input.matchers)
        ? input.matchers.map((m: unknown) => {
            const r = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
            return {
              name: typeof r.name === 'string' ? r.name : '',
              value: typeof r.value === 'string' ? r.value : '',
              isRegex: r.isRegex === true,
              isEqual: r.isEqual !== false,
            };
          })
        : [];
      const startsAt = Date.parse(String(input.startsAt));
      const endsAt = Date.parse(String(input.endsAt));
      if (matchers.length === 0) return sendJson(res, 400, 'silence invalid: at least one matcher required');
      // Alertmanager's ValidateSilence: RE2 regexes only, and not every matcher may match the empty string.
      for (const [i, m] of matchers.entries()) {
        const problem = m.isRegex ? re2Problem(m.value) : null;
        if (problem) return sendJson(res, 400, `silence invalid: invalid label matcher ${i}: error parsing regexp: ${problem}`);
      }
      if (matchers.every((m) => matcherHolds({}, m)))
        return sendJson(res, 400, 'silence invalid: at least one matcher must not match the empty string');
      if (!(startsAt < endsAt)) return sendJson(res, 400, 'Failed to create silence: start time must be before end time');
      if (endsAt < Date.now()) return sendJson(res, 400, "Failed to create silence: end time can't be in the past");
      const id = randomUUID();
      silences.set(id, {
        id,
        matchers,
        startsAt: new Date(Math.max(startsAt, Date.now())).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        createdBy: String(input.createdBy),
        comment: String(input.comment),
        updatedAt: new Date().toISOString(),
      });
      return sendJson(res, 200, { silenceID: id });
    }
    const del = /^\/api\/v2\/silence\/([^/]+)$/.exec(url.pathname);
    if (del) {
      const s = silences.get(decodeURIComponent(del[1] ?? ''));
      if (method === 'GET')
        return s
          ? sendJson(res, 200, { ...s, status: { state: silenceState(s, Date.now()) } })
          : sendJson(res, 404, 'silence not found');
      if (method !== 'DELETE') return sendJson(res, 405, 'method not allowed');
      if (!s) return sendJson(res, 404, 'silence not found');
      if (silenceState(s, Date.now()) === 'expired') return sendJson(res, 500, `silence ${s.id} already expired`);
      const now = new Date().toISOString();
      silences.set(s.id, { ...s, endsAt: now, updatedAt: now });
      res.writeHead(200).end();
      return;
    }
    return sendJson(res, 404, `no route for ${method} ${url.pathname}`);
  }

  const server = await listen(handle, options.port);
  return { ...server, silenceCount: () => silences.size };
}
