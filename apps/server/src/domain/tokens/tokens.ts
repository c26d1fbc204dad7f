import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '@ops/db';
import type { AccessTokenRow, CreatedAccessToken, TokenCreateInput } from '@ops/shared';
import type { RequestMeta, StaffIdentity } from '../../context.js';
import { writeAudit } from '../audit.js';

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
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('personal_access_tokens')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('staff_id', '=', staff.id)
      .where('revoked_at', 'is', null)
      .returning(['id', 'name'])
      .executeTakeFirst();
    if (!row) return false;
    await writeAudit(tx, staff, request, {
      action: 'tokens.revoke',
      resourceType: 'access_token',
      resourceId: row.id,
      before: { name: row.name },
      after: { revoked: true },
      reason: `Revoked access token "${row.name}"`,
    });
    return true;
  });
}

export type TokenResolution =
  | { ok: true; staff: StaffIdentity; token: { id: string; name: string } }
  | { ok: false; error: 'invalid_token'; description: string };

function refused(description: string): TokenResolution {
  return { ok: false, error: 'invalid_token', description };
}

/**
 * Resolves a bearer token to its staff member with that member's current role, in one query. A revoked or expired
 * token, or one whose staff member is no longer active, resolves to a refusal on the very next request.
 */
export async function resolveAccessToken(db: Db, bearer: string, now: Date): Promise<TokenResolution> {
  const match = TOKEN_RE.exec(bearer);
  if (!match?.[1] || !match[2]) return refused('The access token is malformed');
  const hex = match[1];
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const row = await db
    .selectFrom('personal_access_tokens as t')
    .innerJoin('staff_users as u', 'u.id', 't.staff_id')
    .select([
      't.id',
      't.name',
      't.secret_hash',
      't.expires_at',
      't.revoked_at',
      't.last_used_at',
      'u.id as staffId',
      'u.email',
      'u.name as staffName',
      'u.role',
      'u.active',
    ])
    .where('t.id', '=', id)
    .executeTakeFirst();
  const presented = hashSecret(match[2]);
  // Compare even when the row is missing, so an unknown id costs the same as a wrong secret.
  const stored = row ? Buffer.from(row.secret_hash, 'hex') : Buffer.alloc(presented.length);
  const equal = stored.length === presented.length && timingSafeEqual(stored, presented);
  if (!row || !equal) return refused('The access token is not valid');
  if (row.revoked_at !== null) return refused('The access token was revoked');
  if (new Date(row.expires_at) <= now) return refused('The access token expired');
  if (!row.active) return refused('The staff account of this token is not active');
  if (row.last_used_at === null || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
    await db.updateTable('personal_access_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return {
    ok: true,
    staff: { id: row.staffId, email: row.email, name: row.staffName, role: row.role, sessionId: null },
    token: { id: row.id, name: row.name },
  };
}

/**
 * Counts one request against the token's per-minute budget, in Postgres so every replica shares the count.
 * Returns the seconds to wait when the budget is spent, else null.
 */
export async function takeRateSlot(db: Db, tokenId: string, perMinute: number): Promise<number | null> {
  const row = await db
    .insertInto('token_rate_windows')
    .values({ token_id: tokenId, window_start: sql<string>`date_trunc('minute', now())`, requests: 1 })
    .onConflict((oc) =>
      oc.columns(['token_id', 'window_start']).doUpdateSet({ requests: sql<number>`token_rate_windows.requests + 1` }),
    )
    .returning(['requests', sql<number>`(60 - extract(second from now()))::int`.as('secondsLeft')])
    .executeTakeFirstOrThrow();
  if (row.requests === 1) {
    // A new minute: drop this token's old windows (its own rows only, found by the primary key).
    await db
      .deleteFrom('token_rate_windows')
      .where('token_id', '=', tokenId)
      .where('window_start', '<', sql<string>`date_trunc('minute', now())`)
      .execute();
  }
  return row.requests > perMinute ? Math.max(1, Number(row.secondsLeft)) : null;
}
