import { sql, type Kysely } from 'kysely';

/**
 * Audit views: checkpoints of the verified hash chain (the "verified to #N" badge carries on from the last one
 * instead of rehashing two million rows per page view), and a trigram index for text search in reasons where
 * pg_trgm exists (PGlite may lack it; the search still works there, by scan). The webhook ledger's "related
 * entity" filter also looks events up by payment, which had no index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_chain_checkpoints (
      id bigserial primary key,
      verified_to_id bigint not null,
      hash text not null,
      rows_checked integer not null,
      verified_at timestamptz not null default now()
    );
    create index audit_chain_checkpoints_to_idx on audit_chain_checkpoints (verified_to_id desc);
    create index webhook_events_payment_idx on webhook_events (payment_id);
  `.execute(db);
  // A failure inside the block rolls back only the block (a subtransaction), not the migration.
  await sql`
    do $$
    begin
      create extension if not exists pg_trgm;
      execute 'create index if not exists audit_log_reason_trgm_idx on audit_log using gin (reason gin_trgm_ops)';
    exception when others then
      raise notice 'pg_trgm unavailable (%): reason search scans', sqlerrm;
    end
    $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists audit_log_reason_trgm_idx;
    drop index if exists webhook_events_payment_idx;
    drop table if exists audit_chain_checkpoints;
  `.execute(db);
}
