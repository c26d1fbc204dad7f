import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from '../bootstrap.js';
import { ConsoleClient, load } from './http.js';

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
  isEntry?: boolean;
}
type Manifest = Record<string, ManifestChunk>;

const WEB = resolve(REPO_ROOT, 'dist/web');
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

/** Builds the web app unless a build is there (a clean clone has none). */
export async function ensureWebBuild(say: (line: string) => void): Promise<void> {
  if (existsSync(join(WEB, '.vite/manifest.json'))) {
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

function gzipBytes(file: string): number {
  const pre = join(WEB, `${file}.gz`);
  return existsSync(pre) ? readFileSync(pre).length : gzipSync(readFileSync(join(WEB, file)), { level: 9 }).length;
}

/** Every JS file a chunk pulls in statically (what the browser must load before the route renders). */
function closure(m: Manifest, keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const walk = (k: string): void => {
    if (seen.has(k)) return;
    seen.add(k);
    const c = m[k];
    if (!c) return;
    files.add(c.file);
    for (const i of c.imports ?? []) walk(i);
  };
  for (const k of keys) walk(k);
  return files;
}

/**
 * Web figures: JS per route (gzip, static imports of the entry, the layout and the route), chart routes apart; the
 * Content-Encoding the server picks for br / gzip clients; and the embedded default's memory at rest.
 */
export async function webFigures(opts: { port: number; say: (line: string) => void }): Promise<{ total: number; over: number }> {
  const { say } = opts;
  let total = 0;
  let over = 0;
  const check = (ok: boolean, text: string): void => {
    total++;
    if (!ok) over++;
    say(`${ok ? 'ok  ' : 'OVER'} ${text}  load ${load()}`);
  };
  const manifest = JSON.parse(readFileSync(join(WEB, '.vite/manifest.json'), 'utf8')) as Manifest;
  const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry) ?? 'index.html';
  const routes = Object.keys(manifest).filter((k) => k.startsWith('src/routes/') && k.includes('tsr-split=component'));
  const layout = routes.find((k) => k.startsWith('src/routes/_authed.tsx'));
  const sizes = routes.map((k) => {
    const keys = [entry, k, ...(k.startsWith('src/routes/_authed.') && layout ? [layout] : [])];
    const files = [...closure(manifest, keys)];
    const bytes = files.reduce((sum, f) => sum + gzipBytes(f), 0);
    const chart = files.some((f) => /Chart/.test(f));
    return { route: k.replace('src/routes/', '').replace(/\.tsx\?.*$/, ''), bytes, chart };
  });
  const plain = sizes.filter((s) => !s.chart).sort((a, b) => b.bytes - a.bytes)[0];
  const charts = sizes.filter((s) => s.chart).sort((a, b) => b.bytes - a.bytes)[0];
  const login = sizes.find((s) => s.route === 'login');
  if (login) check(login.bytes <= 250 * 1024, `first route (login) JS gzip ${kb(login.bytes)}  budget ≤ 250 KB`);
  if (plain) check(plain.bytes <= 250 * 1024, `largest non-chart route (${plain.route}) JS gzip ${kb(plain.bytes)}  budget ≤ 250 KB`);
  if (charts) check(charts.bytes <= 300 * 1024, `largest chart route (${charts.route}) JS gzip ${kb(charts.bytes)}  budget ≤ 300 KB`);

  // What the server sends for the entry script to a brotli client, a gzip-only client and one without either.
  const entryFile = manifest[entry]?.file;
  if (entryFile) {
    const client = new ConsoleClient(new URL(`http://127.0.0.1:${opts.port}`));
    const raw = readFileSync(join(WEB, entryFile)).length;
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
  await embeddedRss(opts.port + 100, say, check);
  return { total, over };
}

function withoutDatabase(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.ANALYTICS_DATABASE_URL;
  delete env.SAMPLE_MODE;
  return env;
}

/** Starts the embedded default (PGlite, sample data) in a fresh folder and reads its resident memory at rest. */
async function embeddedRss(port: number, say: (line: string) => void, check: (ok: boolean, text: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ops-bench-embedded-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, 'apps/server/src/main.ts')], {
    cwd: REPO_ROOT,
    env: { ...withoutDatabase(), DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  try {
    const deadline = Date.now() + 300_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the embedded console exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error('the embedded console did not start within 300 s');
      await new Promise((r) => setTimeout(r, 500));
    }
    const startMs = performance.now() - t0;
    check(startMs <= 60_000, `embedded default first start (PGlite, sample data) ${(startMs / 1000).toFixed(1)} s  budget ≤ 60 s`);
    await new Promise((r) => setTimeout(r, 15_000));
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    check(rssKb <= 300 * 1024, `embedded default at rest: ${(rssKb / 1024).toFixed(0)} MB RSS (15 s after start)  budget ≤ 300 MB`);
  } catch (err) {
    say(`OVER embedded default: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
