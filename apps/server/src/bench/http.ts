import http from 'node:http';
import { loadavg } from 'node:os';
import pg from 'pg';
import { DEFAULT_POOLS, sessionOptions } from '@ops/db';

/** Latency and throughput of one run: `n` requests by `connections` clients back to back. */
export interface RunStats {
  n: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * Runs `connections` loops of `one(i)` for `durationMs` (or until `maxRequests` are done), after `warmup` calls per
 * loop that are not counted. Each call reports whether it succeeded.
 */
export async function drive(
  connections: number,
  opts: { durationMs: number; maxRequests?: number; warmup?: number },
  one: (i: number, worker: number) => Promise<boolean>,
): Promise<RunStats> {
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async (_, w) => {
      for (let k = 0; k < (opts.warmup ?? 2); k++) await one(next++, w);
    }),
  );
  const times: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + opts.durationMs;
  const max = opts.maxRequests ?? Number.POSITIVE_INFINITY;
  await Promise.all(
    Array.from({ length: connections }, async (_, w) => {
      while (performance.now() < deadline && times.length + errors < max) {
        const t0 = performance.now();
        const ok = await one(next++, w);
        if (ok) times.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    n: times.length,
    errors,
    seconds,
    perSecond: times.length / seconds,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
  };
}

/** A keep-alive HTTP client for one console, carrying one staff session cookie. */
export class ConsoleClient {
  private readonly agent: http.Agent;
  constructor(
    private readonly base: URL,
    private cookie = '',
    maxSockets = 64,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(
    method: 'GET' | 'POST',
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          agent: this.agent,
          headers: {
            ...(this.cookie ? { cookie: this.cookie } : {}),
            ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /** `auth.login` over HTTP; keeps the session cookie it sets. */
  async login(email: string, password: string): Promise<void> {
    const res = await this.request('POST', '/trpc/auth.login', JSON.stringify({ email, password }));
    const setCookie = res.headers['set-cookie']?.find((c) => c.startsWith('ops_session='));
    if (res.status !== 200 || !setCookie) throw new Error(`login as ${email} failed: ${res.status} ${res.body.toString()}`);
    this.cookie = setCookie.split(';')[0] ?? '';
  }

  /** One tRPC query the way the web app sends it (GET, input in the query string). */
  async query(path: string, input: unknown): Promise<boolean> {
    const res = await this.request('GET', `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
    return res.status === 200;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A captured statement: the SQL text and parameters Kysely compiled for one request. */
export interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/** Replays requests' statements bare over `pg`, one request's statements in order on one connection. */
export async function replay(
  url: string,
  connections: number,
  requests: Statement[][],
  opts: { durationMs: number; maxRequests?: number; prepared: boolean },
): Promise<RunStats> {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      // The session settings of the console's api pool, so both sides run the same plans.
      const c = new pg.Client({ connectionString: url, ...sessionOptions(DEFAULT_POOLS.api) });
      await c.connect();
      return c;
    }),
  );
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let n = names.get(text);
    if (n === undefined) {
      n = `bench_${names.size}`;
      names.set(text, n);
    }
    return n;
  };
  try {
    return await drive(connections, opts, async (i, w) => {
      const client = clients[w];
      const statements = requests[i % requests.length];
      if (!client || !statements) return false;
      try {
        for (const s of statements) {
          await client.query(
            opts.prepared
              ? { name: nameOf(s.sql), text: s.sql, values: [...s.parameters] }
              : { text: s.sql, values: [...s.parameters] },
          );
        }
        return true;
      } catch {
        return false;
      }
    });
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

export const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
