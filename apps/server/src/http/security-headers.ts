import { randomBytes } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from './metrics.js';

/** The build writes this in place of a nonce (vite.config.ts `html.cspNonce`); the SPA handler swaps it per response. */
export const CSP_NONCE_PLACEHOLDER = 'OPS_CSP_NONCE';
export const CSP_REPORT_PATH = '/csp-report';

const nonces = new WeakMap<IncomingMessage, string>();
function nonceOf(req: IncomingMessage): string {
  let nonce = nonces.get(req);
  if (!nonce) {
    nonce = randomBytes(16).toString('base64');
    nonces.set(req, nonce);
  }
  return nonce;
}

/** This request's CSP nonce (the same one its Content-Security-Policy header names). */
export function cspNonce(req: FastifyRequest): string {
  return nonceOf(req.raw);
}

/**
 * The policy the SPA runs under: scripts only from our origin (no inline script at all), styles from our origin
 * plus <style> elements carrying this response's nonce (Mantine's CSS variables and responsive styles, which it
 * writes with `getStyleNonce`), no plugins, no framing, no foreign form targets; violations are reported to us.
 */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", (req: IncomingMessage) => `'nonce-${nonceOf(req)}'`],
  // Style attributes written as markup by some components (not <style> elements, never scripts) stay allowed.
  'style-src-attr': ["'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'report-uri': [CSP_REPORT_PATH],
};

const REPORT_TYPES = ['application/csp-report', 'application/reports+json'];

/** The headers a helmet middleware sets when nothing it writes depends on the request (no nonce), made once. */
function headersOf(middleware: ReturnType<typeof helmet>): Array<[string, string | number | string[]]> {
  const res = new ServerResponse(new IncomingMessage(new Socket()));
  let failed: unknown = null;
  middleware(res.req, res, (error) => {
    failed = error ?? null;
  });
  if (failed !== null) throw new Error('security headers could not be built', { cause: failed });
  return Object.entries(res.getHeaders()).flatMap(([name, value]) =>
    value === undefined ? [] : [[name, value] as [string, string | number | string[]]],
  );
}

/** tRPC and MCP: answers read by code, never shown as a page. */
const isApi = (url: string): boolean => url.startsWith('/trpc/') || url === '/mcp' || url.startsWith('/mcp?');

/**
 * Security headers on every response (CSP, nosniff, frame-ancestors + X-Frame-Options, Referrer-Policy, HSTS,
 * cross-origin isolation headers) and the endpoint that counts CSP violation reports. Helmet's middleware is built
 * once here and run by one callback hook (the Fastify plugin builds it anew on every request); the API's headers,
 * which never change, are made once at start.
 */
export async function registerSecurityHeaders(app: FastifyInstance, metrics: Metrics): Promise<void> {
  const options = {
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  } as const;
  const forPages = helmet({ ...options, contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES } });
  // The API's answers are data, not pages: no style nonce, so the same headers every time.
  const forApi = helmet({
    ...options,
    contentSecurityPolicy: { useDefaults: false, directives: { ...CSP_DIRECTIVES, 'style-src': ["'self'"] } },
  });
  const apiHeaders = headersOf(forApi);
  app.addHook('onRequest', (req, reply, done) => {
    if (isApi(req.url)) {
      // Helmet builds and checks every header anew on each call; the API's never change, so they are set as made once.
      for (const [name, value] of apiHeaders) reply.raw.setHeader(name, value);
      done();
      return;
    }
    forPages(req.raw, reply.raw, (error) => done(error instanceof Error ? error : undefined));
  });

  void app.register(async (scope) => {
    scope.addContentTypeParser(REPORT_TYPES, { parseAs: 'string', bodyLimit: 16_384 }, (_req, body, done) => done(null, body));
    scope.post(CSP_REPORT_PATH, async (req, reply) => {
      metrics.cspViolation();
      const text = typeof req.body === 'string' ? req.body.slice(0, 2_000) : '';
      req.log.warn({ report: text }, 'content security policy violation reported');
      return reply.code(204).send();
    });
  });
}
