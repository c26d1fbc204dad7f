import { sql, type Kysely } from 'kysely';

/**
 * The user 360 of a very busy instructor (10k+ bookings at bench scale): the disputed-payment count reads only
 * disputed payments, and the payouts panel reads an instructor's payouts in date order, without scanning.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index if not exists payments_disputed_booking_idx on payments (booking_id) where disputed_at is not null;
    create index if not exists payouts_instructor_scheduled_idx on payouts (instructor_id, scheduled_for);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists payouts_instructor_scheduled_idx;
    drop index if exists payments_disputed_booking_idx;
  `.execute(db);
}
