import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStudent } from '@ops/db/seed/helpers';
import { diffValues } from '@ops/shared';
import { auditChainStatus, signAnchor, verifyAuditChain, verifyWithAnchors } from '../domain/audit/chain.js';
import { writeAudit } from '../domain/audit/write.js';
import { auditRowById, auditRowWithPii, createHarness, seedLesson, type TestHarness } from '../testing.js';

const request = { requestId: 'req-1', ip: '127.0.0.1', userAgent: 'vitest' };
/** A request with no address or agent recorded (as a background job's). */
const bareRequest = { requestId: 'req-bare', ip: null, userAgent: null };

describe('audit views and the tamper-evident chain', () => {
  let h: TestHarness;
  let studentId: string;
  let adjustAuditId: number;

  beforeAll(async () => {
    h = await createHarness();
    for (let i = 0; i < 30; i++) {
      await writeAudit(h.dbs.api, h.staff.support, request, {
        action: 'bookings.note',
        resourceType: 'booking',
        resourceId: `b-${i % 3}`,
        reason: `note ${i}`,
      });
    }
    const student = await seedStudent(h.dbs.api, { email: 'audit.person@example.com' });
    studentId = student.id;
    const admin = h.caller('admin');
    const preview = await admin.students.adjustCredit.preview({ userId: studentId, amountCents: 1500 });
    const done = await admin.students.adjustCredit.execute({
      confirmToken: preview.confirmToken,
      reason: 'Goodwill after a late instructor',
    });
    adjustAuditId = done.auditId ?? 0;
  }, 600_000);
  afterAll(async () => {
    await h.close();
  });

  it("finds an admin's action in search, in the person's activity and in the resource's history, with its diff", async () => {
    const c = h.caller('support');
    const byText = await c.audit.search({ q: 'late instructor' });
    expect(byText.items).toEqual([
      {
        id: adjustAuditId,
        occurredAt: expect.any(String),
        actorStaffId: h.staff.admin.id,
        actorEmail: h.staff.admin.email,
        action: 'students.adjustCredit',
        resourceType: 'user',
        resourceId: studentId,
        reason: 'Goodwill after a late instructor',
        channel: 'web',
        tokenName: null,
        resourceLabel: null,
      },
    ]);
    const activity = await c.audit.search({ actor: h.staff.admin.email });
    expect(activity.items.map((i) => i.id)).toContain(adjustAuditId);
    expect(activity.items.every((i) => i.actorEmail === h.staff.admin.email)).toBe(true);
    const byId = await c.audit.search({ actor: h.staff.admin.id, action: 'students.adjustCredit' });
    expect(byId.items.map((i) => i.id)).toEqual([adjustAuditId]);
    const history = await c.audit.search({ resourceType: 'user', resourceId: studentId });
    expect(history.items.map((i) => i.id)).toEqual([adjustAuditId]);
    // An admin's sign-in is in the log, but not among the admin actions.
    const signIn = await writeAudit(h.dbs.api, h.staff.admin, bareRequest, {
      action: 'auth.login',
      resourceType: 'staff',
      resourceId: h.staff.admin.id,
      reason: '',
    });
    const admins = await c.audit.search({ adminOnly: true });
    expect(admins.items.map((i) => i.id)).toEqual([adjustAuditId]);
    expect((await c.audit.search({ actor: h.staff.admin.email })).items.map((i) => i.id)).toContain(signIn);

    const entry = await c.audit.byId({ id: adjustAuditId });
    expect(entry).toEqual({
      ...byText.items[0],
      before: { balanceCents: 0 },
      after: expect.objectContaining({ balanceCents: 1500 }),
      requestId: expect.any(String),
      ip: '127.0.0.1',
      userAgent: 'vitest',
      prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      hashValid: true,
    });
    const diff = diffValues(entry.before, entry.after);
    expect(diff).toContainEqual({ path: 'balanceCents', before: 0, after: 1500, change: 'changed' });
    await expect(c.audit.byId({ id: 999_999_999 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'id: no audit entry #999999999',
    });
    await expect(h.caller('exec').audit.search({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("finds a booking's entries by its short id as people quote it, and actions by the word they start with", async () => {
    const { booking } = await seedLesson(h.dbs.api, { hoursAhead: 30, priceCents: 4_000, paymentStatus: 'captured' });
    const noteId = await writeAudit(h.dbs.api, h.staff.support, bareRequest, {
      action: 'bookings.note',
      resourceType: 'booking',
      resourceId: booking.id,
      reason: 'Asked about the time',
    });
    const c = h.caller('support');
    for (const quoted of [booking.short_id, `#${booking.short_id.toLowerCase()}`])
      expect((await c.audit.search({ resourceId: quoted })).items.map((i) => i.id)).toEqual([noteId]);
    // And names it by that short id, in the list and on the entry's own page.
    const [listed] = (await c.audit.search({ resourceId: booking.id })).items;
    expect(listed).toMatchObject({ resourceId: booking.id, resourceLabel: booking.short_id });
    expect(await c.audit.byId({ id: noteId })).toMatchObject({ resourceLabel: booking.short_id });
    const byWord = await c.audit.search({ action: 'students' });
    expect(byWord.items.map((i) => i.action)).toEqual(['students.adjustCredit']);
    // A whole name is exact: 'bookings.no' is not a prefix search.
    expect((await c.audit.search({ action: 'bookings.no' })).items).toEqual([]);
  });

  it('pages with a keyset cursor without gaps or repeats, and filters by time', async () => {
    const c = h.caller('oncall');
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof c.audit.search>> = await c.audit.search({ limit: 7, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = await h.dbs.api.selectFrom('audit_log').select('id').orderBy('id', 'desc').execute();
    expect(seen).toEqual(all.map((r) => r.id));
    const future = await c.audit.search({ from: new Date(Date.now() + 60_000).toISOString() });
    expect(future.items).toHaveLength(0);
    await expect(c.audit.search({ from: 'yesterday' })).rejects.toThrow(/from/);
  });

  it('exports CSV with masked PII', async () => {
    await auditRowWithPii(h, studentId, {
      after: { email: 'audit.person@example.com', phone: '+1 212 555 0199', lastName: 'Person' },
      reason: 'Customer called about a charge',
    });
    const out = await h.caller('admin').audit.exportCsv({ action: 'users.pii.reveal' });
    expect(out.rows).toBe(1);
    expect(out.csv.split('\r\n')[0]).toBe(
      'id,occurred_at,actor_email,action,resource_type,resource_id,reason,channel,token_name,before,after,request_id,actor_ip,hash',
    );
    expect(out.csv).toContain('a***n@example.com');
    expect(out.csv).toContain('***-***-0199');
    expect(out.csv).not.toContain('audit.person@example.com');
    expect(out.csv).not.toContain('555 0199');
    // The export itself is recorded: who, with which filters, how many rows it held.
    const [recorded] = await h.dbs.api
      .selectFrom('audit_log')
      .select(['actor_staff_id', 'resource_type', 'after'])
      .where('action', '=', 'audit.export')
      .orderBy('id', 'desc')
      .limit(1)
      .execute();
    expect(recorded).toEqual({
      actor_staff_id: h.staff.admin.id,
      resource_type: 'audit_log',
      after: { filters: { action: 'users.pii.reveal' }, rows: 1, truncated: false },
    });
    expect(out.filename).toMatch(/^audit-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\.csv$/);
  });

  it("exports how and from where each entry was made (channel, token name, actor's IP), PII still masked for support", async () => {
    const viaMcp = await writeAudit(
      h.dbs.api,
      h.staff.support,
      { requestId: 'req-mcp', ip: '203.0.113.7', userAgent: 'assistant', channel: 'mcp', tokenName: 'support assistant' },
      {
        action: 'users.pii.reveal',
        resourceType: 'user',
        resourceId: studentId,
        after: { email: 'audit.person@example.com' },
        reason: 'Assistant looked the person up',
      },
    );
    const viaWeb = await writeAudit(h.dbs.api, h.staff.support, bareRequest, {
      action: 'users.pii.reveal',
      resourceType: 'user',
      resourceId: studentId,
      reason: 'Looked up in the browser',
    });
    const out = await h.caller('support').audit.exportCsv({ q: 'looked' });
    const [header, ...lines] = out.csv.split('\r\n');
    const columns = (header ?? '').split(',');
    expect(columns.slice(7, 9)).toEqual(['channel', 'token_name']);
    expect(columns.at(-2)).toBe('actor_ip');
    const mcpLine = lines.find((l) => l.startsWith(`${viaMcp},`)) ?? '';
    const webLine = lines.find((l) => l.startsWith(`${viaWeb},`)) ?? '';
    expect(mcpLine).toContain(',Assistant looked the person up,mcp,support assistant,');
    expect(mcpLine).toMatch(/,req-mcp,203\.0\.113\.7,[0-9a-f]{64}$/);
    expect(webLine).toContain(',Looked up in the browser,web,,');
    expect(webLine).toMatch(/,req-bare,,[0-9a-f]{64}$/);
    expect(out.csv).toContain('a***n@example.com');
    expect(out.csv).not.toContain('audit.person@example.com');
  });

  it('numbers rows one after another, so a gap in the log is never an artefact of numbering', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        await writeAudit(h.dbs.api, h.staff.support, request, {
          action: 'bookings.note',
          resourceType: 'booking',
          resourceId: 'b-step',
          reason: `step ${i}`,
        }),
      );
    }
    const first = ids[0] ?? 0;
    expect(ids).toEqual([first, first + 1, first + 2]);
    // A rolled-back write uses up its number; the next one follows it.
    await expect(
      h.dbs.api.transaction().execute(async (tx) => {
        await writeAudit(tx, h.staff.support, request, {
          action: 'bookings.note',
          resourceType: 'booking',
          resourceId: 'b-step',
          reason: 'undone',
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const after = await writeAudit(h.dbs.api, h.staff.support, request, {
      action: 'bookings.note',
      resourceType: 'booking',
      resourceId: 'b-step',
      reason: 'step 3',
    });
    expect(after).toBe(first + 4);
  });

  it('refuses UPDATE and DELETE on audit_log', async () => {
    await expect(sql`update audit_log set reason = 'edited' where id = ${adjustAuditId}`.execute(h.dbs.api)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log where id = ${adjustAuditId}`.execute(h.dbs.api)).rejects.toThrow(/append-only/);
    const row = await auditRowById(h.dbs.api, adjustAuditId);
    expect(row.reason).toBe('Goodwill after a late instructor');
  });

  it('catches a rewrite that re-hashes every later row, by the signed anchors, naming the first edited row', async () => {
    const key = h.services.config.auditSigningKey;
    const ids = (await h.dbs.api.selectFrom('audit_log').select(['id', 'hash']).orderBy('id').execute()).map((r) => r);
    const half = Math.floor(ids.length / 2);
    const before = ids[half - 1];
    const edited = ids[half];
    const head = ids.at(-1);
    if (!before || !edited || !head) throw new Error('the story data has too few audit rows');
    const anchors = [signAnchor(key, before.id, before.hash), signAnchor(key, head.id, head.hash)];

    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(h.dbs.api);
    await sql`update audit_log set reason = 'rewritten' where id = ${edited.id}`.execute(h.dbs.api);
    for (const row of ids.slice(half)) {
      await sql`update audit_log set prev_hash = (select p.hash from audit_log p where p.id < ${row.id} order by p.id desc limit 1) where id = ${row.id}`.execute(
        h.dbs.api,
      );
      await sql`update audit_log a set hash = audit_row_hash_any(a.prev_hash, a) where a.id = ${row.id}`.execute(h.dbs.api);
    }
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(h.dbs.api);
    await sql`delete from audit_chain_checkpoints`.execute(h.dbs.api);

    expect((await verifyAuditChain(h.dbs.api)).brokenAtId).toBeNull();
    const checked = await verifyWithAnchors(h.dbs.api, key, { external: anchors });
    expect(checked.brokenAtId).toBe(edited.id);
    expect(checked.problem).toMatch(/rewritten/);
    const forged = { ...anchors[1], signature: 'f'.repeat(64) } as (typeof anchors)[number];
    expect((await verifyWithAnchors(h.dbs.api, key, { external: [forged] })).problem).toMatch(/not signed/);
  });

  it('verifies the chain, and reports a forged row at its id', async () => {
    const last = await h.dbs.api.selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const clean = await verifyAuditChain(h.dbs.api, { batchSize: 8 });
    expect(clean).toMatchObject({ verifiedToId: last.id, brokenAtId: null });
    const badge = await h.caller('oncall').audit.chain({});
    expect(badge).toMatchObject({ verifiedToId: last.id, brokenAtId: null });

    // A superuser who disables the trigger can change a row; the chain shows where.
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(h.dbs.api);
    await sql`update audit_log set reason = 'nothing happened here' where id = ${adjustAuditId}`.execute(h.dbs.api);
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(h.dbs.api);

    const broken = await verifyAuditChain(h.dbs.api, { batchSize: 8 });
    expect(broken.brokenAtId).toBe(adjustAuditId);
    expect(broken.verifiedToId).toBeLessThan(adjustAuditId);
    expect((await verifyAuditChain(h.dbs.api, { fromId: adjustAuditId })).brokenAtId).toBe(adjustAuditId);
    expect((await auditChainStatus(h.dbs.api, { full: true, signingKey: h.services.config.auditSigningKey })).brokenAtId).toBe(
      adjustAuditId,
    );
    expect((await h.caller('oncall').audit.byId({ id: adjustAuditId })).hashValid).toBe(false);
  });
});
