import { sql } from 'kysely';
import type { Db } from '@ops/db';
import type { RequestMeta, StaffIdentity } from '../context.js';
import { writeAudit } from './audit/write.js';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { createSession } from './sessions.js';

/**
 * Sign-in throttling, keyed so that an attacker cannot lock a real person out:
 * - email+IP: strict (5 checked attempts per 15 minutes) — the guesser's own pair;
 * - IP: broad (30 per 15 minutes), successes handed back — one source spraying many emails;
 * - email: never a hard lock, only growing delays (1 s, 2 s … 30 s) after 5 attempts from anywhere, and skipped
 *   for an IP this person has signed in from before — so anonymous guesses from elsewhere cannot keep them out.
 * Each key is claimed atomically (a row lock in `login_throttle_claim`) before the password is checked.
 */
export const THROTTLE = {
  windowSeconds: 15 * 60,
  emailIpLimit: 5,
  ipLimit: 30,
  emailFreeAttempts: 5,
  emailDelayCapSeconds: 30,
  knownIpDays: 90,
} as const;

interface KeySpec {
  key: string;
  limit: number | null;
  free: number | null;
}

interface Claim {
  allowed: boolean;
  attempts: number;
  retry_after_seconds: number;
  last_success_at: string | null;
}

async function claim(db: Db, spec: KeySpec, now: Date): Promise<Claim> {
  const { rows } = await sql<Claim>`
    select * from login_throttle_claim(${spec.key}, ${spec.limit}::integer, ${THROTTLE.windowSeconds}::integer,
      ${spec.free}::integer, ${THROTTLE.emailDelayCapSeconds}::integer, ${now.toISOString()}::timestamptz)`.execute(db);
  const row = rows[0];
  if (!row) throw new Error('login_throttle_claim returned nothing');
  return row;
}

async function settle(db: Db, key: string, forgive: boolean, now: Date): Promise<void> {
  await sql`select login_throttle_settle(${key}, true, ${forgive}, ${now.toISOString()}::timestamptz)`.execute(db);
}

export type SignInResult =
  { kind: 'ok'; staff: StaffIdentity; token: string } | { kind: 'throttled'; retryAfterSeconds: number } | { kind: 'refused' };

/** Checks a sign-in, throttled and audited (success and failure, never the password); creates the session. */
export async function signIn(
  db: Db,
  input: { email: string; password: string },
  request: RequestMeta,
  opts: { idleMinutes: number; sessionSecret: string; now: Date },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const ip = request.ip ?? 'unknown';
  const pairKey = `email+ip:${email}|${ip}`;
  const ipKey = `ip:${ip}`;
  const emailKey = `email:${email}`;

  // Strictest first, so a refusal there does not spend the broader keys.
  const pair = await claim(db, { key: pairKey, limit: THROTTLE.emailIpLimit, free: null }, opts.now);
  if (!pair.allowed) return { kind: 'throttled', retryAfterSeconds: pair.retry_after_seconds };
  const byIp = await claim(db, { key: ipKey, limit: THROTTLE.ipLimit, free: null }, opts.now);
  if (!byIp.allowed) return { kind: 'throttled', retryAfterSeconds: byIp.retry_after_seconds };
  const known =
    pair.last_success_at !== null &&
    opts.now.getTime() - new Date(pair.last_success_at).getTime() < THROTTLE.knownIpDays * 86_400_000;
  if (!known) {
    const byEmail = await claim(db, { key: emailKey, limit: null, free: THROTTLE.emailFreeAttempts }, opts.now);
    if (!byEmail.allowed) return { kind: 'throttled', retryAfterSeconds: byEmail.retry_after_seconds };
  }

  const staff = await db
    .selectFrom('staff_users')
    .select(['id', 'email', 'name', 'role', 'password_hash', 'active'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .executeTakeFirst();
  const ok = await verifyPassword(input.password, staff?.password_hash ?? (await dummyHash()));
  await db
    .insertInto('login_attempts')
    .values({ key: pairKey, success: Boolean(staff && ok && staff.active) })
    .execute();

  if (!staff || !ok || !staff.active) {
    const why = !staff ? 'unknown email' : !ok ? 'wrong password' : 'account deactivated';
    await writeAudit(db, { id: staff?.id ?? null, email: email.slice(0, 254) }, request, {
      action: 'auth.login_failed',
      resourceType: 'staff',
      resourceId: staff?.id ?? 'unknown',
      after: { outcome: 'refused', why },
    });
    return { kind: 'refused' };
  }

  await settle(db, pairKey, false, opts.now);
  await settle(db, ipKey, true, opts.now);
  await settle(db, emailKey, false, opts.now);
  const token = await createSession(db, staff.id, opts.idleMinutes, request, opts.sessionSecret, opts.now);
  const rehash = needsRehash(staff.password_hash) ? await hashPassword(input.password) : null;
  await db
    .updateTable('staff_users')
    .set({ last_login_at: opts.now, ...(rehash ? { password_hash: rehash } : {}) })
    .where('id', '=', staff.id)
    .execute();
  await writeAudit(db, { id: staff.id, email: staff.email }, request, {
    action: 'auth.login',
    resourceType: 'staff',
    resourceId: staff.id,
    after: { outcome: 'signed in', knownIp: known },
  });
  return { kind: 'ok', staff: { id: staff.id, email: staff.email, name: staff.name, role: staff.role, sessionId: null }, token };
}
