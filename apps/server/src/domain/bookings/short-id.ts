import { BOOKING_SHORT_ID_RE, isUuid } from '@ops/shared';
import type { DbOrTx } from '@ops/db';

/**
 * What a filter means by a record reference: an id as given (lower case), a booking's short id ("SCS00N3H",
 * "#scs00n3h") as that booking's id, `null` for a short id no booking has, and any other text as it is.
 */
export async function resolveRecordRef(db: DbOrTx, text: string): Promise<string | null> {
  if (isUuid(text)) return text.toLowerCase();
  if (!BOOKING_SHORT_ID_RE.test(text)) return text;
  const booking = await db
    .selectFrom('bookings')
    .select('id')
    .where('short_id', '=', text.replace(/^#/, '').toUpperCase())
    .executeTakeFirst();
  return booking?.id ?? null;
}
