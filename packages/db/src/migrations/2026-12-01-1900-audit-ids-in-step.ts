import { sql, type Kysely } from 'kysely';

/**
 * An audit row's number is taken once, by the chain trigger under the chain's lock (so numbers follow the chain).
 * The column's serial default took one too, before the trigger ran, so every row burnt two numbers and the log read
 * #1816, #1818, #1820 — gaps that look like deleted rows to anyone auditing it. Without the default, numbers run one
 * after another; a gap is left only by a transaction that rolled back (the chain shows nothing was removed). The
 * primary key's NOT NULL is checked after BEFORE triggers, so an insert without an id still gets the trigger's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_log alter column id drop default`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_log alter column id set default nextval('audit_log_id_seq'::regclass)`.execute(db);
}
