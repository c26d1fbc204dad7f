import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PREPARED_TEXTS, PreparedStatements } from './prepared.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

describe('which statements are prepared', () => {
  it('a text with parameters from its second call on, under one name; never a text without parameters', () => {
    const s = new PreparedStatements();
    expect(s.nameOf('select $1', 1)).toBeNull();
    const name = s.nameOf('select $1', 1);
    expect(name).not.toBeNull();
    expect(s.nameOf('select $1', 1)).toBe(name);
    expect(s.nameOf('select 1; select 2', 0)).toBeNull();
    expect(s.nameOf('select 1; select 2', 0)).toBeNull();
  });

  it('never a write', () => {
    const s = new PreparedStatements();
    for (const text of [
      'insert into t (a) values ($1)',
      'update t set a = $1',
      'delete from t where a = $1',
      'with x as (delete from t where a = $1) select 1',
    ]) {
      expect(s.nameOf(text, 1)).toBeNull();
      expect(s.nameOf(text, 1)).toBeNull();
    }
  });

  it('at most MAX_PREPARED_TEXTS texts; after a stale statement every text gets a new name', () => {
    const s = new PreparedStatements();
    for (let i = 0; i <= MAX_PREPARED_TEXTS; i++) {
      s.nameOf(`select $1 + ${i}`, 1);
      s.nameOf(`select $1 + ${i}`, 1);
    }
    expect(s.size).toBe(MAX_PREPARED_TEXTS);
    const before = s.nameOf('select $1 + 0', 1);
    expect(before).not.toBeNull();
    s.renew();
    s.nameOf('select $1 + 0', 1);
    const after = s.nameOf('select $1 + 0', 1);
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('prepared statements on PostgreSQL', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(async () => {
    await test.drop();
  });

  it('run a recurring statement prepared on the connection, with the same results', async () => {
    await test.dbs.api.connection().execute(async (conn) => {
      const prepared = async () =>
        (
          await sql<{
            n: number;
          }>`select count(*)::int as n from pg_prepared_statements where statement like '%ops-prepared-probe%'`.execute(conn)
        ).rows[0]?.n;
      const probe = async (x: number) =>
        (await sql<{ y: number }>`select ${x}::int + 1 as y /* ops-prepared-probe */`.execute(conn)).rows[0]?.y;
      expect(await probe(1)).toBe(2);
      expect(await prepared()).toBe(0);
      expect(await probe(2)).toBe(3);
      expect(await probe(3)).toBe(4);
      expect(await prepared()).toBe(1);
    });
  });

  it('survive a schema change under a prepared statement', async () => {
    await test.dbs.api.connection().execute(async (conn) => {
      await sql`create table prepared_probe (a int)`.execute(conn);
      await sql`insert into prepared_probe values (1)`.execute(conn);
      const read = async () =>
        (await sql<Record<string, number>>`select * from prepared_probe where a = ${1}`.execute(conn)).rows;
      expect(await read()).toEqual([{ a: 1 }]);
      expect(await read()).toEqual([{ a: 1 }]);
      await sql`alter table prepared_probe add column b int not null default 7`.execute(conn);
      expect(await read()).toEqual([{ a: 1, b: 7 }]);
      expect(await read()).toEqual([{ a: 1, b: 7 }]);
    });
  });
});
