import { sql, type Kysely } from 'kysely';
import type { Database } from '@ops/db';
import type { AuditChainStatus } from '@ops/shared';

export interface ChainVerification {
  /** The last id whose hash and link both verified (null when nothing was checked or the first row broke). */
  verifiedToId: number | null;
  /** The first row whose hash does not recompute or whose prev_hash does not match the row before it. */
  brokenAtId: number | null;
  checked: number;
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

/**
 * A row verifies when its hash recomputes, or when it was redacted through `audit_redact()` and the later
 * `audit.redacted` row in the chain records exactly this row's original hash and the hash its redacted content
 * computes to (`audit_row_verifies`, SQL).
 *
 * Recomputes `audit_row_hash(prev_hash, row)` in SQL, batch by batch in id order, and checks each row links to the
 * one before it. Any UPDATE that slipped past the append-only trigger (a superuser with the trigger disabled)
 * shows up as the first id whose hash no longer recomputes; a deleted or reordered row breaks the link.
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
  const result: ChainVerification = { verifiedToId: null, brokenAtId: null, checked: 0 };
  for (;;) {
    const rows = await sql<{ id: number; prev_hash: string; hash: string; verifies: boolean }>`
      select a.id, a.prev_hash, a.hash, audit_row_verifies(a) as verifies
      from audit_log a where a.id > ${afterId} order by a.id limit ${batchSize}`.execute(db);
    for (const row of rows.rows) {
      result.checked += 1;
      if (row.prev_hash !== expectedPrev || !row.verifies) {
        result.brokenAtId = row.id;
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
 * The "verified to #N" badge: carries on from the last checkpoint (re-checking that the checkpoint row still
 * recomputes to its recorded hash) and records a new checkpoint when everything verified. `full` rechecks from
 * the first row.
 */
export async function auditChainStatus(
  db: Kysely<Database>,
  opts: { full?: boolean; now?: Date } = {},
): Promise<AuditChainStatus> {
  const verifiedAt = (opts.now ?? new Date()).toISOString();
  const last = await db.selectFrom('audit_log').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const checkpoint = opts.full
    ? undefined
    : await db
        .selectFrom('audit_chain_checkpoints')
        .select(['verified_to_id', 'hash'])
        .orderBy('verified_to_id', 'desc')
        .limit(1)
        .executeTakeFirst();

  let verification: ChainVerification;
  let base: number | null = null;
  if (checkpoint) {
    const anchor = await sql<{ hash: string; ok: boolean }>`
      select a.hash, audit_row_verifies(a) as ok from audit_log a where a.id = ${checkpoint.verified_to_id}`.execute(
      db,
    );
    const row = anchor.rows[0];
    if (!row || !row.ok || row.hash !== checkpoint.hash) {
      return { verifiedToId: null, brokenAtId: checkpoint.verified_to_id, checked: 1, lastId: last?.id ?? null, verifiedAt };
    }
    base = checkpoint.verified_to_id;
    verification = await verifyAuditChain(db, { fromId: checkpoint.verified_to_id + 1, expectedPrevHash: checkpoint.hash });
  } else {
    verification = await verifyAuditChain(db);
  }
  const verifiedToId = verification.verifiedToId ?? base;
  if (verification.brokenAtId === null && verifiedToId !== null && verifiedToId !== base) {
    const tip = await db.selectFrom('audit_log').select('hash').where('id', '=', verifiedToId).executeTakeFirstOrThrow();
    await db
      .insertInto('audit_chain_checkpoints')
      .values({ verified_to_id: verifiedToId, hash: tip.hash, rows_checked: verification.checked })
      .execute();
  }
  return {
    verifiedToId,
    brokenAtId: verification.brokenAtId,
    checked: verification.checked,
    lastId: last?.id ?? null,
    verifiedAt,
  };
}
