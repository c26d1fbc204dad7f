import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '@ops/db';
import type { StaffIdentity } from '../context.js';

export const SESSION_COOKIE = 'ops_session';

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Db,
  staffId: string,
  idleMinutes: number,
  meta: { ip: string | null; userAgent: string | null },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('staff_sessions')
    .values({
      id: hashToken(token),
      staff_id: staffId,
      expires_at: new Date(Date.now() + idleMinutes * 60_000),
      ip: meta.ip,
      user_agent: meta.userAgent,
    })
    .execute();
  return token;
}

/**
 * Resolves a session token to its staff member in one query, sliding the idle expiry forward (at most once a
 * minute, to keep reads cheap). Expired sessions and deactivated staff resolve to null.
 */
export async function resolveSession(db: Db, token: string, idleMinutes: number): Promise<StaffIdentity | null> {
  const id = hashToken(token);
  const row = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.staff_id')
    .select(['s.id as sessionId', 's.last_seen_at', 'u.id', 'u.email', 'u.name', 'u.role'])
    .where('s.id', '=', id)
    .where('s.expires_at', '>', new Date().toISOString())
    .where('u.active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  if (Date.now() - new Date(row.last_seen_at).getTime() > 60_000) {
    await db
      .updateTable('staff_sessions')
      .set({ last_seen_at: new Date(), expires_at: new Date(Date.now() + idleMinutes * 60_000) })
      .where('id', '=', id)
      .execute();
  }
  return { id: row.id, email: row.email, name: row.name, role: row.role, sessionId: row.sessionId };
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id', '=', sessionId).execute();
}

const WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;

/** Login throttling kept in Postgres so every replica sees the same counts. */
export async function recentFailures(db: Db, keys: string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('login_attempts')
    .select(['key', sql<number>`count(*)::int`.as('n')])
    .where('key', 'in', keys)
    .where('success', '=', false)
    .where('attempted_at', '>', sql<string>`now() - make_interval(mins => ${WINDOW_MINUTES})`)
    .groupBy('key')
    .execute();
  return new Map(rows.map((r) => [r.key, r.n]));
}

export async function recordAttempt(db: Db, keys: string[], success: boolean): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values(keys.map((key) => ({ key, success })))
    .execute();
}
