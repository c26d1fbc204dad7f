import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from '../bootstrap.js';
import { budgetLines, type BudgetTally } from './budget-lines.js';

/** One record of Vite's build manifest (dist/web/.vite/manifest.json). */
interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
}
type Manifest = Record<string, ManifestChunk>;

export const WEB_DIST = resolve(REPO_ROOT, 'dist/web');

const KB = 1024;
export const FIRST_ROUTE_BUDGET = 250 * KB;
export const CHART_ROUTE_BUDGET = 300 * KB;

/** What one route costs a browser that opens the console on it (a link, a reload, a bookmark). */
export interface RouteSize {
  /** The route's path as the router names it, e.g. `_authed.support.users.$userId`. */
  route: string;
  /** gzip bytes of every JS file the route needs before it renders: the entry, the layout and the route chunk, with their static imports. */
  firstLoad: number;
  /** gzip bytes the route fetches after it renders (lazy chart code), not counted in firstLoad. */
  afterRender: number;
  /** The route draws a chart (Recharts is among its files, static or lazy). */
  chart: boolean;
  budget: number;
}

function gzipBytes(dir: string, file: string): number {
  const pre = join(dir, `${file}.gz`);
  return existsSync(pre) ? readFileSync(pre).length : gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
}

/** The manifest keys a chunk pulls in statically, itself included. */
function staticClosure(m: Manifest, keys: string[], into = new Set<string>()): Set<string> {
  const walk = (k: string): void => {
    if (into.has(k) || !m[k]) return;
    into.add(k);
    for (const i of m[k]?.imports ?? []) walk(i);
  };
  for (const k of keys) walk(k);
  return into;
}

/** Recharts' own code names the wrapper element it renders; no other library in the console writes this string. */
const isRecharts = (dir: string, file: string): boolean => readFileSync(join(dir, file), 'utf8').includes('recharts-wrapper');

/**
 * JS per route from a production build, gzip as served (the .gz files the build writes beside each asset). A route's
 * first load is the static-import closure of the entry, the `_authed` layout (for signed-in routes) and the route's
 * own split chunk; what it imports dynamically beyond that (chart code behind React.lazy) is counted apart.
 */
export function routeSizes(dir = WEB_DIST): { routes: RouteSize[]; entry: number; entryHasRecharts: boolean } {
  const m = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8')) as Manifest;
  const bytes = (keys: Iterable<string>): number => {
    let sum = 0;
    for (const k of keys) {
      const file = m[k]?.file;
      if (file?.endsWith('.js')) sum += gzipBytes(dir, file);
    }
    return sum;
  };
  const hasRecharts = (keys: Iterable<string>): boolean => {
    for (const k of keys) {
      const file = m[k]?.file;
      if (file?.endsWith('.js') && isRecharts(dir, file)) return true;
    }
    return false;
  };
  const entryKey = Object.keys(m).find((k) => m[k]?.isEntry) ?? 'index.html';
  const routeKeys = Object.keys(m).filter((k) => k.startsWith('src/routes/') && k.includes('tsr-split=component'));
  const routeKey = new Set(routeKeys);
  const layout = routeKeys.find((k) => k.startsWith('src/routes/_authed.tsx'));
  const entryClosure = staticClosure(m, [entryKey]);

  const routes = routeKeys
    .filter((k) => k !== layout)
    .map((k): RouteSize => {
      const first = staticClosure(m, [entryKey, ...(layout && k.startsWith('src/routes/_authed.') ? [layout] : []), k]);
      // Lazy imports of the route's own files (not of the entry, which lazily imports every route and Sentry).
      const lazy = new Set<string>();
      for (const key of first) {
        if (entryClosure.has(key)) continue;
        for (const d of m[key]?.dynamicImports ?? []) if (!routeKey.has(d)) staticClosure(m, [d], lazy);
      }
      for (const key of first) lazy.delete(key);
      const chart = hasRecharts(first) || hasRecharts(lazy);
      return {
        route: k.replace('src/routes/', '').replace(/\.tsx\?.*$/, ''),
        firstLoad: bytes(first),
        afterRender: bytes(lazy),
        chart,
        budget: chart ? CHART_ROUTE_BUDGET : FIRST_ROUTE_BUDGET,
      };
    })
    .sort((a, b) => b.firstLoad - a.firstLoad);
  return { routes, entry: bytes(entryClosure), entryHasRecharts: hasRecharts(entryClosure) };
}

const kb = (n: number): string => `${(n / KB).toFixed(1)} KB`;

/**
 * Prints every route's first-load JS against its budget: any route can be the first one a person opens (a shared
 * link, a reload), so each non-chart route is held to the first-route budget (250 KB) and each chart route to 300 KB.
 * Chart code fetched after the route renders is shown beside it. Returns how many lines were checked and how many
 * were over.
 */
export function bundleFigures(say: (line: string) => void, load: () => string, dir = WEB_DIST): BudgetTally {
  const { routes, entry, entryHasRecharts } = routeSizes(dir);
  // Sizes do not depend on the load: it is printed once, in the heading.
  const { check, tally } = budgetLines(say);
  say(`Route JS, gzip, first load = entry + layout + route with their static imports (load ${load()}):`);
  check(!entryHasRecharts, `entry ${kb(entry)}: ${entryHasRecharts ? 'carries' : 'carries no'} Recharts`);
  for (const r of routes) {
    const lazy =
      r.afterRender > 0 ? `  + ${kb(r.afterRender).padStart(8)} after render (= ${kb(r.firstLoad + r.afterRender)})` : '';
    check(
      r.firstLoad <= r.budget,
      `${r.route.padEnd(40)} ${kb(r.firstLoad).padStart(8)}  budget ≤ ${kb(r.budget).padStart(8)}${r.chart ? ' (chart route)' : ''}${lazy}`,
    );
  }
  return tally();
}
