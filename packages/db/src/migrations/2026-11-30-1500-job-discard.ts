import { sql, type Kysely } from 'kysely';

/**
 * Background jobs: a dead job can be discarded by an on-call engineer (it leaves the dead-letter queue but keeps its
 * row, so the task's history and the audit trail still show it), and the jobs page reads a task's history and the
 * periodic schedule's last runs by (task, scheduled_at). The logs page finds our own audit rows by request id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table background_jobs drop constraint if exists background_jobs_status_check;
    alter table background_jobs add constraint background_jobs_status_check
      check (status in ('queued', 'running', 'succeeded', 'failed', 'dead', 'discarded'));
    create index background_jobs_task_time_idx on background_jobs (task, scheduled_at);
    create index audit_log_request_idx on audit_log (request_id) where request_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists audit_log_request_idx;
    drop index if exists background_jobs_task_time_idx;
    update background_jobs set status = 'dead' where status = 'discarded';
    alter table background_jobs drop constraint if exists background_jobs_status_check;
    alter table background_jobs add constraint background_jobs_status_check
      check (status in ('queued', 'running', 'succeeded', 'failed', 'dead'));
  `.execute(db);
}
