import { sql, type Kysely } from 'kysely';

/**
 * Canonical, versioned audit hashing and signed checkpoints.
 *
 * Version 1 (rows written before this migration) joined the fields with `|` unescaped, so text could move between
 * adjacent fields without changing the hash. Version 2 hashes the text of one JSON array —
 * `[2, prev_hash, id, occurred_at (ISO, µs, Z), actor_staff_id, actor_email, action, resource_type, resource_id,
 *   before, after, reason, request_id, ip, user_agent]` — where every string is quoted and escaped and null stays
 * null. Each row records the version it was written with (`hash_version`); `audit_row_hash_any` picks the
 * function, so old rows still verify. A later version (a new column, redacted fields) adds `audit_row_hash_vN`
 * and a branch in `audit_row_hash_any`, and the trigger writes the new version from then on.
 *
 * Checkpoints gain an HMAC signature (computed by the application with AUDIT_SIGNING_KEY, which the database never
 * sees), so a checkpoint cannot be forged from SQL, and the signed head is also shipped outside the database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_log add column hash_version smallint not null default 1;
    alter table audit_chain_checkpoints add column signature text;

    create function audit_row_hash_v2(prev text, r audit_log) returns text
    language sql immutable as $$
      select encode(sha256(convert_to(jsonb_build_array(
        2, prev, r.id, to_char(r.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        r.actor_staff_id::text, r.actor_email, r.action, r.resource_type, r.resource_id,
        r.before, r.after, r.reason, r.request_id, r.ip, r.user_agent
      )::text, 'UTF8')), 'hex')
    $$;

    create function audit_row_hash_any(prev text, r audit_log) returns text
    language sql immutable as $$
      select case r.hash_version
        when 1 then audit_row_hash(prev, r)
        when 2 then audit_row_hash_v2(prev, r)
      end
    $$;

    create or replace function audit_log_chain() returns trigger
    language plpgsql as $$
    declare
      last_hash text;
    begin
      perform pg_advisory_xact_lock(7242001);
      new.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
      select hash into last_hash from audit_log order by id desc limit 1;
      new.prev_hash := coalesce(last_hash, 'genesis');
      new.hash_version := 2;
      new.hash := audit_row_hash_v2(new.prev_hash, new);
      return new;
    end
    $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function audit_log_chain() returns trigger
    language plpgsql as $$
    declare
      last_hash text;
    begin
      perform pg_advisory_xact_lock(7242001);
      new.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
      select hash into last_hash from audit_log order by id desc limit 1;
      new.prev_hash := coalesce(last_hash, 'genesis');
      new.hash := audit_row_hash(new.prev_hash, new);
      return new;
    end
    $$;
    drop function if exists audit_row_hash_any(text, audit_log);
    drop function if exists audit_row_hash_v2(text, audit_log);
    alter table audit_chain_checkpoints drop column if exists signature;
    alter table audit_log drop column if exists hash_version;
  `.execute(db);
}
