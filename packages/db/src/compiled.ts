import type { CompiledQuery, Compilable } from 'kysely';
import type { DbOrTx } from './connection.js';

/**
 * Marks where a named value goes while the query is compiled. It holds a NUL character, which no text a person or
 * client sends can hold (the API refuses NUL in every input, and PostgreSQL cannot store it), so a marker is never
 * mistaken for a value.
 */
const marker = (name: string): string => `\u0000${name}\u0000`;

/**
 * A query whose SQL never changes, built and compiled by Kysely once, on first use; each call only fills in its
 * values. Kysely otherwise builds and compiles the whole tree on every call, which on a lookup costs more than the
 * round trip. `build` receives a marker for each named value and must use each one as a plain value (a `where`
 * operand, a `like` pattern): its shape may not depend on what the values are. The same text every call also means
 * PostgreSQL plans it once (see prepared.ts).
 *
 *   const byEmail = compiledOnce(['pattern'], (db, v) => db.selectFrom('users').selectAll().where('email', 'like', v.pattern));
 *   const rows = await byEmail(db, { pattern: 'sarah%' });
 */
export function compiledOnce<K extends string, R>(
  names: readonly K[],
  build: (db: DbOrTx, values: Record<K, string>) => Compilable<R>,
): (db: DbOrTx, values: Record<K, string>) => Promise<R[]> {
  let compiled: { query: CompiledQuery<R>; slots: Array<K | null> } | null = null;
  const compile = (db: DbOrTx) => {
    const markers = Object.fromEntries(names.map((n) => [n, marker(n)])) as Record<K, string>;
    const query = build(db, markers).compile();
    const slots = query.parameters.map((p) => names.find((n) => p === markers[n]) ?? null);
    const missing = names.filter((n) => !slots.includes(n));
    if (missing.length > 0) throw new Error(`compiledOnce: ${missing.join(', ')} not used as a value of the query`);
    return { query, slots };
  };
  return async (db, values) => {
    compiled ??= compile(db);
    const { query, slots } = compiled;
    const parameters = query.parameters.map((p, i) => {
      const slot = slots[i];
      return slot === null || slot === undefined ? p : values[slot];
    });
    const result = await db.executeQuery<R>({ ...query, parameters });
    return result.rows;
  };
}
