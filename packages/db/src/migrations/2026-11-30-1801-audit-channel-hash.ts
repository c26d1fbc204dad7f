import { sql, type Kysely } from 'kysely';

/**
 * Audit hashing version 3: version 2's canonical JSON array plus the channel (web or mcp) and the access token's
 * name, so the channel an action came through cannot be rewritten without breaking the chain. Rows written under
 * versions 1 and 2 keep verifying through `audit_row_hash_any`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function audit_row_hash_v3(prev text, r audit_log) returns text
    language sql immutable as $$
      select encode(sha256(convert_to(jsonb_build_array(
        3, prev, r.id, to_char(r.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        r.actor_staff_id::text, r.actor_email, r.action, r.resource_type, r.resource_id,
        r.before, r.after, r.reason, r.request_id, r.ip, r.user_agent, r.channel, r.token_name
      )::text, 'UTF8')), 'hex')
    $$;

    create or replace function audit_row_hash_any(prev text, r audit_log) returns text
    language sql immutable as $$
      select case r.hash_version
        when 1 then audit_row_hash(prev, r)
        when 2 then audit_row_hash_v2(prev, r)
        when 3 then audit_row_hash_v3(prev, r)
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
      new.hash_version := 3;
      new.hash := audit_row_hash_v3(new.prev_hash, new);
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
      new.hash_version := 2;
      new.hash := audit_row_hash_v2(new.prev_hash, new);
      return new;
    end
    $$;
    create or replace function audit_row_hash_any(prev text, r audit_log) returns text
    language sql immutable as $$
      select case r.hash_version
        when 1 then audit_row_hash(prev, r)
        when 2 then audit_row_hash_v2(prev, r)
      end
    $$;
    drop function if exists audit_row_hash_v3(text, audit_log);
  `.execute(db);
}
