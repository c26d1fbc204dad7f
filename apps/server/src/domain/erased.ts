import { formatInZone } from '@ops/shared';
import type { DbOrTx } from '@ops/db';
import { DomainError } from './errors.js';

/** The day a person was erased, as every refusal and page names it ("Dec 3, 2026" in the business time zone). */
export function erasedOn(erasedAt: string, timeZone: string): string {
  return formatInZone(erasedAt, timeZone, 'date');
}

/**
 * Refuses an action on a person who was erased: their account stays deactivated and holds nothing personal any more,
 * so nothing may suspend, reactivate, credit, message, note, reveal or export them again. Reading their kept records
 * (bookings, payments, audit) stays allowed. Actions call it in `plan`, so the preview and the execute (which plans
 * again under the row lock) both refuse.
 */
export function refuseErased(person: { erasedAt: string | null }, timeZone: string): void {
  if (person.erasedAt === null) return;
  throw new DomainError('PRECONDITION_FAILED', `userId: this person was erased on ${erasedOn(person.erasedAt, timeZone)}`);
}

/** When a person was erased, or null (also for no such person: the caller reports that in its own words). */
export async function loadErasedAt(db: DbOrTx, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('erased_at').where('id', '=', userId).executeTakeFirst();
  return row?.erased_at ?? null;
}
