import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, toIso, type DbHandles } from './connection.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

/** Both backends must hand the code the same shapes: ISO-8601 strings for timestamps, numbers for int8. */
async function shapes(db: DbHandles['api']) {
  const { rows } = await sql<{ at: unknown; day: unknown; n: unknown; total: unknown }>`
    select '2026-03-29 01:30:00+00'::timestamptz as at, '2026-03-29'::date as day,
           count(*) as n, sum(x)::int8 as total from (values (1), (2)) v(x)`.execute(db);
  return rows[0];
}

describe('database connection', () => {
  let embedded: DbHandles;
  let test: TestDatabase;
  beforeAll(async () => {
    embedded = await openDatabase({ kind: 'pglite', dataDir: null });
    test = await createTestDatabase();
  });
  afterAll(async () => {
    await embedded.close();
    await test.drop();
  });

  it('returns timestamps as ISO strings and int8 as numbers on embedded PGlite', async () => {
    expect(await shapes(embedded.api)).toEqual({ at: '2026-03-29T01:30:00.000Z', day: '2026-03-29', n: 2, total: 3 });
  });

  it('returns the same shapes on the test database (PostgreSQL wherever TEST_DATABASE_URL is set, as in CI)', async () => {
    expect(test.dbs.kind).toBe(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
    expect(await shapes(test.dbs.api)).toEqual({ at: '2026-03-29T01:30:00.000Z', day: '2026-03-29', n: 2, total: 3 });
  });

  it("runs the api pool's short requests without JIT, and leaves the worker's long aggregations the server's choice", async () => {
    const jit = async (db: DbHandles['api']) => (await sql<{ jit: string }>`show jit`.execute(db)).rows[0]?.jit;
    // PGlite has one connection for every pool and no JIT compiler; PostgreSQL (CI) has a pool each.
    const expected = test.dbs.kind === 'postgres' ? 'off' : await jit(test.dbs.worker);
    expect(await jit(test.dbs.api)).toBe(expected);
    if (test.dbs.kind === 'postgres') expect(await jit(test.dbs.worker)).toBe(await jit(test.dbs.analytics));
  });
});

describe('timestamps from the database', () => {
  it('reads every way PostgreSQL prints one as the instant Date reads it', () => {
    const printed = [
      '2026-11-22 10:00:00+00',
      '2026-11-22 10:00:00.1+00',
      '2026-11-22 10:00:00.12+00',
      '2026-11-22 10:00:00.123+00',
      '2026-11-22 10:00:00.123456+00',
      '2026-11-22 10:00:00.999999+00',
      '2026-11-22 10:00:00.5+05:30',
      '2026-11-22 10:00:00-08',
      '2026-11-22 10:00:00.25',
      '0999-01-01 00:00:00+00',
    ];
    for (const text of printed) {
      const withZone = /[+-]\d{2}(:\d{2})?$/.test(text) ? text.replace(/([+-]\d{2})$/, '$1:00') : `${text}Z`;
      expect(toIso(text), text).toBe(new Date(withZone.replace(' ', 'T')).toISOString());
    }
    expect(() => toIso('not a time')).toThrow(RangeError);
  });
});
