import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../bootstrap.js';
import { budgetLines, type BudgetTally } from './budget-lines.js';

export const RSS_BUDGET_MB = 300;
export const FIRST_START_BUDGET_S = 60;

function withoutDatabase(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.ANALYTICS_DATABASE_URL;
  delete env.SAMPLE_MODE;
  return env;
}

const statusField = (pid: number, field: string): number => {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(m?.[1] ?? 0);
  } catch {
    return 0; // the process ended between listing and reading
  }
};

/** `pid` and every process below it. */
function processTree(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name (field 2) may hold spaces: the parent pid is the second field after its closing parenthesis.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(name), ppid);
    } catch {
      // gone
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, p] of parent) if (p === tree[i]) tree.push(child);
  return tree;
}

/** CPU time (user + system, clock ticks) of the processes given. */
export function cpuTicks(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11] ?? 0) + Number(f[12] ?? 0);
    } catch {
      // gone
    }
  }
  return ticks;
}

export interface EmbeddedFigures {
  firstStartMs: number;
  /** Seconds from healthy to the reading: at least 30, and idle (under 2 % of a core for 5 s in a row). */
  idleAfterS: number;
  rssKb: number;
  peakKb: number;
  processes: number;
}

/**
 * Starts the embedded default the way `npm run serve` does (tsx running apps/server/src/main.ts, no DATABASE_URL:
 * PGlite in DATA_DIR `dir`, sample data seeded when the folder is new), waits until it answers /healthz and then
 * until it is at rest, reads the resident memory of its process tree (VmRSS of the server and every child), and stops
 * it.
 */
async function measureEmbeddedIn(dir: string, port: number, extraEnv: Record<string, string>): Promise<EmbeddedFigures> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, 'apps/server/src/main.ts')], {
    cwd: REPO_ROOT,
    env: {
      ...withoutDatabase(),
      DATA_DIR: dir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const pid = child.pid;
  try {
    if (pid === undefined) throw new Error('the embedded console did not start');
    const deadline = Date.now() + 300_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the embedded console exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error('the embedded console did not answer /healthz within 300 s');
      await new Promise((r) => setTimeout(r, 250));
    }
    const firstStartMs = performance.now() - t0;
    // At rest: at least 30 s after it answered, and idle (under 2 ticks, 20 ms at 100 Hz, of CPU per second, five
    // seconds in a row); at most two minutes.
    const healthyAt = performance.now();
    let quiet = 0;
    let ticks = cpuTicks(processTree(pid));
    while ((quiet < 5 || performance.now() - healthyAt < 30_000) && performance.now() - healthyAt < 120_000) {
      await new Promise((r) => setTimeout(r, 1_000));
      const now = cpuTicks(processTree(pid));
      quiet = now - ticks < 2 ? quiet + 1 : 0;
      ticks = now;
    }
    const idleAfterS = (performance.now() - healthyAt) / 1000;
    const tree = processTree(pid);
    const rssKb = tree.reduce((sum, p) => sum + statusField(p, 'VmRSS'), 0);
    // A console that died while it was watched has no memory to read, and 0 MB would pass any budget.
    if (child.exitCode !== null || child.signalCode !== null || rssKb === 0)
      throw new Error(
        `the embedded console was gone before it was at rest (${child.signalCode ?? `exit code ${child.exitCode}`})`,
      );
    return {
      firstStartMs,
      idleAfterS,
      rssKb,
      peakKb: tree.reduce((sum, p) => sum + statusField(p, 'VmHWM'), 0),
      processes: tree.length,
    };
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
}

/**
 * The embedded default's first start on a fresh folder (seeding the sample data) and a restart over the folder it
 * left (the everyday case), each measured at rest. The folder is removed afterwards.
 */
export async function measureEmbedded(
  port: number,
  extraEnv: Record<string, string> = {},
): Promise<{ first: EmbeddedFigures; restart: EmbeddedFigures }> {
  const dir = mkdtempSync(join(tmpdir(), 'ops-bench-embedded-'));
  try {
    const first = await measureEmbeddedIn(dir, port, extraEnv);
    const restart = await measureEmbeddedIn(dir, port, extraEnv);
    return { first, restart };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the embedded default's first start and memory at rest against their budgets. */
export async function embeddedLines(port: number, say: (line: string) => void, load: () => string): Promise<BudgetTally> {
  const { check, tally } = budgetLines(say, load);
  try {
    const { first, restart } = await measureEmbedded(port);
    const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;
    check(
      first.firstStartMs <= FIRST_START_BUDGET_S * 1000,
      `embedded default first start (PGlite, fresh folder, sample data) ${(first.firstStartMs / 1000).toFixed(1)} s  budget ≤ ${FIRST_START_BUDGET_S} s`,
    );
    for (const [label, f] of [
      ['after its first start', first],
      ['restarted on its folder', restart],
    ] as const) {
      check(
        f.rssKb <= RSS_BUDGET_MB * 1024,
        `embedded default at rest ${label}: ${mb(f.rssKb)} RSS over ${f.processes} process(es), ${f.idleAfterS.toFixed(0)} s after healthy (peak ${mb(f.peakKb)})  budget ≤ ${RSS_BUDGET_MB} MB`,
      );
    }
  } catch (err) {
    check(false, `embedded default: ${err instanceof Error ? err.message : String(err)}`);
  }
  return tally();
}
