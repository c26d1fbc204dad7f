import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, statementsOf, type StaffKey, type TestHarness } from '../../testing.js';
import { createCheckedTokens, TOKEN_CHECK_MS } from './checked-tokens.js';
import {
  admitAccessToken,
  createRateLeases,
  grantedBy,
  leaseSize,
  onAccessTokenRevoked,
  refillBelow,
  type RateLeases,
} from './tokens.js';

let h: TestHarness;

beforeAll(async () => {
  h = await createHarness();
}, 300_000);

afterAll(async () => {
  if (h !== undefined) await h.close();
});

/** Half past the current minute: far from a window boundary, whatever the wall clock says. */
function midMinute(): Date {
  return new Date(Math.floor(Date.now() / 60_000) * 60_000 + 30_000);
}

async function newToken(who: StaffKey = 'oncall') {
  return h.caller(who).tokens.create({ name: `t${Math.random().toString(36).slice(2)}`, expiresInDays: 1 });
}

async function sharedCount(tokenId: string, window: Date): Promise<number> {
  const row = await h.dbs.api
    .selectFrom('token_rate_windows')
    .select('requests')
    .where('token_id', '=', tokenId)
    .where('window_start', '=', window.toISOString())
    .executeTakeFirst();
  return row?.requests ?? 0;
}

function windowOf(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}

/** Waits until no replica has a reservation in flight for the token (blocks are reserved ahead, in the background). */
async function settled(replicas: RateLeases[], tokenId: string, window: number): Promise<void> {
  while (replicas.some((l) => l.refilling(tokenId, window))) await new Promise((r) => setTimeout(r, 5));
}

describe('the per-token rate limit', () => {
  it('grants from a block only what is left of the minute', () => {
    expect(leaseSize(300)).toBe(15);
    expect(leaseSize(3)).toBe(1);
    expect(leaseSize(1_000_000)).toBe(16);
    expect(grantedBy(15, 15, 300)).toBe(15);
    expect(grantedBy(305, 15, 300)).toBe(10);
    expect(grantedBy(320, 15, 300)).toBe(0);
  });

  it('admits a token within its limit, then tells how long to wait without counting further', async () => {
    const { token, id } = await newToken();
    const leases = createRateLeases();
    const now = midMinute();
    const waits: Array<number | null> = [];
    for (let i = 0; i < 7; i++) {
      const r = await admitAccessToken(h.dbs.api, token, now, 5, leases);
      if (!r.ok) throw new Error(r.description);
      waits.push(r.waitSeconds);
    }
    expect(waits).toEqual([null, null, null, null, null, 30, 30]);
    // The sixth request learnt that the budget is spent; the seventh only read.
    expect(await sharedCount(id, windowOf(now))).toBe(6);
  });

  it('writes the shared count once per block, not once per request, reserving the next block ahead', async () => {
    const { token, id } = await newToken();
    const leases = createRateLeases();
    const now = midMinute();
    const window = windowOf(now).getTime();
    const size = leaseSize(300);
    // Until only refillBelow(size) are left, requests spend the first block and write nothing.
    for (let i = 0; i < size - refillBelow(size) - 1; i++) {
      expect((await admitAccessToken(h.dbs.api, token, now, 300, leases)).ok).toBe(true);
    }
    await settled([leases], id, window);
    expect(await sharedCount(id, windowOf(now))).toBe(size);
    expect((await admitAccessToken(h.dbs.api, token, now, 300, leases)).ok).toBe(true);
    await settled([leases], id, window);
    expect(await sharedCount(id, windowOf(now))).toBe(2 * size);
    expect(leases.available(id, window)).toBe(size + refillBelow(size));
    // All but the reserve of the blocks held: nothing more is written.
    for (let i = 0; i < size - 1; i++) expect((await admitAccessToken(h.dbs.api, token, now, 300, leases)).ok).toBe(true);
    await settled([leases], id, window);
    expect(await sharedCount(id, windowOf(now))).toBe(2 * size);
  });

  it('never admits more than the limit across replicas, under concurrency', async () => {
    const { token, id } = await newToken();
    const limit = 40;
    const replicas: RateLeases[] = [createRateLeases(), createRateLeases(), createRateLeases()];
    const now = midMinute();
    const results = await Promise.all(
      Array.from({ length: 90 }, (_, i) => {
        const leases = replicas[i % replicas.length];
        if (leases === undefined) throw new Error('no replica');
        return admitAccessToken(h.dbs.api, token, now, limit, leases);
      }),
    );
    await settled(replicas, id, windowOf(now).getTime());
    const admitted = results.filter((r) => r.ok && r.waitSeconds === null).length;
    const held = replicas.reduce((sum, l) => sum + l.available(id, windowOf(now).getTime()), 0);
    expect(results.every((r) => r.ok)).toBe(true);
    // Every request of the minute's budget was either spent or is still held by a replica: none twice, none lost.
    expect(admitted + held).toBe(limit);
    expect(admitted).toBeGreaterThanOrEqual(limit - replicas.length * (leaseSize(limit) - 1));
    expect(await sharedCount(id, windowOf(now))).toBeGreaterThanOrEqual(limit);
  });

  it('refuses a revoked token and a deactivated staff member on the next request, reserved requests or not', async () => {
    const leases = createRateLeases();
    const now = midMinute();
    const revoked = await newToken();
    expect((await admitAccessToken(h.dbs.api, revoked.token, now, 300, leases)).ok).toBe(true);
    expect(leases.available(revoked.id, windowOf(now).getTime())).toBeGreaterThan(0);
    await h.caller('oncall').tokens.revoke({ id: revoked.id });
    expect(await admitAccessToken(h.dbs.api, revoked.token, now, 300, leases)).toMatchObject({
      ok: false,
      description: 'The access token was revoked',
    });

    const suspended = await newToken('exec');
    expect((await admitAccessToken(h.dbs.api, suspended.token, now, 300, leases)).ok).toBe(true);
    await h.dbs.api.updateTable('staff_users').set({ active: false }).where('id', '=', h.staff.exec.id).execute();
    try {
      expect(await admitAccessToken(h.dbs.api, suspended.token, now, 300, leases)).toMatchObject({
        ok: false,
        description: 'The staff account of this token is not active',
      });
    } finally {
      await h.dbs.api.updateTable('staff_users').set({ active: true }).where('id', '=', h.staff.exec.id).execute();
    }
  });

  it('does not let a wrong secret spend or reserve a token’s requests', async () => {
    const { token, id } = await newToken();
    const leases = createRateLeases();
    const now = midMinute();
    await admitAccessToken(h.dbs.api, token, now, 300, leases);
    const left = leases.available(id, windowOf(now).getTime());
    const forged = `${token.slice(0, -4)}AAAA` === token ? `${token.slice(0, -4)}BBBB` : `${token.slice(0, -4)}AAAA`;
    expect(await admitAccessToken(h.dbs.api, forged, now, 300, leases)).toMatchObject({ ok: false });
    expect(await admitAccessToken(h.dbs.api, forged, now, 300, createRateLeases())).toMatchObject({ ok: false });
    expect(leases.available(id, windowOf(now).getTime())).toBe(left);
    expect(await sharedCount(id, windowOf(now))).toBe(leaseSize(300));
    // A forged request racing the owner's on a replica that holds nothing for the token leaves the owner admitted.
    const replica = createRateLeases();
    const [bad, good] = await Promise.all([
      admitAccessToken(h.dbs.api, forged, now, 300, replica),
      admitAccessToken(h.dbs.api, token, now, 300, replica),
    ]);
    expect(bad).toMatchObject({ ok: false });
    expect(good).toMatchObject({ ok: true, waitSeconds: null });
    expect(replica.exhausted(id, windowOf(now).getTime())).toBe(false);
  });
});

describe('tokens checked a moment ago', () => {
  let clock = 5_000_000;
  const memo = () => createCheckedTokens({ now: () => clock });

  /** Statements on the tokens table while `fn` runs. */
  async function tokenReads(fn: () => Promise<unknown>): Promise<number> {
    const sent = await statementsOf(h.dbs, fn);
    return sent.filter((text) => text.includes('personal_access_tokens') && !text.trimStart().startsWith('update')).length;
  }

  it('are admitted from memory for TOKEN_CHECK_MS, then read again', async () => {
    const { token } = await newToken();
    const leases = createRateLeases();
    const checked = memo();
    const now = midMinute();
    expect((await admitAccessToken(h.dbs.api, token, now, 300, leases, { checked })).ok).toBe(true);
    expect(
      await tokenReads(async () => {
        for (let i = 0; i < 5; i++)
          expect((await admitAccessToken(h.dbs.api, token, now, 300, leases, { checked })).ok).toBe(true);
      }),
    ).toBe(0);
    clock += TOKEN_CHECK_MS;
    expect(TOKEN_CHECK_MS).toBeLessThanOrEqual(1_000);
    expect(await tokenReads(() => admitAccessToken(h.dbs.api, token, now, 300, leases, { checked }))).toBe(1);
  });

  it('stop at once when revoked by this process, and within TOKEN_CHECK_MS when revoked or suspended elsewhere', async () => {
    const leases = createRateLeases();
    const checked = memo();
    const stop = onAccessTokenRevoked((id) => checked.forget(id));
    const now = midMinute();
    try {
      const here = await newToken();
      expect((await admitAccessToken(h.dbs.api, here.token, now, 300, leases, { checked })).ok).toBe(true);
      await h.caller('oncall').tokens.revoke({ id: here.id });
      expect(await admitAccessToken(h.dbs.api, here.token, now, 300, leases, { checked })).toMatchObject({
        ok: false,
        description: 'The access token was revoked',
      });

      // Another replica's revocation and a deactivation from the command line reach this process only through the
      // database.
      const elsewhere = await newToken();
      const suspended = await newToken('exec');
      for (const t of [elsewhere, suspended]) {
        expect((await admitAccessToken(h.dbs.api, t.token, now, 300, leases, { checked })).ok).toBe(true);
      }
      await h.dbs.api.updateTable('personal_access_tokens').set({ revoked_at: now }).where('id', '=', elsewhere.id).execute();
      await h.dbs.api.updateTable('staff_users').set({ active: false }).where('id', '=', h.staff.exec.id).execute();
      try {
        clock += TOKEN_CHECK_MS;
        expect(await admitAccessToken(h.dbs.api, elsewhere.token, now, 300, leases, { checked })).toMatchObject({
          ok: false,
          description: 'The access token was revoked',
        });
        expect(await admitAccessToken(h.dbs.api, suspended.token, now, 300, leases, { checked })).toMatchObject({
          ok: false,
          description: 'The staff account of this token is not active',
        });
      } finally {
        await h.dbs.api.updateTable('staff_users').set({ active: true }).where('id', '=', h.staff.exec.id).execute();
      }
    } finally {
      stop();
    }
  });

  it('expire from memory at their expiry, to the millisecond', async () => {
    const { token, id } = await newToken();
    const leases = createRateLeases();
    const checked = memo();
    const now = midMinute();
    const expiresAt = new Date(now.getTime() + 100);
    await h.dbs.api.updateTable('personal_access_tokens').set({ expires_at: expiresAt }).where('id', '=', id).execute();
    expect((await admitAccessToken(h.dbs.api, token, now, 300, leases, { checked })).ok).toBe(true);
    const justBefore = new Date(expiresAt.getTime() - 1);
    expect((await admitAccessToken(h.dbs.api, token, justBefore, 300, leases, { checked })).ok).toBe(true);
    expect(await tokenReads(() => admitAccessToken(h.dbs.api, token, expiresAt, 300, leases, { checked }))).toBe(0);
    expect(await admitAccessToken(h.dbs.api, token, expiresAt, 300, leases, { checked })).toMatchObject({
      ok: false,
      description: 'The access token expired',
    });
  });

  it('serve only the secret the database confirmed', async () => {
    const { token } = await newToken();
    const leases = createRateLeases();
    const checked = memo();
    const now = midMinute();
    expect((await admitAccessToken(h.dbs.api, token, now, 300, leases, { checked })).ok).toBe(true);
    const forged = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect(await admitAccessToken(h.dbs.api, forged, now, 300, leases, { checked })).toMatchObject({ ok: false });
    // The owner's entry is still there.
    expect(await tokenReads(() => admitAccessToken(h.dbs.api, token, now, 300, leases, { checked }))).toBe(0);
  });

  it('write their last use at most once a minute, without holding the request', async () => {
    const { token, id } = await newToken();
    const leases = createRateLeases();
    const checked = memo();
    const now = midMinute();
    let writes = 0;
    // Only this token's writes: an earlier test's background write may land while this one runs.
    const stop = h.dbs.onQuery((e) => {
      const { sql, parameters } = e.query;
      if (sql.startsWith('update "personal_access_tokens" set "last_used_at"') && parameters.includes(id)) writes++;
    });
    try {
      for (let s = 0; s < 60; s += 5) {
        clock += TOKEN_CHECK_MS;
        const at = new Date(now.getTime() + s * 1_000);
        expect((await admitAccessToken(h.dbs.api, token, at, 300, leases, { checked })).ok).toBe(true);
      }
      const later = new Date(now.getTime() + 61_000);
      expect((await admitAccessToken(h.dbs.api, token, later, 300, leases, { checked })).ok).toBe(true);
      await expect
        .poll(async () => {
          const row = await h.dbs.api
            .selectFrom('personal_access_tokens')
            .select('last_used_at')
            .where('id', '=', id)
            .executeTakeFirstOrThrow();
          return row.last_used_at === null ? null : new Date(row.last_used_at).getTime();
        })
        .toBe(later.getTime());
      expect(writes).toBe(2);
    } finally {
      stop();
    }
  });
});

describe('token names', () => {
  it('are unique among one person’s live tokens, so the audit’s token name says which to revoke', async () => {
    const caller = h.caller('support');
    const name = `laptop ${Math.random().toString(36).slice(2)}`;
    const first = await caller.tokens.create({ name, expiresInDays: 1 });
    const before = await caller.tokens.list();
    await expect(caller.tokens.create({ name: name.toUpperCase(), expiresInDays: 1 })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `name: you already have a token named "${name.toUpperCase()}"; revoke it or choose another name`,
    });
    expect(await caller.tokens.list()).toHaveLength(before.length);
    // Another person may use the name; so may its owner once the first is revoked.
    await h.caller('oncall').tokens.create({ name, expiresInDays: 1 });
    await caller.tokens.revoke({ id: first.id });
    expect((await caller.tokens.create({ name, expiresInDays: 1 })).name).toBe(name);
  });
});

describe('revoking a token', () => {
  it('is refused, naming the id and auditing nothing, for a token already revoked or of someone else', async () => {
    const mine = await h
      .caller('support')
      .tokens.create({ name: `phone ${Math.random().toString(36).slice(2)}`, expiresInDays: 1 });
    const audited = () =>
      h.dbs.api
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'tokens.revoke')
        .where('resource_id', '=', mine.id)
        .execute();
    const refusal = { code: 'NOT_FOUND', message: 'id: no such active token of yours' };
    await expect(h.caller('oncall').tokens.revoke({ id: mine.id })).rejects.toMatchObject(refusal);
    expect(await audited()).toHaveLength(0);
    expect(await h.caller('support').tokens.revoke({ id: mine.id })).toEqual({ revoked: true });
    await expect(h.caller('support').tokens.revoke({ id: mine.id })).rejects.toMatchObject(refusal);
    expect(await audited()).toHaveLength(1);
  });
});
