import { sql, type Kysely } from 'kysely';

/**
 * Privacy requests and environment safety.
 * - `console_environment`: one row naming the tier this database belongs to; write scripts read it before touching
 *   anything, and the console refuses to start when its ENVIRONMENT disagrees.
 * - `privacy_exports`: archives of everything held about a person, downloaded once a token is shown (expiring).
 * - `users.erased_at`: an erased person's row stays as a tombstone that payments, refunds and bookings point to.
 * - Audit redaction: `audit_log` stays append-only. The one sanctioned change is `audit_redact()`, which replaces a
 *   person's words in one row's before/after/reason and, in the same call, appends an `audit.redacted` row that
 *   records the row's original hash and the hash its redacted content computes to. `audit_row_verifies()` accepts a
 *   row whose hash recomputes, or one a later redaction row in the chain vouches for.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table console_environment (
      id boolean primary key default true check (id),
      environment text not null check (environment in ('production', 'staging', 'development')),
      marked_at timestamptz not null default now()
    );

    alter table users add column erased_at timestamptz;

    create table privacy_exports (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      requested_by_staff_id uuid not null references staff_users (id),
      reason text not null,
      status text not null check (status in ('building', 'ready', 'failed')),
      archive bytea,
      manifest jsonb,
      size_bytes integer,
      error text,
      download_token_hash text,
      requested_at timestamptz not null default now(),
      finished_at timestamptz,
      expires_at timestamptz not null,
      job_id bigint
    );
    create index privacy_exports_user_idx on privacy_exports (user_id, requested_at desc);
    create index privacy_exports_building_idx on privacy_exports (status) where status = 'building';

    create index notifications_created_idx on notifications (created_at);
    create index search_events_user_idx on search_events (user_id);
    create index audit_log_redactions_idx on audit_log (resource_id) where action = 'audit.redacted';
  `.execute(db);

  await sql`
    create function privacy_redact_text(s text, terms text[]) returns text
    language plpgsql immutable as $$
    declare t text;
    begin
      if s is null then return null; end if;
      foreach t in array terms loop
        if length(t) >= 2 then
          s := regexp_replace(s, regexp_replace(t, '([.*+?^$(){}|\\[\\]\\\\])', '\\\\\\1', 'g'), '[redacted]', 'gi');
        end if;
      end loop;
      return s;
    end
    $$;

    create function privacy_redact_jsonb(j jsonb, terms text[]) returns jsonb
    language plpgsql immutable as $$
    declare out jsonb;
    begin
      if j is null then return null; end if;
      case jsonb_typeof(j)
        when 'string' then return to_jsonb(privacy_redact_text(j #>> '{}', terms));
        when 'object' then
          select coalesce(jsonb_object_agg(e.key, privacy_redact_jsonb(e.value, terms)), '{}'::jsonb) into out from jsonb_each(j) e;
          return out;
        when 'array' then
          select coalesce(jsonb_agg(privacy_redact_jsonb(e.value, terms) order by e.ord), '[]'::jsonb) into out
            from jsonb_array_elements(j) with ordinality e(value, ord);
          return out;
        else return j;
      end case;
    end
    $$;

    create or replace function audit_log_append_only() returns trigger
    language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and current_setting('ops.audit_redaction', true) = old.id::text
        and new.id = old.id and new.hash = old.hash and new.prev_hash = old.prev_hash
        and new.occurred_at = old.occurred_at and new.action = old.action
        and new.resource_type = old.resource_type and new.resource_id = old.resource_id
        and new.actor_email = old.actor_email and new.actor_staff_id is not distinct from old.actor_staff_id then
        return new;
      end if;
      raise exception 'audit_log is append-only: % is not allowed', tg_op;
    end
    $$;

    create function audit_redact(p_id bigint, p_terms text[], p_actor_staff_id uuid, p_actor_email text,
      p_reason text, p_request_id text) returns bigint
    language plpgsql security definer set search_path = public as $$
    declare
      r audit_log;
      red audit_log;
      fields text[] := '{}';
      redaction_id bigint;
    begin
      select * into r from audit_log where id = p_id for update;
      if not found then raise exception 'audit_redact: no audit row %', p_id; end if;
      red := r;
      red.before := privacy_redact_jsonb(r.before, p_terms);
      red.after := privacy_redact_jsonb(r.after, p_terms);
      red.reason := privacy_redact_text(r.reason, p_terms);
      if red.before is distinct from r.before then fields := array_append(fields, 'before'); end if;
      if red.after is distinct from r.after then fields := array_append(fields, 'after'); end if;
      if red.reason is distinct from r.reason then fields := array_append(fields, 'reason'); end if;
      if cardinality(fields) = 0 then return null; end if;
      perform set_config('ops.audit_redaction', p_id::text, true);
      update audit_log set before = red.before, after = red.after, reason = red.reason where id = p_id;
      perform set_config('ops.audit_redaction', '', true);
      insert into audit_log (actor_staff_id, actor_email, action, resource_type, resource_id, after, reason, request_id)
      values (p_actor_staff_id, p_actor_email, 'audit.redacted', 'audit_log', p_id::text,
        jsonb_build_object('fields', to_jsonb(fields), 'originalHash', r.hash,
          'redactedHash', audit_row_hash_any(r.prev_hash, red)),
        p_reason, p_request_id)
      returning id into redaction_id;
      return redaction_id;
    end
    $$;

    create function audit_row_verifies(a audit_log) returns boolean
    language sql stable as $$
      select case when audit_row_hash_any(a.prev_hash, a) = a.hash then true
        else exists (
          select 1 from audit_log r
          where r.action = 'audit.redacted' and r.resource_id = a.id::text and r.resource_type = 'audit_log'
            and r.id > a.id
            and r.after ->> 'originalHash' = a.hash
            and r.after ->> 'redactedHash' = audit_row_hash_any(a.prev_hash, a))
      end
    $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop function if exists audit_row_verifies(audit_log);
    drop function if exists audit_redact(bigint, text[], uuid, text, text, text);
    drop function if exists privacy_redact_jsonb(jsonb, text[]);
    drop function if exists privacy_redact_text(text, text[]);
    create or replace function audit_log_append_only() returns trigger
    language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % is not allowed', tg_op;
    end
    $$;
    drop index if exists audit_log_redactions_idx;
    drop index if exists notifications_created_idx;
    drop index if exists search_events_user_idx;
    drop table if exists privacy_exports;
    alter table users drop column if exists erased_at;
    drop table if exists console_environment;
  `.execute(db);
}
