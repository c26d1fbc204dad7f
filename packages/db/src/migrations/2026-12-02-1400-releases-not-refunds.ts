import { sql, type Kysely } from 'kysely';

/**
 * The revenue rollup's refunds no longer count releases (an authorization let go before it was charged: no money
 * moved), so every stored day is rebuilt by the refresher's next pass.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from rollup_days;
    delete from rollup_state where name = 'daily';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await up(db);
}
