import { sql, type Kysely } from 'kysely';

/** Tables the application may only append to and read: the audit chain and its checkpoints. */
export const APPEND_ONLY_TABLES = ['audit_log', 'audit_chain_checkpoints'] as const;
/** The migrator's bookkeeping: readable by the application, never writable. */
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'] as const;

/**
 * Run by the schema owner after migrating: the application's role gets ordinary rights (SELECT, INSERT, UPDATE,
 * DELETE) on every table in `public` except the audit tables (INSERT and SELECT only) and the migration tables
 * (SELECT only), and may use the sequences. Not being the owner, it cannot ALTER a table, disable its triggers,
 * replace the chain functions, or TRUNCATE. Re-running is harmless (revoke all, then grant).
 */
export async function grantAppRole<DB>(owner: Kysely<DB>, appRole: string): Promise<void> {
  const role = sql.id(appRole);
  await sql`revoke all on all tables in schema public from ${role}`.execute(owner);
  await sql`grant usage on schema public to ${role}`.execute(owner);
  await sql`grant select, insert, update, delete on all tables in schema public to ${role}`.execute(owner);
  for (const table of APPEND_ONLY_TABLES) {
    await sql`revoke update, delete, truncate on ${sql.table(table)} from ${role}`.execute(owner);
  }
  for (const table of MIGRATION_TABLES) {
    await sql`revoke insert, update, delete, truncate on ${sql.table(table)} from ${role}`.execute(owner);
  }
  await sql`grant usage, select on all sequences in schema public to ${role}`.execute(owner);
}
