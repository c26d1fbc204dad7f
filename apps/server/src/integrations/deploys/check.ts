import { z } from 'zod';
import { joinUrl, requestJson, TransportError } from '../fetch-json.js';

export interface DeployTarget {
  name: string;
  url: string;
}
export interface DeployTargetHealth {
  name: string;
  url: string;
  /**
   * `unknown` when the target gave no answer within the check's time (it may be fine and merely slow, or the check's
   * own budget ran out); `down` only when it answered unhealthy or could not be reached at all (refused, reset).
   */
  state: 'up' | 'down' | 'unknown';
  /** The target's own word from /healthz (`ok`, `degraded`, …), null when it did not answer. */
  status: string | null;
  version: string | null;
  sha: string | null;
  httpStatus: number | null;
  responseMs: number;
  error: string | null;
  /** True when this target runs something other than the majority of the answering targets. */
  drift: boolean;
}
export interface DeployCheck {
  targets: DeployTargetHealth[];
  /** What most answering targets run; null when none answered. */
  majority: { version: string | null; sha: string | null } | null;
  drift: boolean;
  checkedAt: string;
}

const healthz = z.object({ status: z.string(), version: z.string().nullish(), sha: z.string().nullish() });

async function checkOne(
  target: DeployTarget,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Omit<DeployTargetHealth, 'drift'>> {
  const started = performance.now();
  const base = { name: target.name, url: target.url };
  /** A target that said nothing we could read about what it runs. */
  const down = (httpStatus: number | null, error: string, state: 'down' | 'unknown' = 'down') => ({
    ...base,
    state,
    status: null,
    version: null,
    sha: null,
    httpStatus,
    responseMs: Math.round(performance.now() - started),
    error,
  });
  try {
    const response = await requestJson(joinUrl(target.url, '/healthz'), { timeoutMs, signal });
    const responseMs = Math.round(performance.now() - started);
    const parsed = healthz.safeParse(response.json);
    if (!parsed.success) return down(response.status, `unexpected /healthz answer (HTTP ${response.status})`);
    const up = response.status >= 200 && response.status < 300 && parsed.data.status === 'ok';
    return {
      ...base,
      state: up ? 'up' : 'down',
      status: parsed.data.status,
      version: parsed.data.version ?? null,
      sha: parsed.data.sha ?? null,
      httpStatus: response.status,
      responseMs,
      error: up ? null : `status ${parsed.data.status} (HTTP ${response.status})`,
    };
  } catch (error) {
    // Silence within the time allowed says nothing about the target's health: it is unknown, not down.
    const silent = error instanceof TransportError && (error.kind === 'timeout' || error.kind === 'aborted');
    return down(null, error instanceof Error ? error.message : String(error), silent ? 'unknown' : 'down');
  }
}

/** GETs every target's /healthz in parallel and marks the ones whose version/sha differ from the majority. */
export async function checkDeployTargets(targets: DeployTarget[], timeoutMs: number, signal?: AbortSignal): Promise<DeployCheck> {
  const results = await Promise.all(targets.map((t) => checkOne(t, timeoutMs, signal)));
  const key = (r: { version: string | null; sha: string | null }) => `${r.version ?? ''}@${r.sha ?? ''}`;
  const answered = results.filter((r) => r.version !== null || r.sha !== null);
  const tally = new Map<string, { count: number; version: string | null; sha: string | null }>();
  for (const r of answered) {
    const k = key(r);
    tally.set(k, { count: (tally.get(k)?.count ?? 0) + 1, version: r.version, sha: r.sha });
  }
  // Ties break by the first target listed, so the answer does not flip between checks.
  let majority: { count: number; version: string | null; sha: string | null } | null = null;
  for (const v of tally.values()) if (!majority || v.count > majority.count) majority = v;
  const withDrift = results.map((r) => ({
    ...r,
    drift: majority !== null && (r.version !== null || r.sha !== null) && key(r) !== key(majority),
  }));
  return {
    targets: withDrift,
    majority: majority ? { version: majority.version, sha: majority.sha } : null,
    drift: withDrift.some((r) => r.drift),
    checkedAt: new Date().toISOString(),
  };
}
