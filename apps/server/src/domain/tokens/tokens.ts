import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '@ops/db';
import type { AccessTokenRow, CreatedAccessToken, TokenCreateInput } from '@ops/shared';
import type { RequestMeta, StaffIdentity } from '../../context.js';
import { writeAudit } from '../audit/write.js';
import { DomainError } from '../errors.js';
import type { CheckedTokens } from './checked-tokens.js';

/**
 * Personal access tokens. The token a person copies is `ops_pat_<id>_<secret>`: the id finds the row, and only a
 * SHA-256 of the secret is stored, compared in constant time. The secret is never logged nor shown again.
 */
const PREFIX = 'ops_pat_';
const TOKEN_RE = /^ops_pat_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

function toRow(r: {
  id: string;
  name: string;
  created_at: string | Date;
  last_used_at: string | Date | null;
  expires_at: string | Date;
  revoked_at: string | Date | null;
}): AccessTokenRow {
  const iso = (v: string | Date) => new Date(v).toISOString();
  return {
    id: r.id,
    name: r.name,
    createdAt: iso(r.created_at),
    lastUsedAt: r.last_used_at === null ? null : iso(r.last_used_at),
    expiresAt: iso(r.expires_at),
    revokedAt: r.revoked_at === null ? null : iso(r.revoked_at),
  };
}

export async function createAccessToken(
  db: Db,
  staff: StaffIdentity,
  request: RequestMeta,
  input: TokenCreateInput,
  now: Date,
): Promise<CreatedAccessToken> {
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + input.expiresInDays * 24 * 60 * 60 * 1000);
  return db.transaction().execute(async (tx) => {
    // An audit row names the token an assistant acted through by its name: two live tokens of one person may not
    // share one, or nobody could tell which to revoke. The staff row's lock makes two creates wait for each other.
    await tx.selectFrom('staff_users').select('id').where('id', '=', staff.id).forUpdate().executeTakeFirst();
    const clash = await tx
      .selectFrom('personal_access_tokens')
      .select('id')
      .where('staff_id', '=', staff.id)
      .where(sql<string>`lower(name)`, '=', input.name.toLowerCase())
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirst();
    if (clash) {
      throw new DomainError('CONFLICT', `name: you already have a token named "${input.name}"; revoke it or choose another name`);
    }
    const row = await tx
      .insertInto('personal_access_tokens')
      .values({
        staff_id: staff.id,
        name: input.name,
        secret_hash: hashSecret(secret).toString('hex'),
        expires_at: expiresAt,
      })
      .returning(['id', 'name', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'])
      .executeTakeFirstOrThrow();
    await writeAudit(tx, staff, request, {
      action: 'tokens.create',
      resourceType: 'access_token',
      resourceId: row.id,
      after: { name: row.name, expiresAt: expiresAt.toISOString() },
      reason: `Created access token "${row.name}"`,
    });
    return { ...toRow(row), token: `${PREFIX}${row.id.replaceAll('-', '')}_${secret}` };
  });
}

/** The staff member's own tokens, newest first (a person has a handful; no paging needed beyond the cap). */
export async function listAccessTokens(db: Db, staffId: string): Promise<AccessTokenRow[]> {
  const rows = await db
    .selectFrom('personal_access_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'])
    .where('staff_id', '=', staffId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return rows.map(toRow);
}

/** Revokes one of the caller's own tokens; false when there is no such live token of theirs. */
export async function revokeAccessToken(
  db: Db,
  staff: StaffIdentity,
  request: RequestMeta,
  id: string,
  now: Date,
): Promise<{ revoked: true }> {
  await db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('personal_access_tokens')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('staff_id', '=', staff.id)
      .where('revoked_at', 'is', null)
      .returning(['id', 'name'])
      .executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', 'id: no such active token of yours');
    await writeAudit(tx, staff, request, {
      action: 'tokens.revoke',
      resourceType: 'access_token',
      resourceId: row.id,
      before: { name: row.name },
      after: { revoked: true },
      reason: `Revoked access token "${row.name}"`,
    });
  });
  // After the commit: a check that reads the token from now on sees it revoked.
  for (const listener of revocationListeners) listener(id);
  return { revoked: true };
}

const revocationListeners = new Set<(tokenId: string) => void>();

/**
 * Tells the caller at once of every token revoked by this process, so the replica that revoked it refuses it on the
 * very next request; other replicas stop admitting it within TOKEN_CHECK_MS. Returns the unsubscribe.
 */
export function onAccessTokenRevoked(listener: (tokenId: string) => void): () => void {
  revocationListeners.add(listener);
  return () => void revocationListeners.delete(listener);
}

export type TokenResolution =
  | { ok: true; staff: StaffIdentity; token: { id: string; name: string }; waitSeconds: number | null }
  | { ok: false; error: 'invalid_token'; description: string };

function refused(description: string): TokenResolution {
  return { ok: false, error: 'invalid_token', description };
}

/**
 * Requests this process has already reserved from tokens' shared per-minute budgets. Each replica reserves a small
 * block of a token's budget in one statement and spends it locally, reserving the next block in the background
 * before this one runs out, so most requests write nothing and none waits for a write while the budget lasts; the
 * shared count in Postgres is the sum of every replica's reservations and grants never exceed the limit. Concurrent
 * requests on one replica share one reservation in flight. When the budget runs out, a replica may still hold a
 * few unspent requests that another replica cannot use: a token can be refused a little early, never admitted
 * beyond its limit.
 */
export interface RateLeases {
  /** Unspent requests reserved for this token in this minute. */
  available(tokenId: string, window: number): number;
  /** Spends one reserved request; false when none is left. */
  spend(tokenId: string, window: number): boolean;
  /** A reservation for this token and minute is in flight. */
  refilling(tokenId: string, window: number): boolean;
  /** This minute's budget is spent (a reservation granted nothing): no need to ask again until the next minute. */
  exhausted(tokenId: string, window: number): boolean;
  /**
   * Runs `reserve` (or joins the one in flight for this token and minute) and keeps what it granted; `null` means
   * nothing was reserved (the request that tried was refused), which says nothing about the budget.
   */
  refill(tokenId: string, window: number, reserve: () => Promise<number | null>): Promise<number | null>;
  drop(tokenId: string): void;
}

const MAX_LEASED_TOKENS = 10_000;

interface Lease {
  window: number;
  left: number;
  exhausted: boolean;
  pending: Promise<number | null> | null;
}

export function createRateLeases(): RateLeases {
  const leases = new Map<string, Lease>();
  const current = (tokenId: string, window: number): Lease | undefined => {
    const lease = leases.get(tokenId);
    return lease !== undefined && lease.window === window ? lease : undefined;
  };
  const open = (tokenId: string, window: number): Lease => {
    const found = current(tokenId, window);
    if (found) return found;
    if (leases.size >= MAX_LEASED_TOKENS) {
      for (const [id, l] of leases) if (l.window < window && l.pending === null) leases.delete(id);
      if (leases.size >= MAX_LEASED_TOKENS) leases.clear();
    }
    const lease: Lease = { window, left: 0, exhausted: false, pending: null };
    leases.set(tokenId, lease);
    return lease;
  };
  return {
    available: (tokenId, window) => current(tokenId, window)?.left ?? 0,
    spend(tokenId, window) {
      const lease = current(tokenId, window);
      if (lease === undefined || lease.left <= 0) return false;
      lease.left -= 1;
      return true;
    },
    refilling: (tokenId, window) => (current(tokenId, window)?.pending ?? null) !== null,
    exhausted: (tokenId, window) => current(tokenId, window)?.exhausted ?? false,
    refill(tokenId, window, reserve) {
      const lease = open(tokenId, window);
      if (lease.pending !== null) return lease.pending;
      const pending = reserve()
        .then((granted) => {
          if (granted !== null) lease.left += granted;
          if (granted === 0) lease.exhausted = true;
          return granted;
        })
        .finally(() => {
          lease.pending = null;
        });
      lease.pending = pending;
      return pending;
    },
    drop: (tokenId) => void leases.delete(tokenId),
  };
}

/**
 * How many requests a replica reserves at once: about a twentieth of the minute's budget, at most 16, so a burst
 * writes once per block and leftovers stay small next to the limit.
 */
export function leaseSize(perMinute: number): number {
  return Math.max(1, Math.min(16, Math.ceil(perMinute / 20)));
}

/** When this few of a block are left, the next is reserved ahead: a replica holds at most a block and a quarter. */
export function refillBelow(size: number): number {
  return Math.floor(size / 4);
}

interface AdmissionRow {
  id: string;
  name: string;
  secret_hash: string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
  staff_id: string;
  email: string;
  staff_name: string;
  role: StaffIdentity['role'];
  active: boolean;
  requests: number | null;
}

const MINUTE_MS = 60_000;
/** The token list shows last use to the minute: it is written at most this often per token and replica. */
const LAST_USED_EVERY_MS = MINUTE_MS;

function tokenRow(db: Db, id: string): Promise<AdmissionRow | undefined> {
  return sql<AdmissionRow>`
    select t.id, t.name, t.secret_hash, t.expires_at, t.revoked_at, t.last_used_at,
      u.id as staff_id, u.email, u.name as staff_name, u.role, u.active, null::int as requests
    from personal_access_tokens t join staff_users u on u.id = t.staff_id
    where t.id = ${id}`
    .execute(db)
    .then((r) => r.rows[0]);
}

/** The token's row and, only when the token is valid, a block of `size` requests reserved from its shared count. */
function tokenRowReserving(
  db: Db,
  id: string,
  presentedHash: string,
  now: Date,
  window: Date,
  size: number,
): Promise<AdmissionRow | undefined> {
  return sql<AdmissionRow>`
    with t as (
      select t.id, t.name, t.secret_hash, t.expires_at, t.revoked_at, t.last_used_at,
        u.id as staff_id, u.email, u.name as staff_name, u.role, u.active
      from personal_access_tokens t join staff_users u on u.id = t.staff_id
      where t.id = ${id}
    ), slot as (
      insert into token_rate_windows (token_id, window_start, requests)
      select t.id, ${window}::timestamptz, ${size}::int from t
      where t.secret_hash = ${presentedHash} and t.revoked_at is null and t.expires_at > ${now} and t.active
      on conflict (token_id, window_start) do update set requests = token_rate_windows.requests + ${size}::int
      returning requests
    )
    select t.*, slot.requests from t left join slot on true`
    .execute(db)
    .then((r) => r.rows[0]);
}

/** Reserves a block for a token already known to be valid; returns the shared count after it. */
async function reserve(db: Db, id: string, window: Date, size: number): Promise<number> {
  const row = await db
    .insertInto('token_rate_windows')
    .values({ token_id: id, window_start: window, requests: size })
    .onConflict((oc) =>
      oc.columns(['token_id', 'window_start']).doUpdateSet({ requests: sql<number>`token_rate_windows.requests + ${size}` }),
    )
    .returning('requests')
    .executeTakeFirstOrThrow();
  return row.requests;
}

/** What a block reservation that brought the shared count to `after` actually granted, within `perMinute`. */
export function grantedBy(after: number, size: number, perMinute: number): number {
  return Math.max(0, Math.min(size, perMinute - (after - size)));
}

function parseBearer(bearer: string): { id: string; secret: string } | null {
  const match = TOKEN_RE.exec(bearer);
  if (!match?.[1] || !match[2]) return null;
  const hex = match[1];
  return {
    id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    secret: match[2],
  };
}

function windowOf(now: Date): number {
  return Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
}

/**
 * Admits one request made with a bearer token: resolves the token to its staff member with that member's current
 * role, and spends one request of the token's per-minute budget. With `checked`, a token the database confirmed less
 * than TOKEN_CHECK_MS ago is admitted from memory, so a revoked token, or one whose staff member is no longer active,
 * is refused on every replica within that time (and at once by the replica that revoked it, which forgets it);
 * without it, on the very next request. Expiry is checked on every request either way.
 *
 * The budget is shared by every replica through Postgres: a request spends one this replica reserved earlier (no
 * round trip), and when none is left the next block is reserved, in the same statement as the token's lookup when
 * there is one. `waitSeconds` is set when this minute's budget is spent. The last use is written in the background,
 * at most once a minute per token and replica; `onWriteError` hears of such a write that failed.
 */
export async function admitAccessToken(
  db: Db,
  bearer: string,
  now: Date,
  perMinute: number,
  leases: RateLeases,
  opts: { checked?: CheckedTokens; onWriteError?: (error: unknown) => void } = {},
): Promise<TokenResolution> {
  const { checked } = opts;
  const windowMs = windowOf(now);
  const window = new Date(windowMs);
  const size = leaseSize(perMinute);
  let firstOfMinute = false;
  const booked = (after: number): number => {
    firstOfMinute ||= after === size;
    return grantedBy(after, size, perMinute);
  };

  let known = checked?.fresh(bearer);
  let id: string;
  if (known === undefined) {
    const parsed = parseBearer(bearer);
    if (parsed === null) return refused('The access token is malformed');
    id = parsed.id;
    const presented = hashSecret(parsed.secret);
    const mark = checked?.mark() ?? 0;
    let row: AdmissionRow | undefined;
    if (leases.available(id, windowMs) > 0 || leases.refilling(id, windowMs) || leases.exhausted(id, windowMs)) {
      row = await tokenRow(db, id);
    } else {
      // This request reserves the next block for the replica; requests arriving meanwhile wait for it.
      const read: { row?: AdmissionRow | undefined } = {};
      await leases.refill(id, windowMs, async () => {
        read.row = await tokenRowReserving(db, id, presented.toString('hex'), now, window, size);
        return read.row?.requests == null ? null : booked(read.row.requests);
      });
      row = 'row' in read ? read.row : await tokenRow(db, id);
    }
    // Compare even when the row is missing, so an unknown id costs the same as a wrong secret.
    const stored = row ? Buffer.from(row.secret_hash, 'hex') : Buffer.alloc(presented.length);
    const equal = stored.length === presented.length && timingSafeEqual(stored, presented);
    const refusal =
      !row || !equal
        ? 'The access token is not valid'
        : row.revoked_at !== null
          ? 'The access token was revoked'
          : new Date(row.expires_at) <= now
            ? 'The access token expired'
            : !row.active
              ? 'The staff account of this token is not active'
              : null;
    if (!row || refusal !== null) {
      // Only a request with the right secret may touch the token's reserved requests.
      if (equal) {
        leases.drop(id);
        checked?.forget(id);
      }
      return refused(refusal ?? 'The access token is not valid');
    }
    known = {
      staff: { id: row.staff_id, email: row.email, name: row.staff_name, role: row.role, sessionId: null },
      token: { id: row.id, name: row.name },
      expiresAt: new Date(row.expires_at).getTime(),
      lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at).getTime(),
    };
    checked?.remember(bearer, known, mark);
  } else {
    id = known.token.id;
    if (known.expiresAt <= now.getTime()) {
      leases.drop(id);
      checked?.forget(id);
      return refused('The access token expired');
    }
  }

  const background = (write: Promise<unknown>) => void write.catch((error: unknown) => opts.onWriteError?.(error));
  if (known.lastUsedAt === null || now.getTime() - known.lastUsedAt > LAST_USED_EVERY_MS) {
    // Shared with the memo: the requests of the next minute on this replica see the write as done.
    known.lastUsedAt = now.getTime();
    background(db.updateTable('personal_access_tokens').set({ last_used_at: now }).where('id', '=', id).execute());
  }
  // Other requests of this replica may have spent what this one counted on: it then waits for (or starts) the
  // next reservation, until one grants nothing.
  let admitted = leases.spend(id, windowMs);
  while (!admitted && !leases.exhausted(id, windowMs)) {
    await leases.refill(id, windowMs, async () => booked(await reserve(db, id, window, size)));
    admitted = leases.spend(id, windowMs);
  }
  // The next block is reserved in the background while a few requests of this one are left, so a steady stream of
  // requests never waits for the database; a burst that outruns it waits as above.
  if (
    admitted &&
    leases.available(id, windowMs) <= refillBelow(size) &&
    !leases.refilling(id, windowMs) &&
    !leases.exhausted(id, windowMs)
  ) {
    background(leases.refill(id, windowMs, async () => grantedBy(await reserve(db, id, window, size), size, perMinute)));
  }
  if (firstOfMinute) {
    // A new minute for this token: drop its old windows (its own rows only, found by the primary key).
    background(
      db.deleteFrom('token_rate_windows').where('token_id', '=', id).where('window_start', '<', window.toISOString()).execute(),
    );
  }
  return {
    ok: true,
    staff: known.staff,
    token: known.token,
    waitSeconds: admitted ? null : Math.max(1, Math.ceil((windowMs + MINUTE_MS - now.getTime()) / 1000)),
  };
}
