import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database, DbOrTx } from '@ops/db';
import { CONFIRMATION_TTL_MS, type Effect } from '@ops/shared';
import type { StaffIdentity } from '../../context.js';
import { DomainError } from '../errors.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function effectsDigest(effects: Effect[]): string {
  return sha256(JSON.stringify(effects.map((e) => [e.kind, e.label, e.amountCents ?? null, e.count ?? null])));
}

/** Writes the confirmation a preview hands out: only the token's hash is stored, bound to actor, action, input, effects. */
export async function issueConfirmation(
  db: DbOrTx,
  args: { staffId: string; action: string; input: unknown; effects: Effect[]; now: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(args.now.getTime() + CONFIRMATION_TTL_MS);
  await db
    .insertInto('confirmations')
    .values({
      token_hash: sha256(token),
      staff_id: args.staffId,
      action: args.action,
      input: JSON.stringify(args.input),
      input_digest: sha256(JSON.stringify(args.input)),
      effects: JSON.stringify(args.effects),
      effects_digest: effectsDigest(args.effects),
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

/**
 * Consumes a confirmation token inside `tx`: single use, unexpired at `now`, bound to this actor and action. The
 * UPDATE takes the row lock, so of N concurrent executes exactly one sees `consumed_at is null`.
 */
export async function consumeToken(tx: Transaction<Database>, token: string, staff: StaffIdentity, action: string, now: Date) {
  const tokenHash = sha256(token);
  const row = await tx
    .updateTable('confirmations')
    .set({ consumed_at: now })
    .where('token_hash', '=', tokenHash)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .where('staff_id', '=', staff.id)
    .where('action', '=', action)
    .returningAll()
    .executeTakeFirst();
  if (row) return row;
  const existing = await tx
    .selectFrom('confirmations')
    .select(['consumed_at', 'expires_at', 'staff_id', 'action'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!existing) throw new DomainError('NOT_FOUND', 'Unknown confirmation: preview the action again.');
  if (existing.staff_id !== staff.id || existing.action !== action) {
    throw new DomainError('FORBIDDEN', 'This confirmation belongs to another person or action.');
  }
  if (existing.consumed_at !== null) {
    throw new DomainError('CONFLICT', 'This confirmation was already used; nothing was done again.');
  }
  throw new DomainError('PRECONDITION_FAILED', 'This confirmation expired (5 minutes); preview again.');
}
