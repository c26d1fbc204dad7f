import { sql, type Kysely } from 'kysely';

/**
 * What the requester was warned of when they asked for a second admin — why the action needs one (the total over the
 * threshold, the support cap) among them — kept with the request, so the admin who decides reads it too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table approvals add column warnings jsonb not null default '[]'::jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table approvals drop column if exists warnings`.execute(db);
}
