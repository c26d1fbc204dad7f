import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../bootstrap.js';
import { budgetLines, type BudgetTally } from './budget-lines.js';
import { embeddedLines } from './embedded-rss.js';
import { ConsoleClient, load } from './http.js';
import { bundleFigures, WEB_DIST } from './web-bundle.js';
import { auditListLines, measureAuditList } from './web-browser.js';

/** The audit list is loaded to this many rows in Chromium, then scrolled through (DESIGN.md: 10,000 rows). */
export const AUDIT_ROWS = 10_000;
/** Scroll speed of the frame measurement: a fast fling, about nine rows a frame, bottom reached in ~20 s at 60 Hz. */
export const SCROLL_PX_PER_FRAME = 400;

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

/** Builds the web app unless a build is there (a clean clone has none). */
export async function ensureWebBuild(say: (line: string) => void): Promise<void> {
  if (existsSync(join(WEB_DIST, '.vite/manifest.json'))) {
    say('Web build found in dist/web: measuring it (run `npm run build` first to measure a fresh one).');
    return;
  }
  say('Building the web app…');
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, [resolve(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
      cwd: REPO_ROOT,
      stdio: 'ignore',
    });
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`vite build exited with ${code}`))));
  });
}

/**
 * Web figures against the running bench server: JS per route (see web-bundle.ts), the Content-Encoding the server
 * picks for br / gzip clients, the audit list in Chromium (scroll frames, "Load more" deep and shallow), and the
 * embedded default's first start and memory at rest.
 */
export async function webFigures(opts: {
  port: number;
  say: (line: string) => void;
  login: { email: string; password: string };
}): Promise<BudgetTally> {
  const { say } = opts;
  const { check, add, tally } = budgetLines(say, load);
  add(bundleFigures(say, load));
  const manifest = JSON.parse(readFileSync(join(WEB_DIST, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    { file: string; isEntry?: boolean }
  >;
  const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry) ?? 'index.html';

  // What the server sends for the entry script to a brotli client, a gzip-only client and one without either.
  const entryFile = manifest[entry]?.file;
  if (entryFile) {
    const client = new ConsoleClient(new URL(`http://127.0.0.1:${opts.port}`));
    const raw = readFileSync(join(WEB_DIST, entryFile)).length;
    for (const accept of ['br, gzip', 'gzip', 'identity']) {
      const res = await client.request('GET', `/${entryFile}`, undefined, { 'accept-encoding': accept });
      const enc = String(res.headers['content-encoding'] ?? 'identity');
      const want = accept.split(',')[0]?.trim() ?? 'identity';
      check(
        res.status === 200 && enc === want,
        `entry script for Accept-Encoding "${accept}": ${res.status}, Content-Encoding ${enc}, ${kb(res.body.length)} on the wire (${kb(raw)} raw)`,
      );
    }
    client.close();
  }
  try {
    const figures = await measureAuditList({
      baseUrl: `http://127.0.0.1:${opts.port}`,
      ...opts.login,
      rows: AUDIT_ROWS,
      pxPerFrame: SCROLL_PX_PER_FRAME,
      say,
    });
    add(auditListLines(figures, AUDIT_ROWS, say, load));
  } catch (err) {
    check(false, `audit list in Chromium: ${err instanceof Error ? err.message : String(err)}`);
  }
  add(await embeddedLines(opts.port + 100, say, load));
  return tally();
}
