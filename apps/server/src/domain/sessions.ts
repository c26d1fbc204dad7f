import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '@ops/db';
import type { StaffIdentity } from '../context.js';

export const SESSION_COOKIE = 'ops_session';

/**
 * The session row is keyed by HMAC-SHA256(SESSION_SECRET, token): a copy of the sessions table (a backup, a
 * replica, a read-only role) does not let anyone forge a cookie, and rotating SESSION_SECRET signs everyone out.
 */
export function hashToken(token: string, secret: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}

export async function createSession(
  db: Db,
  staffId: string,
  idleMinutes: number,
  meta: { ip: string | null; userAgent: string | null },
  secret: string,
  now: Date,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('staff_sessions')
    .values({
      id: hashToken(token, secret),
      staff_id: staffId,
      expires_at: new Date(now.getTime() + idleMinutes * 60_000),
      ip: meta.ip,
      user_agent: meta.userAgent,
    })
    .execute();
  return token;
}

/**
 * Resolves a session token to its staff member in one query, sliding the idle expiry forward (at most once a
 * minute, to keep reads cheap). Sessions expired at `now` and deactivated staff resolve to null.
 */
export async function resolveSession(
  db: Db,
  token: string,
  idleMinutes: number,
  secret: string,
  now: Date,
): Promise<StaffIdentity | null> {
  const id = hashToken(token, secret);
  const row = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.staff_id')
    .select(['s.id as sessionId', 's.last_seen_at', 'u.id', 'u.email', 'u.name', 'u.role'])
    .where('s.id', '=', id)
    .where('s.expires_at', '>', now.toISOString())
    .where('u.active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
    await db
      .updateTable('staff_sessions')
      .set({ last_seen_at: now, expires_at: new Date(now.getTime() + idleMinutes * 60_000) })
      .where('id', '=', id)
      .execute();
  }
  return { id: row.id, email: row.email, name: row.name, role: row.role, sessionId: row.sessionId };
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id', '=', sessionId).execute();
}

/** Deletes sessions past their expiry and login history past its retention; returns how many rows went. */
export async function pruneSessionsAndAttempts(db: Db, now: Date, attemptRetentionHours: number): Promise<number> {
  const cutoff = new Date(now.getTime() - attemptRetentionHours * 3_600_000);
  const sessions = await db.deleteFrom('staff_sessions').where('expires_at', '<', now.toISOString()).executeTakeFirst();
  const attempts = await db.deleteFrom('login_attempts').where('attempted_at', '<', cutoff.toISOString()).executeTakeFirst();
  // A throttle row idle past the retention holds nothing a window still needs (windows are minutes long).
  const throttle = await db.deleteFrom('login_throttle').where('last_attempt_at', '<', cutoff.toISOString()).executeTakeFirst();
  return Number(sessions.numDeletedRows) + Number(attempts.numDeletedRows) + Number(throttle.numDeletedRows);
}
