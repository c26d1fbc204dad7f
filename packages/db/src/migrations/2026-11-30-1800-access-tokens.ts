import { sql, type Kysely } from 'kysely';

/**
 * Personal access tokens for assistants on /mcp, the per-token request counter (kept here so every replica
 * shares it), and the channel an audit row came through (web or mcp, with the token's name).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table personal_access_tokens (
      id uuid primary key default gen_random_uuid(),
      staff_id uuid not null references staff_users (id),
      name text not null,
      secret_hash text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create index personal_access_tokens_staff_idx on personal_access_tokens (staff_id, created_at desc, id desc);

    create table token_rate_windows (
      token_id uuid not null references personal_access_tokens (id),
      window_start timestamptz not null,
      requests integer not null,
      primary key (token_id, window_start)
    );

    alter table audit_log add column channel text not null default 'web' check (channel in ('web', 'mcp'));
    alter table audit_log add column token_name text;
    create index audit_log_channel_idx on audit_log (channel, id desc) where channel <> 'web';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists audit_log_channel_idx;
    alter table audit_log drop column if exists token_name;
    alter table audit_log drop column if exists channel;
    drop table if exists token_rate_windows;
    drop table if exists personal_access_tokens;
  `.execute(db);
}
