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
  | { ok: true; staff: StaffIdentity; token: { id: string; name: string }; waitSeconds: number | null }
  | { ok: false; error: 'invalid_token'; description: string };

function refused(description: string): TokenResolution {
  return { ok: false, error: 'invalid_token', description };
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
  seconds_left: number | null;
}

/**
 * Admits one request made with a bearer token, in one round trip: resolves the token to its staff member with that
 * member's current role, and — only when the token is valid — counts the request against the token's per-minute
 * budget (in Postgres, so every replica shares the count; the counters live in an unlogged table). A revoked or
 * expired token, or one whose staff member is no longer active, is refused on the very next request.
 * `waitSeconds` is set when this minute's budget is spent.
 */
export async function admitAccessToken(db: Db, bearer: string, now: Date, perMinute: number): Promise<TokenResolution> {
  const match = TOKEN_RE.exec(bearer);
  if (!match?.[1] || !match[2]) return refused('The access token is malformed');
  const hex = match[1];
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const presented = hashSecret(match[2]);
  const { rows } = await sql<AdmissionRow>`
    with t as (
      select t.id, t.name, t.secret_hash, t.expires_at, t.revoked_at, t.last_used_at,
        u.id as staff_id, u.email, u.name as staff_name, u.role, u.active
      from personal_access_tokens t join staff_users u on u.id = t.staff_id
      where t.id = ${id}
    ), slot as (
      insert into token_rate_windows (token_id, window_start, requests)
      select t.id, date_trunc('minute', now()), 1 from t
      where t.secret_hash = ${presented.toString('hex')} and t.revoked_at is null and t.expires_at > ${now} and t.active
      on conflict (token_id, window_start) do update set requests = token_rate_windows.requests + 1
      returning requests, (60 - extract(second from now()))::int as seconds_left
    )
    select t.*, slot.requests, slot.seconds_left from t left join slot on true`.execute(db);
  const row = rows[0];
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
  if (row.requests === 1) {
    // A new minute: drop this token's old windows (its own rows only, found by the primary key).
    await db
      .deleteFrom('token_rate_windows')
      .where('token_id', '=', row.id)
      .where('window_start', '<', sql<string>`date_trunc('minute', now())`)
      .execute();
  }
  const requests = row.requests ?? 0;
  return {
    ok: true,
    staff: { id: row.staff_id, email: row.email, name: row.staff_name, role: row.role, sessionId: null },
    token: { id: row.id, name: row.name },
    waitSeconds: requests > perMinute ? Math.max(1, Number(row.seconds_left ?? 60)) : null,
  };
}
