import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CSP_NONCE_PLACEHOLDER } from './security-headers.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Accept-Encoding tokens the client takes (a token with q=0 is refused). */
function accepts(req: FastifyRequest, coding: string): boolean {
  const header = req.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((part) => {
    const [token, ...params] = part.trim().split(';');
    if (token?.trim().toLowerCase() !== coding) return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** The build's precompressed copy the client accepts (brotli first), if there is one. */
async function precompressed(req: FastifyRequest, file: string): Promise<{ path: string; encoding: string } | null> {
  for (const [coding, ext] of [
    ['br', '.br'],
    ['gzip', '.gz'],
  ] as const) {
    if (!accepts(req, coding)) continue;
    const info = await stat(file + ext).catch(() => null);
    if (info?.isFile()) return { path: file + ext, encoding: coding };
  }
  return null;
}

/**
 * Serves the built SPA: hashed files under /assets are immutable for a year, everything else revalidates, and
 * unknown paths that look like pages fall back to index.html so deep links work.
 */
export function registerStatic(app: FastifyInstance, root: string, nonceFor: (req: FastifyRequest) => string): void {
  const rootDir = normalize(root);
  app.get('/*', async (req, reply) => {
    const urlPath = decodeURIComponent(req.url.split('?')[0] ?? '/');
    const candidate = normalize(join(rootDir, urlPath));
    const inside = candidate === rootDir || candidate.startsWith(rootDir + sep);
    if (inside && urlPath !== '/' && urlPath !== '/index.html') {
      const info = await stat(candidate).catch(() => null);
      if (info?.isFile()) {
        const immutable = urlPath.startsWith('/assets/');
        const packed = immutable ? await precompressed(req, candidate) : null;
        reply
          .header('content-type', TYPES[extname(candidate)] ?? 'application/octet-stream')
          .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
          .header('vary', 'accept-encoding');
        if (packed) reply.header('content-encoding', packed.encoding);
        return reply.send(await readFile(packed?.path ?? candidate));
      }
    }
    if (urlPath.startsWith('/assets/') || extname(urlPath) !== '') {
      return reply.code(404).send({ error: 'not found' });
    }
    const html = await readFile(join(rootDir, 'index.html')).catch(() => null);
    if (!html) {
      return reply.code(503).type('text/plain').send('The web app is not built yet: run `npm run build`.');
    }
    // The build leaves a placeholder where the CSP nonce goes; each response gets the nonce its header names.
    const page = html.toString('utf8').replaceAll(CSP_NONCE_PLACEHOLDER, nonceFor(req));
    return reply.header('content-type', TYPES['.html']).header('cache-control', 'no-cache').send(page);
  });
}
