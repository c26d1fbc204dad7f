import { sql, type Kysely } from 'kysely';

/**
 * When the evidence for a disputed charge is due at Stripe (the dispute's `evidence_details.due_by`): past it the
 * dispute is lost by default, so support needs the date on the booking, not inside a note.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table payments add column if not exists dispute_evidence_due_by timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table payments drop column if exists dispute_evidence_due_by`.execute(db);
}
