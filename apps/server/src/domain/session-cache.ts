import type { StaffIdentity } from '../context.js';

/** How long one replica may serve a session check from memory: revocation, logout and deactivation reach every replica within this. */
export const SESSION_CACHE_MS = 500;
const MAX_ENTRIES = 10_000;

/**
 * A short-lived per-process memo of session checks, so a burst of requests on one session costs one database round
 * trip per `ttlMs` instead of one each. Concurrent misses for the same token share one lookup. Entries are never
 * older than `ttlMs`, which bounds how long a revoked session can still be honoured on any replica.
 */
export function createSessionCache(
  resolve: (token: string) => Promise<StaffIdentity | null>,
  opts: { ttlMs?: number; now?: () => number } = {},
): { check(token: string): Promise<StaffIdentity | null>; forget(token: string): void } {
  const ttlMs = opts.ttlMs ?? SESSION_CACHE_MS;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, { at: number; value: Promise<StaffIdentity | null> }>();
  return {
    check(token) {
      const t = now();
      const hit = entries.get(token);
      if (hit && t - hit.at < ttlMs) return hit.value;
      if (entries.size >= MAX_ENTRIES) {
        for (const [k, e] of entries) if (t - e.at >= ttlMs) entries.delete(k);
        if (entries.size >= MAX_ENTRIES) entries.clear();
      }
      const value = resolve(token);
      entries.set(token, { at: t, value });
      // A failed lookup is not remembered.
      value.catch(() => entries.delete(token));
      return value;
    },
    /** Drops a token at once (logout on this replica); other replicas drop it when their entry ages out. */
    forget(token) {
      entries.delete(token);
    },
  };
}
