import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { Services } from '../context.js';

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
export function tunnelTarget(envelope: string, configured: ParsedDsn): string | null {
  const firstLine = envelope.slice(0, envelope.indexOf('\n') === -1 ? envelope.length : envelope.indexOf('\n'));
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
          batch.push({ ...parsed, _time: time });
        } catch {
          batch.push({ _time: new Date().toISOString(), msg: line });
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
  // The logger is built before the integrations exist, so the Axiom stream joins its destination here.
  const target = (services.logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as
    { write(chunk: string): boolean } | undefined;
  if (!target || typeof target.write !== 'function') return destination.close;
  const original = target.write.bind(target);
  target.write = (chunk: string) => {
    destination.stream.write(chunk);
    return original(chunk);
  };
  return destination.close;
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
export function registerSelfObservability(app: FastifyInstance, services: Services): void {
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
    app.addContentTypeParser('application/x-sentry-envelope', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    app.post('/sentry-tunnel', { bodyLimit: 1_048_576 }, async (req, reply) => {
      const body = typeof req.body === 'string' ? req.body : Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const target = tunnelTarget(body, dsn);
      if (!target) return reply.code(400).send({ error: 'envelope for another DSN refused' });
      try {
        const res = await fetch(target, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/x-sentry-envelope' },
          signal: AbortSignal.timeout(config.SOURCE_TIMEOUT_MS),
        });
        return reply.code(res.status).send(await res.text());
      } catch (error) {
        logger.warn({ err: error }, 'sentry tunnel could not reach the DSN host');
        return reply.code(502).send({ error: 'Sentry did not answer' });
      }
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
