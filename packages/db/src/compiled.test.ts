import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledOnce } from './compiled.js';
import { seedStudent } from './seed/helpers.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

describe('compiledOnce: a query compiled on first use, its values filled in on each call', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    for (const [first, email] of [
      ['Ana', 'ana@example.com'],
      ['Anouk', 'anouk@example.com'],
      ['Bea', 'bea@example.com'],
    ] as const) {
      await seedStudent(t.dbs.api, { first_name: first, last_name: 'Test', email });
    }
  });
  afterAll(() => t.drop());

  const byPrefix = compiledOnce(['pattern', 'role'], (db, v) =>
    db
      .selectFrom('users')
      .select(['first_name'])
      .where(sql<string>`lower(email)`, 'like', v.pattern)
      .where(sql<string>`${v.role}::text`, '=', 'student')
      .orderBy('email')
      .limit(2),
  );

  it('answers each call with its own values, as the query built afresh would, sending the same text each time', async () => {
    const sent: string[] = [];
    const stop = t.dbs.onQuery((e) => sent.push(e.query.sql));
    try {
      const an = await byPrefix(t.dbs.api, { pattern: 'an%', role: 'student' });
      const b = await byPrefix(t.dbs.api, { pattern: 'b%', role: 'student' });
      const none = await byPrefix(t.dbs.api, { pattern: 'an%', role: 'instructor' });
      expect(an.map((r) => r.first_name)).toEqual(['Ana', 'Anouk']);
      expect(b.map((r) => r.first_name)).toEqual(['Bea']);
      expect(none).toEqual([]);
    } finally {
      stop();
    }
    expect(sent).toHaveLength(3);
    expect(new Set(sent).size).toBe(1);
  });

  it('refuses a value the query does not use, before anything runs', async () => {
    const careless = compiledOnce(['email', 'unused'], (db, v) =>
      db.selectFrom('users').select('id').where('email', '=', v.email),
    );
    await expect(careless(t.dbs.api, { email: 'ana@example.com', unused: 'x' })).rejects.toThrow(/unused not used/);
  });
});
