import { Writable } from 'node:stream';
import type { FastifyError, FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { Services } from '../context.js';
import { CONSOLE_SERVICE } from '../integrations/axiom/client.js';
import { teeLogger } from '../logger.js';
import type { Metrics } from './metrics.js';

/**
 * The console watches itself: with SENTRY_DSN it reports its own server errors through @sentry/node (loaded only
 * then) and relays the browser SDK's envelopes through POST /sentry-tunnel on our origin (ad blockers and the CSP
 * allow our own origin); with AXIOM_TOKEN its log lines are also shipped to Axiom through the Axiom client.
 */

export interface ParsedDsn {
  origin: string;
  projectId: string;
  publicKey: string;
}

/** `https://<key>@o1.ingest.sentry.io/<project>` → where envelopes go. */
export function parseDsn(dsn: string): ParsedDsn | null {
  try {
    const url = new URL(dsn);
    const projectId = url.pathname.split('/').filter(Boolean).pop();
    if (!url.username || !projectId) return null;
    const basePath = url.pathname.slice(0, url.pathname.lastIndexOf('/'));
    return { origin: `${url.protocol}//${url.host}${basePath}`, projectId, publicKey: url.username };
  } catch {
    return null;
  }
}

/**
 * Where a browser envelope may be forwarded: only to our own DSN's project (the envelope header names its DSN), so
 * the tunnel cannot be used to post to arbitrary hosts.
 */
export function tunnelTarget(envelope: Buffer | string, configured: ParsedDsn): string | null {
  const bytes = typeof envelope === 'string' ? Buffer.from(envelope, 'utf8') : envelope;
  const newline = bytes.indexOf(0x0a);
  // Only the header line is read (as text); item payloads may be binary and are forwarded untouched.
  const firstLine = bytes.subarray(0, newline === -1 ? Math.min(bytes.length, 8_192) : Math.min(newline, 8_192)).toString('utf8');
  let header: unknown;
  try {
    header = JSON.parse(firstLine);
  } catch {
    return null;
  }
  const dsn =
    typeof header === 'object' && header !== null && 'dsn' in header && typeof header.dsn === 'string'
      ? parseDsn(header.dsn)
      : null;
  if (!dsn || dsn.origin !== configured.origin || dsn.projectId !== configured.projectId) return null;
  return `${configured.origin}/api/${configured.projectId}/envelope/?sentry_key=${configured.publicKey}`;
}

/** Limits of the anonymous tunnel: it relays on our bandwidth, so both size and rate are capped. */
export const TUNNEL_LIMITS = { maxBytes: 256 * 1024, perClientPerMinute: 30, totalPerMinute: 300 } as const;

/** Fixed one-minute windows per client and overall, kept in memory (a per-replica budget). */
export function createTunnelLimiter(limits: { perClientPerMinute: number; totalPerMinute: number }) {
  let windowStart = 0;
  let total = 0;
  let perClient = new Map<string, number>();
  return {
    /** Seconds to wait when over a limit, else 0 (and the request is counted). */
    take(client: string, nowMs: number): number {
      if (nowMs - windowStart >= 60_000) {
        windowStart = nowMs;
        total = 0;
        perClient = new Map();
      }
      const mine = perClient.get(client) ?? 0;
      if (mine >= limits.perClientPerMinute || total >= limits.totalPerMinute) {
        return Math.max(1, Math.ceil((windowStart + 60_000 - nowMs) / 1000));
      }
      perClient.set(client, mine + 1);
      total += 1;
      return 0;
    },
  };
}

/** Headers of Sentry's answer the browser SDK reads to back off. */
const PASSED_BACK = ['retry-after', 'x-sentry-rate-limits', 'content-type'];

/** Batches log lines and ships them with `ingest`, never blocking or failing the process on Axiom's account. */
export function createAxiomLogDestination(
  ingest: (events: Array<Record<string, unknown>>) => Promise<unknown>,
  opts: { flushMs?: number; maxBatch?: number } = {},
) {
  const maxBatch = opts.maxBatch ?? 500;
  let batch: Array<Record<string, unknown>> = [];
  let inFlight: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    if (batch.length === 0) return inFlight;
    const events = batch;
    batch = [];
    inFlight = inFlight.then(() =>
      ingest(events).then(
        () => undefined,
        () => undefined,
      ),
    );
    return inFlight;
  };
  const timer = setInterval(() => void flush(), opts.flushMs ?? 2_000);
  timer.unref();
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          const time = typeof parsed.time === 'number' ? new Date(parsed.time).toISOString() : new Date().toISOString();
          // In the dataset's shape: pino's numeric level as its name ("error", as the logs page filters by).
          const level = typeof parsed.level === 'number' ? (pino.levels.labels[parsed.level] ?? parsed.level) : parsed.level;
          batch.push({ ...parsed, level, service: CONSOLE_SERVICE, _time: time });
        } catch {
          batch.push({ _time: new Date().toISOString(), service: CONSOLE_SERVICE, msg: line });
        }
      }
      if (batch.length >= maxBatch) void flush();
      done();
    },
  });
  return {
    stream,
    flush,
    close: async () => {
      clearInterval(timer);
      await flush();
    },
  };
}

/** Tees the logger's own destination into Axiom: every line the console writes (already PII-redacted) is shipped too. */
function teeLogsToAxiom(
  services: Services,
  ingest: (events: Array<Record<string, unknown>>) => Promise<unknown>,
): () => Promise<void> {
  const destination = createAxiomLogDestination(ingest);
  // The logger is built before the integrations exist, so the Axiom stream joins its multistream here.
  const stop = teeLogger(services.logger, destination.stream);
  return async () => {
    stop();
    await destination.close();
  };
}

interface SentryNode {
  init(options: {
    dsn: string;
    environment?: string;
    release?: string;
    tracesSampleRate?: number;
    sendDefaultPii?: boolean;
  }): unknown;
  captureException(error: unknown, hint?: { tags?: Record<string, string> }): string;
  flush(timeout?: number): Promise<boolean>;
}

/** Registers the Sentry tunnel, server error reporting and log shipping; a no-op for what is not configured. */
export function registerSelfObservability(app: FastifyInstance, services: Services, metrics?: Metrics): void {
  const { config, logger } = services;
  const dsn = config.SENTRY_DSN ? parseDsn(config.SENTRY_DSN) : null;
  if (config.SENTRY_DSN && !dsn) logger.warn('SENTRY_DSN is not a valid DSN; error reporting stays off');

  // The web app asks whether to load its Sentry SDK at all (keeps it out of the first-route bundle otherwise).
  app.get('/sentry-config', async () => ({
    dsn: dsn ? config.SENTRY_DSN : null,
    tunnel: '/sentry-tunnel',
    environment: config.NODE_ENV,
  }));

  if (dsn) {
    const limiter = createTunnelLimiter(TUNNEL_LIMITS);
    let upstreamBlockedUntil = 0;
    void app.register(async (scope) => {
      // The envelope's bytes are forwarded as received: never decoded as text, never re-encoded.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: TUNNEL_LIMITS.maxBytes }, (_req, body, done) =>
        done(null, body),
      );
      scope.setErrorHandler(async (error: FastifyError, _req, reply) => {
        if (error.statusCode === 413) {
          metrics?.sentryTunnel('too_large');
          return reply.code(413).send({ error: `envelope larger than ${TUNNEL_LIMITS.maxBytes} bytes refused` });
        }
        throw error;
      });
      scope.post('/sentry-tunnel', async (req, reply) => {
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const now = Date.now();
        const wait = Math.max(limiter.take(req.ip, now), Math.ceil((upstreamBlockedUntil - now) / 1000));
        if (wait > 0) {
          metrics?.sentryTunnel('rate_limited');
          return reply.code(429).header('retry-after', String(wait)).send({ error: 'too many envelopes; retry later' });
        }
        const target = tunnelTarget(body, dsn);
        if (!target) {
          metrics?.sentryTunnel('refused');
          return reply.code(400).send({ error: 'envelope for another DSN refused' });
        }
        try {
          const res = await fetch(target, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/x-sentry-envelope' },
            signal: AbortSignal.timeout(config.SOURCE_TIMEOUT_MS),
          });
          for (const name of PASSED_BACK) {
            const value = res.headers.get(name);
            if (value !== null) void reply.header(name, value);
          }
          const retryAfter = Number(res.headers.get('retry-after'));
          if (res.status === 429)
            upstreamBlockedUntil = now + (Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 60) * 1000;
          metrics?.sentryTunnel(res.ok ? 'forwarded' : 'upstream_error');
          return reply.code(res.status).send(Buffer.from(await res.arrayBuffer()));
        } catch (error) {
          metrics?.sentryTunnel('upstream_error');
          logger.warn({ err: error }, 'sentry tunnel could not reach the DSN host');
          return reply.code(502).send({ error: 'Sentry did not answer' });
        }
      });
    });

    let sentry: SentryNode | null = null;
    const pkg = '@sentry/node';
    void import(pkg).then(
      (mod: SentryNode) => {
        mod.init({ dsn: config.SENTRY_DSN ?? '', environment: config.NODE_ENV, tracesSampleRate: 0, sendDefaultPii: false });
        sentry = mod;
      },
      (error: unknown) => logger.warn({ err: error }, '@sentry/node could not be loaded; server errors are not reported'),
    );
    app.addHook('onError', async (req, _reply, error) => {
      sentry?.captureException(error, { tags: { route: req.routeOptions.url ?? 'unknown', requestId: String(req.id) } });
    });
    app.addHook('onClose', async () => {
      await sentry?.flush(2_000);
    });
  }

  const axiom = services.integrations.axiom;
  if (config.AXIOM_TOKEN && axiom) {
    const close = teeLogsToAxiom(services, (events) => axiom.ingest(events));
    app.addHook('onClose', close);
  }
}
