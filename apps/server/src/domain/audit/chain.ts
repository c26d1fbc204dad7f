import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '@ops/db';
import type { AuditChainStatus } from '@ops/shared';

/**
 * The audit chain. Each row's `hash` covers the previous row's hash and the row's fields, computed by the database
 * trigger with the canonical hashing named in `hash_version` (see migration 2026-11-30-1301: version 2 hashes one
 * JSON array, so no character can move between fields); `audit_row_hash_any` recomputes any version, so rows
 * written under an older version still verify.
 *
 * The chain alone cannot catch someone who edits a row and re-hashes every later row. So the verified head is
 * anchored outside the database: checkpoints carry an HMAC-SHA256 signature keyed with AUDIT_SIGNING_KEY (which
 * the database never sees), each new one is written to the log sink, and `npm run audit:verify -- --anchor`
 * prints one. A checkpoint whose signed hash no longer matches its row means the chain was rewritten after the
 * last checkpoint that still matches.
 */

export interface ChainVerification {
  /** The last id whose hash and link both verified (null when nothing was checked or the first row broke). */
  verifiedToId: number | null;
  /** The first row whose hash does not recompute, whose link breaks, or (re-hashed chain) the first row after the last matching anchor. */
  brokenAtId: number | null;
  checked: number;
  /** Why it broke, in words; null when it verified. */
  problem?: string | null;
}

export interface VerifyOptions {
  /** Start here instead of the chain's first row (the row before it supplies the expected prev_hash). */
  fromId?: number;
  /** Trust this hash as the expected prev_hash of the first row checked (a checkpoint). */
  expectedPrevHash?: string;
  batchSize?: number;
  onBatch?: (progress: ChainVerification) => void;
}

const GENESIS = 'genesis';

/** A signed statement "the chain's row #toId has hash H". */
export interface Anchor {
  toId: number;
  hash: string;
  signature: string;
}

const anchorText = (toId: number, hash: string): string => `ops-audit-anchor:v1:${toId}:${hash}`;

export function signAnchor(key: string, toId: number, hash: string): Anchor {
  return { toId, hash, signature: createHmac('sha256', key).update(anchorText(toId, hash)).digest('hex') };
}

export function anchorSignatureValid(key: string, anchor: Anchor): boolean {
  const expected = Buffer.from(signAnchor(key, anchor.toId, anchor.hash).signature, 'hex');
  const given = /^[0-9a-f]{64}$/.test(anchor.signature) ? Buffer.from(anchor.signature, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** One line a person can paste back: `audit-anchor v1 <toId> <hash> <signature>`. */
export function formatAnchor(anchor: Anchor): string {
  return `audit-anchor v1 ${anchor.toId} ${anchor.hash} ${anchor.signature}`;
}

export function parseAnchor(line: string): Anchor | null {
  const m = /^audit-anchor v1 (\d+) ([0-9a-f]{64}) ([0-9a-f]{64})$/.exec(line.trim());
  return m ? { toId: Number(m[1]), hash: m[2] ?? '', signature: m[3] ?? '' } : null;
}

/**
 * A row verifies when its hash recomputes, or when it was redacted through `audit_redact()` and the later
 * `audit.redacted` row in the chain records exactly this row's original hash and the hash its redacted content
 * computes to (`audit_row_verifies`, SQL).
 *
 * Recomputes each row's hash in SQL, batch by batch in id order, and checks each row links to the one before it.
 * An edited row (trigger disabled by an owner or superuser) shows up as the first id whose hash no longer
 * recomputes; a deleted or reordered row breaks the link.
 */
export async function verifyAuditChain(db: Kysely<Database>, opts: VerifyOptions = {}): Promise<ChainVerification> {
  const batchSize = opts.batchSize ?? 5_000;
  let afterId = 0;
  let expectedPrev = opts.expectedPrevHash ?? GENESIS;
  if (opts.fromId !== undefined && opts.fromId > 1) {
    afterId = opts.fromId - 1;
    if (opts.expectedPrevHash === undefined) {
      const before = await db
        .selectFrom('audit_log')
        .select('hash')
        .where('id', '<', opts.fromId)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      expectedPrev = before?.hash ?? GENESIS;
    }
  }
  const result: ChainVerification = { verifiedToId: null, brokenAtId: null, checked: 0, problem: null };
  for (;;) {
    const rows = await sql<{ id: number; prev_hash: string; hash: string; verifies: boolean }>`
      select a.id, a.prev_hash, a.hash, audit_row_verifies(a) as verifies
      from audit_log a where a.id > ${afterId} order by a.id limit ${batchSize}`.execute(db);
    for (const row of rows.rows) {
      result.checked += 1;
      if (row.prev_hash !== expectedPrev || !row.verifies) {
        result.brokenAtId = row.id;
        result.problem =
          row.prev_hash !== expectedPrev
            ? `#${row.id} does not link to the row before it (a row was removed or reordered)`
            : `#${row.id} was edited: its hash no longer recomputes`;
        return result;
      }
      result.verifiedToId = row.id;
      expectedPrev = row.hash;
      afterId = row.id;
    }
    opts.onBatch?.({ ...result });
    if (rows.rows.length < batchSize) return result;
  }
}

/**
 * Checks anchors (the signed checkpoints in the database plus any given from outside) against the rows: a
 * forged signature, or a row whose hash differs from what was signed. For a re-hashed chain the first row that
 * can have changed is the one after the last anchor that still matches.
 */
export async function checkAnchors(
  db: Kysely<Database>,
  key: string,
  external: Anchor[] = [],
): Promise<{ ok: true; anchors: number } | { ok: false; brokenAtId: number; problem: string }> {
  const stored = await db
    .selectFrom('audit_chain_checkpoints')
    .select(['verified_to_id', 'hash', 'signature'])
    .where('signature', 'is not', null)
    .orderBy('verified_to_id')
    .execute();
  const anchors = [
    ...stored.map((c) => ({ toId: c.verified_to_id, hash: c.hash, signature: c.signature ?? '', from: 'checkpoint' })),
    ...external.map((a) => ({ ...a, from: 'given anchor' })),
  ].sort((a, b) => a.toId - b.toId);
  if (anchors.length === 0) return { ok: true, anchors: 0 };
  const rows = await db
    .selectFrom('audit_log')
    .select(['id', 'hash'])
    .where(
      'id',
      'in',
      anchors.map((a) => a.toId),
    )
    .execute();
  const hashOf = new Map(rows.map((r) => [r.id, r.hash]));
  let lastGood = 0;
  for (const anchor of anchors) {
    if (!anchorSignatureValid(key, anchor)) {
      // A forged checkpoint proves nothing; say so, but keep judging the chain by the genuine ones.
      if (anchor.from === 'given anchor') {
        return {
          ok: false,
          brokenAtId: anchor.toId,
          problem: `the given anchor for #${anchor.toId} is not signed with AUDIT_SIGNING_KEY`,
        };
      }
      continue;
    }
    if (hashOf.get(anchor.toId) !== anchor.hash) {
      const first = await db
        .selectFrom('audit_log')
        .select('id')
        .where('id', '>', lastGood)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      const firstId = first?.id ?? lastGood + 1;
      return {
        ok: false,
        brokenAtId: firstId,
        problem: `the chain was rewritten: #${anchor.toId} no longer has the hash its signed ${anchor.from} recorded, so a row from #${firstId} to #${anchor.toId} was edited and the hashes after it recomputed`,
      };
    }
    lastGood = anchor.toId;
  }
  return { ok: true, anchors: anchors.length };
}

/** The full check `npm run audit:verify` runs: every row, then every signed anchor. */
export async function verifyWithAnchors(
  db: Kysely<Database>,
  key: string,
  opts: VerifyOptions & { external?: Anchor[] } = {},
): Promise<ChainVerification> {
  const walk = await verifyAuditChain(db, opts);
  if (walk.brokenAtId !== null) return walk;
  const anchors = await checkAnchors(db, key, opts.external ?? []);
  if (anchors.ok) return walk;
  return {
    verifiedToId: anchors.brokenAtId > 1 ? anchors.brokenAtId - 1 : null,
    brokenAtId: anchors.brokenAtId,
    checked: walk.checked,
    problem: anchors.problem,
  };
}

/** Signs the hash of row #toId and records it as a checkpoint; returns the anchor to ship outside the database. */
export async function recordAnchor(db: Kysely<Database>, key: string, toId: number, rowsChecked: number): Promise<Anchor> {
  const tip = await db.selectFrom('audit_log').select('hash').where('id', '=', toId).executeTakeFirstOrThrow();
  const anchor = signAnchor(key, toId, tip.hash);
  await db
    .insertInto('audit_chain_checkpoints')
    .values({ verified_to_id: toId, hash: tip.hash, rows_checked: rowsChecked, signature: anchor.signature })
    .execute();
  return anchor;
}

/**
 * The "verified to #N" badge: carries on from the last signed checkpoint (re-checking that its row still has the
 * signed hash) and records a new signed checkpoint when everything verified. When the checkpoint no longer
 * matches, the whole chain is checked so the answer names the first edited row, not the checkpoint. `full`
 * rechecks from the first row. Returns the new anchor (to ship to the log sink) when one was recorded.
 */
export async function advanceAuditChain(
  db: Kysely<Database>,
  opts: { signingKey: string; full?: boolean; now?: Date },
): Promise<{ status: AuditChainStatus; anchor: Anchor | null; problem: string | null }> {
  const verifiedAt = (opts.now ?? new Date()).toISOString();
  const last = await db.selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const lastId = last?.id ?? null;
  const candidates = opts.full
    ? []
    : await db
        .selectFrom('audit_chain_checkpoints')
        .select(['verified_to_id', 'hash', 'signature'])
        .where('signature', 'is not', null)
        .orderBy('verified_to_id', 'desc')
        .limit(5)
        .execute();
  const checkpoint = candidates
    .map((c) => ({ toId: c.verified_to_id, hash: c.hash, signature: c.signature ?? '' }))
    .find((c) => anchorSignatureValid(opts.signingKey, c));

  let verification: ChainVerification;
  let base: number | null = null;
  if (checkpoint) {
    const anchor = await sql<{ hash: string; ok: boolean }>`
      select a.hash, audit_row_verifies(a) as ok from audit_log a where a.id = ${checkpoint.toId}`.execute(db);
    const row = anchor.rows[0];
    if (!row || !row.ok || row.hash !== checkpoint.hash) {
      const full = await verifyWithAnchors(db, opts.signingKey);
      return {
        status: {
          verifiedToId: full.verifiedToId,
          brokenAtId: full.brokenAtId ?? checkpoint.toId,
          checked: full.checked,
          lastId,
          verifiedAt,
        },
        anchor: null,
        problem: full.problem ?? `#${checkpoint.toId} no longer matches its signed checkpoint`,
      };
    }
    base = checkpoint.toId;
    verification = await verifyAuditChain(db, { fromId: checkpoint.toId + 1, expectedPrevHash: checkpoint.hash });
  } else {
    verification = await verifyWithAnchors(db, opts.signingKey);
  }
  const verifiedToId = verification.verifiedToId ?? base;
  let recorded: Anchor | null = null;
  if (verification.brokenAtId === null && verifiedToId !== null && verifiedToId !== base) {
    recorded = await recordAnchor(db, opts.signingKey, verifiedToId, verification.checked);
  }
  return {
    status: { verifiedToId, brokenAtId: verification.brokenAtId, checked: verification.checked, lastId, verifiedAt },
    anchor: recorded,
    problem: verification.problem ?? null,
  };
}

export async function auditChainStatus(
  db: Kysely<Database>,
  opts: { signingKey: string; full?: boolean; now?: Date },
): Promise<AuditChainStatus> {
  return (await advanceAuditChain(db, opts)).status;
}
