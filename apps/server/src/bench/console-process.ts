import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../bootstrap.js';

/**
 * Starts the console as its own process, as `npm run serve` does (tsx running apps/server/src/main.ts, production
 * mode, default pool sizes, its workers running) on the bench's database, and waits until /healthz answers.
 */
export async function startConsoleProcess(opts: {
  databaseUrl: string;
  port: number;
  /** Sample mode seeds the sample data set and serves the vendor stand-ins. */
  sampleMode: boolean;
  logLevel: 'info' | 'warn';
  timeoutMs: number;
}): Promise<ChildProcess> {
  // BENCH_CPU_PROF=<folder>: the console writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', resolve(REPO_ROOT, 'apps/server/src/main.ts')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: opts.databaseUrl,
      SAMPLE_MODE: String(opts.sampleMode),
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      // A bench database is a development one; its audit anchors are signed with a fixed key so reruns verify them.
      ENVIRONMENT: 'development',
      AUDIT_SIGNING_KEY: 'bench-audit-signing-key-not-a-secret-0123456789',
      LOG_LEVEL: opts.logLevel,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the console exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${opts.port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`the console did not answer /healthz within ${Math.round(opts.timeoutMs / 1000)} s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
