import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * The marketplace's people, bookings and money, in foreign-key order: the tables that grow with the business (the
 * bench loader drops their indexes and foreign keys for a bulk load and rebuilds them after).
 */
export const MARKETPLACE_TABLES = [
  'users',
  'instructor_profiles',
  'instructor_services',
  'bookings',
  'payments',
  'refunds',
  'credit_ledger',
  'payouts',
] as const satisfies ReadonlyArray<keyof Database>;

/** Foreign keys point backwards in this order. */
export const INSERT_ORDER = [
  'staff_users',
  'service_categories',
  'services',
  ...MARKETPLACE_TABLES,
  'booking_notes',
  'message_templates',
  'campaigns',
  'notifications',
  'funnel_events',
  'search_events',
  'webhook_events',
  'background_jobs',
  'deploys',
  'audit_log',
] as const satisfies ReadonlyArray<keyof Database>;

/** The tables the generators fill. */
export type SeedTable = (typeof INSERT_ORDER)[number];

/** Rows to insert, per table; built in memory by the generators and written in a few large statements. */
export type RowSet = { [T in SeedTable]?: Array<Insertable<Database[T]>> };
export type FullRowSet = { [T in SeedTable]: Array<Insertable<Database[T]>> };

/** PGlite and Postgres accept at most 65,535 parameters per statement; stay well under. */
const MAX_PARAMS = 30_000;
const MAX_ROWS = 1_000;

export function emptyRowSet(): FullRowSet {
  // Every key gets its own empty array; the mapped type cannot be built key by key without a cast.
  return Object.fromEntries(INSERT_ORDER.map((t) => [t, []])) as unknown as FullRowSet;
}

/** Appends every table of `from` onto `into`. */
export function mergeRowSets(into: RowSet, from: RowSet): void {
  for (const table of Object.keys(from) as SeedTable[]) {
    const rows = from[table];
    if (!rows) continue;
    const target = (into[table] ??= []) as unknown[];
    for (const r of rows) target.push(r);
  }
}

async function insertTable<T extends SeedTable>(
  db: Kysely<Database>,
  table: T,
  rows: Array<Insertable<Database[T]>>,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = new Set<string>();
  for (const row of rows.slice(0, 50)) for (const k of Object.keys(row)) columns.add(k);
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / Math.max(1, columns.size))));
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    // Kysely cannot relate a generic table name to its insert type; the RowSet type already guarantees it.
    await db.insertInto(table).values(chunk).execute();
  }
}

/** Inserts every table of the set in foreign-key order, in batched multi-row statements. */
export async function insertRowSet(db: Kysely<Database>, rows: RowSet): Promise<void> {
  for (const table of INSERT_ORDER) {
    const list = rows[table];
    if (list && list.length > 0) await insertTable(db, table, list);
  }
}

export function countRowSet(rows: RowSet): Partial<Record<keyof Database, number>> {
  const counts: Partial<Record<keyof Database, number>> = {};
  for (const table of Object.keys(rows) as SeedTable[]) counts[table] = rows[table]?.length ?? 0;
  return counts;
}
