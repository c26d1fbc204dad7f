import type { DbOrTx } from '@ops/db';

/**
 * A booking with its student (`s`), instructor (`i`) and service (`sv`) joined: the start of every read that names
 * all three (the booking page, a resent message). Each caller selects the columns it shows.
 */
export function bookingWithParties(db: DbOrTx) {
  return db
    .selectFrom('bookings as b')
    .innerJoin('users as s', 's.id', 'b.student_id')
    .innerJoin('users as i', 'i.id', 'b.instructor_id')
    .innerJoin('services as sv', 'sv.id', 'b.service_id');
}
