import { timingSafeEqual } from 'node:crypto';
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
 * with one token costs one database read per `ttlMs` instead of one each. An entry is only ever served to the secret
 * the database confirmed, and never after `ttlMs`, which bounds how long a revoked token or a deactivated staff
 * member can still be admitted on any replica.
 */
export interface CheckedTokens {
  /** The entry for this token if it was confirmed less than `ttlMs` ago for this very secret (its SHA-256). */
  fresh(tokenId: string, secretHash: Buffer): CheckedToken | undefined;
  /** Where a check starts: its result is kept only if nothing was forgotten meanwhile. */
  mark(): number;
  remember(secretHash: Buffer, checked: CheckedToken, mark: number): void;
  forget(tokenId: string): void;
}

export function createCheckedTokens(opts: { ttlMs?: number; now?: () => number } = {}): CheckedTokens {
  const ttlMs = opts.ttlMs ?? TOKEN_CHECK_MS;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, { at: number; secretHash: Buffer; checked: CheckedToken }>();
  // Moves on every forget: a check that read the row before a revocation must not put it back afterwards.
  let forgets = 0;
  return {
    fresh(tokenId, secretHash) {
      const entry = entries.get(tokenId);
      if (entry === undefined || now() - entry.at >= ttlMs) return undefined;
      return timingSafeEqual(entry.secretHash, secretHash) ? entry.checked : undefined;
    },
    mark: () => forgets,
    remember(secretHash, checked, mark) {
      if (mark !== forgets) return;
      const t = now();
      // A stale entry still knows when this replica last wrote the token's last use (the write may not have landed).
      const before = entries.get(checked.token.id)?.checked.lastUsedAt ?? null;
      if (before !== null && (checked.lastUsedAt === null || before > checked.lastUsedAt)) checked.lastUsedAt = before;
      if (entries.size >= MAX_ENTRIES && !entries.has(checked.token.id)) {
        for (const [k, e] of entries) if (t - e.at >= ttlMs) entries.delete(k);
        if (entries.size >= MAX_ENTRIES) entries.clear();
      }
      entries.set(checked.token.id, { at: t, secretHash, checked });
    },
    forget(tokenId) {
      forgets += 1;
      entries.delete(tokenId);
    },
  };
}
