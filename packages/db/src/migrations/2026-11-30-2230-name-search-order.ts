import { sql, type Kysely } from 'kysely';

/**
 * Support's name search reads each tier in index order and stops at a page. A prefix tier ranks the name the text
 * covers most first (shorter names first, "sa" → Sarah before Samuel), so each side of a name is indexed by
 * (length, name, the other name, id): one range scan per length, already in the order the page wants, and the
 * exact tier is the one length equal to the text's. Byte order (collate "C") lets the same index serve LIKE
 * prefixes and the sort. The raw names ride along (include) so the candidate scans never visit the table.
 * Similar names are read nearest first from a GiST trigram index, which replaces the GIN one (GIN cannot order by
 * distance, so it had to score every candidate). Its wide signature (siglen 256) lets the upper levels rule out
 * most of the tree for a rare or absent name. Where pg_trgm is missing the search has no trigram tier.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index if not exists users_first_name_order_idx on users
      (char_length(lower(first_name)), (lower(first_name) collate "C"), (lower(last_name) collate "C"), id)
      include (first_name, last_name)
  `.execute(db);
  await sql`
    create index if not exists users_last_name_order_idx on users
      (char_length(lower(last_name)), (lower(last_name) collate "C"), (lower(first_name) collate "C"), id)
      include (first_name, last_name)
  `.execute(db);
  const trigram = await sql<{ ok: boolean }>`
    select exists (select 1 from pg_extension where extname = 'pg_trgm') as ok
  `.execute(db);
  if (!trigram.rows[0]?.ok) return;
  await sql`
    create index if not exists users_full_name_trgm_gist_idx on users
      using gist (lower(first_name || ' ' || last_name) gist_trgm_ops (siglen = 256))
  `.execute(db);
  await sql`drop index if exists users_full_name_trgm_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const trigram = await sql<{ ok: boolean }>`
    select exists (select 1 from pg_extension where extname = 'pg_trgm') as ok
  `.execute(db);
  if (trigram.rows[0]?.ok) {
    await sql`
      create index if not exists users_full_name_trgm_idx on users
        using gin (lower(first_name || ' ' || last_name) gin_trgm_ops)
    `.execute(db);
  }
  await sql`drop index if exists users_full_name_trgm_gist_idx`.execute(db);
  await sql`drop index if exists users_last_name_order_idx`.execute(db);
  await sql`drop index if exists users_first_name_order_idx`.execute(db);
}
