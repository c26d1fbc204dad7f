import type { StaffIdentity } from '../../context.js';

/**
 * How long one replica may admit an access token from memory after the database confirmed it: a revoked token, a
 * deactivated staff member and a changed role reach every replica within this. Expiry needs no database and is
 * checked on every request.
 */
export const TOKEN_CHECK_MS = 500;
const MAX_ENTRIES = 10_000;

/** A token as the database last confirmed it: valid, its staff member active, with that member's role. */
export interface CheckedToken {
  staff: StaffIdentity;
  token: { id: string; name: string };
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Epoch milliseconds of the last use written (or being written) to the token's row. */
  lastUsedAt: number | null;
}

/**
 * A short-lived per-replica memo of access-token checks, as sessions have (session-cache.ts): a burst of requests
 * with one token costs one database read per `ttlMs` instead of one each. Like the session memo it is keyed by the
 * bearer itself, so a request it admits costs no hashing: only the exact bearer the database confirmed finds an
 * entry (a wrong secret for the same token misses and is checked against the database), and an entry is never
 * served, nor kept, after `ttlMs`, which bounds how long a revoked token or a deactivated staff member can still be
 * admitted on any replica.
 */
export interface CheckedTokens {
  /** The entry for this bearer if the database confirmed it less than `ttlMs` ago. */
  fresh(bearer: string): CheckedToken | undefined;
  /** Where a check starts: its result is kept only if nothing was forgotten meanwhile. */
  mark(): number;
  remember(bearer: string, checked: CheckedToken, mark: number): void;
  forget(tokenId: string): void;
}

export function createCheckedTokens(opts: { ttlMs?: number; now?: () => number } = {}): CheckedTokens {
  const ttlMs = opts.ttlMs ?? TOKEN_CHECK_MS;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, { at: number; checked: CheckedToken }>();
  // The one bearer remembered for each token (only the right secret is ever confirmed), to forget it by id.
  const bearers = new Map<string, string>();
  // When this replica last wrote the last use of tokens whose entry went stale (the write may not have landed when
  // the token is read again): kept without the bearer.
  const lastUsed = new Map<string, number>();
  // Moves on every forget: a check that read the row before a revocation must not put it back afterwards.
  let forgets = 0;
  let swept = now();
  const drop = (bearer: string, checked: CheckedToken) => {
    const id = checked.token.id;
    entries.delete(bearer);
    if (bearers.get(id) === bearer) bearers.delete(id);
    if (checked.lastUsedAt !== null) lastUsed.set(id, checked.lastUsedAt);
  };
  return {
    fresh(bearer) {
      const entry = entries.get(bearer);
      if (entry === undefined) return undefined;
      if (now() - entry.at < ttlMs) return entry.checked;
      drop(bearer, entry.checked);
      return undefined;
    },
    mark: () => forgets,
    remember(bearer, checked, mark) {
      if (mark !== forgets) return;
      const t = now();
      const id = checked.token.id;
      // Entries nobody asked for since they went stale still hold a bearer: drop them now and then.
      if (t - swept >= ttlMs || entries.size >= MAX_ENTRIES) {
        swept = t;
        for (const [b, e] of entries) if (t - e.at >= ttlMs) drop(b, e.checked);
        if (entries.size >= MAX_ENTRIES) {
          entries.clear();
          bearers.clear();
        }
        if (lastUsed.size >= MAX_ENTRIES) lastUsed.clear();
      }
      const written = lastUsed.get(id);
      if (written !== undefined) {
        lastUsed.delete(id);
        if (checked.lastUsedAt === null || written > checked.lastUsedAt) checked.lastUsedAt = written;
      }
      bearers.set(id, bearer);
      entries.set(bearer, { at: t, checked });
    },
    forget(tokenId) {
      forgets += 1;
      const bearer = bearers.get(tokenId);
      if (bearer !== undefined) entries.delete(bearer);
      bearers.delete(tokenId);
      lastUsed.delete(tokenId);
    },
  };
}
