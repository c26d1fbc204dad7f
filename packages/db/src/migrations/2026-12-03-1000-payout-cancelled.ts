import { sql, type Kysely } from 'kysely';

/**
 * A payout can be cancelled: a refund that gives the student back what the instructor's payout was earned from
 * cancels the payout still waiting (pending or held) instead of leaving it to be paid. The row stays, for the record.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table payouts drop constraint if exists payouts_status_check;
    alter table payouts add constraint payouts_status_check
      check (status in ('pending', 'held', 'paid', 'failed', 'cancelled'));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    update payouts set status = 'failed', failed_at = coalesce(failed_at, updated_at),
      failure_reason = coalesce(failure_reason, 'Cancelled') where status = 'cancelled';
    alter table payouts drop constraint if exists payouts_status_check;
    alter table payouts add constraint payouts_status_check check (status in ('pending', 'held', 'paid', 'failed'));
  `.execute(db);
}
