import { sql, type Kysely } from 'kysely';

/**
 * The access tokens' per-minute request counts are counters, not records: an unlogged table skips the write-ahead
 * log, so counting an MCP request costs no disk flush. A crash empties it, which only restarts the current minute.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table token_rate_windows set unlogged`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table token_rate_windows set logged`.execute(db);
}
