import { createHash, randomBytes } from 'node:crypto';
import type { Database, Db } from '@ops/db';
import type { Transaction } from 'kysely';
import type { PrivacyDownloadLink, PrivacyExportResult, PrivacyExportRow, PrivacyExportStatus } from '@ops/shared';
import type { RequestMeta, StaffIdentity } from '../../context.js';
import { writeAudit } from '../audit/write.js';
import { DomainError } from '../errors.js';
import { refuseErased } from '../erased.js';
import { collectPersonData, countPersonRows, EXPORT_TABLES, tableToCsv, type ExportData } from './collect.js';
import { writeZip, type ZipEntry } from './zip.js';

export const EXPORT_QUEUE = 'privacy';
export const EXPORT_TASK = 'export';
export const ARCHIVE_FORMAT = 'ops-console-privacy-export';

export interface ExportSettings {
  inlineMaxRows: number;
  linkMinutes: number;
  /** The business time zone, for the date a refusal names. */
  timeZone: string;
}

interface Actor {
  staff: StaffIdentity;
  request: RequestMeta;
  now: Date;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export function downloadPath(exportId: string, token: string): string {
  return `/privacy/exports/${exportId}/download?token=${encodeURIComponent(token)}`;
}

/** The archive: a manifest, every table as JSON and as CSV. Deterministic for the same data and time. */
export function buildArchive(
  data: ExportData,
  meta: { userId: string; exportId: string; generatedAt: Date; requestedBy: string; reason: string },
): { archive: Buffer; manifest: Record<string, unknown>; tables: Record<string, number> } {
  const tables = Object.fromEntries(EXPORT_TABLES.map((t) => [t, data[t].length]));
  const manifest = {
    format: ARCHIVE_FORMAT,
    version: 1,
    exportId: meta.exportId,
    userId: meta.userId,
    generatedAt: meta.generatedAt.toISOString(),
    requestedBy: meta.requestedBy,
    reason: meta.reason,
    tables: Object.fromEntries(
      EXPORT_TABLES.map((t) => [t, { rows: data[t].length, files: [`json/${t}.json`, `csv/${t}.csv`] }]),
    ),
    notes: 'Money is in integer cents; times are UTC (ISO-8601). Payments and refunds are kept as the law requires.',
  };
  const entries: ZipEntry[] = [
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) },
    ...EXPORT_TABLES.flatMap((t) => [
      { name: `json/${t}.json`, data: Buffer.from(JSON.stringify(data[t], null, 2)) },
      { name: `csv/${t}.csv`, data: Buffer.from(tableToCsv(data[t])) },
    ]),
  ];
  return { archive: writeZip(entries, meta.generatedAt), manifest, tables };
}

type ExportRecord = {
  id: string;
  status: 'building' | 'ready' | 'failed';
  reason: string;
  requested_at: string;
  expires_at: string;
  manifest: unknown;
  size_bytes: number | null;
  error: string | null;
  requested_by: string;
};

function toRow(r: ExportRecord, now: Date): PrivacyExportRow {
  const manifest = r.manifest as { tables?: Record<string, { rows: number }> } | null;
  const status: PrivacyExportStatus = r.status === 'ready' && new Date(r.expires_at) <= now ? 'expired' : r.status;
  return {
    id: r.id,
    status,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    reason: r.reason,
    tables: manifest?.tables ? Object.fromEntries(Object.entries(manifest.tables).map(([k, v]) => [k, v.rows])) : null,
    sizeBytes: r.size_bytes,
    expiresAt: r.expires_at,
    error: r.error,
  };
}

function exportQuery(db: Db | Transaction<Database>) {
  return db
    .selectFrom('privacy_exports as e')
    .innerJoin('staff_users as s', 's.id', 'e.requested_by_staff_id')
    .select([
      'e.id',
      'e.status',
      'e.reason',
      'e.requested_at',
      'e.expires_at',
      'e.manifest',
      'e.size_bytes',
      'e.error',
      's.email as requested_by',
    ]);
}

/** Builds and stores the archive of one export (in the request for small ones, by the job for large ones). */
export async function completeExport(db: Db | Transaction<Database>, exportId: string, now: Date): Promise<void> {
  const row = await db
    .selectFrom('privacy_exports as e')
    .innerJoin('staff_users as s', 's.id', 'e.requested_by_staff_id')
    .select(['e.id', 'e.user_id', 'e.reason', 's.email'])
    .where('e.id', '=', exportId)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `exportId: no such export ${exportId}`);
  const data = await collectPersonData(db, row.user_id);
  const built = buildArchive(data, {
    userId: row.user_id,
    exportId: row.id,
    generatedAt: now,
    requestedBy: row.email,
    reason: row.reason,
  });
  await db
    .updateTable('privacy_exports')
    .set({
      status: 'ready',
      archive: built.archive,
      manifest: JSON.stringify(built.manifest),
      size_bytes: built.archive.length,
      finished_at: now,
      error: null,
    })
    .where('id', '=', exportId)
    .execute();
}

/**
 * `privacy.export`: records the request with its reason and an audit row in one transaction, then builds the
 * archive now (small) or queues a job (more than `inlineMaxRows` rows). Answers with a download link when ready.
 */
export async function requestExport(
  db: Db,
  actor: Actor,
  input: { userId: string; reason: string },
  settings: ExportSettings,
): Promise<PrivacyExportResult> {
  const person = await db.selectFrom('users').select(['id', 'erased_at']).where('id', '=', input.userId).executeTakeFirst();
  if (!person) throw new DomainError('NOT_FOUND', 'userId: no such person');
  // Erasure deleted or anonymised what an export would hold; what is kept by law is not theirs to hand out any more.
  refuseErased({ erasedAt: person.erased_at }, settings.timeZone);
  // The archive holds this request's own audit row too (it is about the person), whether built now or by the job.
  const rows = (await countPersonRows(db, input.userId)) + 1;
  const inline = rows <= settings.inlineMaxRows;
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(actor.now.getTime() + settings.linkMinutes * 60_000);

  const created = await db.transaction().execute(async (tx) => {
    const record = await tx
      .insertInto('privacy_exports')
      .values({
        user_id: input.userId,
        requested_by_staff_id: actor.staff.id,
        reason: input.reason,
        status: 'building',
        download_token_hash: sha256(token),
        requested_at: actor.now,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let jobId: number | null = null;
    if (!inline) {
      const job = await tx
        .insertInto('background_jobs')
        .values({
          queue: EXPORT_QUEUE,
          task: EXPORT_TASK,
          status: 'queued',
          payload: JSON.stringify({ exportId: record.id }),
          scheduled_at: actor.now,
          max_attempts: 3,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      jobId = job.id;
      await tx.updateTable('privacy_exports').set({ job_id: jobId }).where('id', '=', record.id).execute();
    }
    const auditId = await writeAudit(tx, actor.staff, actor.request, {
      action: 'privacy.export',
      resourceType: 'user',
      resourceId: input.userId,
      after: { exportId: record.id, rows, mode: inline ? 'inline' : 'job', jobId, linkExpiresAt: expiresAt.toISOString() },
      reason: input.reason,
    });
    if (inline) await completeExport(tx, record.id, actor.now);
    return { id: record.id, auditId };
  });

  const stored = await exportQuery(db).where('e.id', '=', created.id).executeTakeFirstOrThrow();
  const row = toRow(stored, actor.now);
  return { export: row, auditId: created.auditId, downloadUrl: row.status === 'ready' ? downloadPath(row.id, token) : null };
}

/** The person's exports, newest first (the person's page lists them). */
export async function listExports(db: Db, userId: string, now: Date): Promise<PrivacyExportRow[]> {
  const rows = await exportQuery(db).where('e.user_id', '=', userId).orderBy('e.requested_at', 'desc').limit(20).execute();
  return rows.map((r) => toRow(r, now));
}

/**
 * A fresh download link for a ready export (the one shown at request time is gone after a reload, and a job-built
 * export has none yet): replaces the token, so an older link stops working. Audited.
 */
export async function issueDownloadLink(
  db: Db,
  actor: Actor,
  exportId: string,
  settings: ExportSettings,
): Promise<PrivacyDownloadLink> {
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(actor.now.getTime() + settings.linkMinutes * 60_000);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('privacy_exports')
      .select(['id', 'user_id', 'status'])
      .where('id', '=', exportId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', 'exportId: no such export');
    if (row.status !== 'ready') throw new DomainError('PRECONDITION_FAILED', `exportId: this export is ${row.status}, not ready`);
    await tx
      .updateTable('privacy_exports')
      .set({ download_token_hash: sha256(token), expires_at: expiresAt })
      .where('id', '=', exportId)
      .execute();
    await writeAudit(tx, actor.staff, actor.request, {
      action: 'privacy.export.link',
      resourceType: 'user',
      resourceId: row.user_id,
      after: { exportId, linkExpiresAt: expiresAt.toISOString() },
    });
    return { downloadUrl: downloadPath(exportId, token), expiresAt: expiresAt.toISOString() };
  });
}

export type DownloadOutcome =
  { ok: true; archive: Buffer; fileName: string } | { ok: false; status: 403 | 404 | 410; message: string };

/**
 * Serves an archive to a signed-in staff member who may reveal PII and holds the link's token; writes the
 * download's audit row before the bytes leave.
 */
export async function downloadExport(db: Db, actor: Actor, exportId: string, token: string): Promise<DownloadOutcome> {
  return db.transaction().execute(async (tx): Promise<DownloadOutcome> => {
    const row = await tx
      .selectFrom('privacy_exports')
      .select(['id', 'user_id', 'status', 'archive', 'download_token_hash', 'expires_at', 'size_bytes'])
      .where('id', '=', exportId)
      .executeTakeFirst();
    if (!row || row.download_token_hash === null || row.download_token_hash !== sha256(token)) {
      return { ok: false, status: 404, message: 'No such export link.' };
    }
    if (row.status !== 'ready' || row.archive === null) return { ok: false, status: 404, message: 'This export is not ready.' };
    if (new Date(row.expires_at) <= actor.now) {
      return { ok: false, status: 410, message: 'This download link expired; ask for a new one on the person’s page.' };
    }
    await writeAudit(tx, actor.staff, actor.request, {
      action: 'privacy.export.download',
      resourceType: 'user',
      resourceId: row.user_id,
      after: { exportId, sizeBytes: row.size_bytes },
    });
    const archive = Buffer.from(row.archive.buffer, row.archive.byteOffset, row.archive.byteLength);
    return { ok: true, archive, fileName: `privacy-export-${row.user_id}-${exportId.slice(0, 8)}.zip` };
  });
}

/** The job: builds queued exports, one per pass, claimed with SKIP LOCKED. Returns how many it built. */
export async function runExportJobs(db: Db, now: () => Date): Promise<number> {
  const job = await db.transaction().execute(async (tx) => {
    const claimed = await tx
      .selectFrom('background_jobs')
      .select(['id', 'payload', 'attempts'])
      .where('queue', '=', EXPORT_QUEUE)
      .where('task', '=', EXPORT_TASK)
      .where('status', '=', 'queued')
      .where('scheduled_at', '<=', now().toISOString())
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!claimed) return null;
    await tx
      .updateTable('background_jobs')
      .set({ status: 'running', started_at: now(), attempts: claimed.attempts + 1 })
      .where('id', '=', claimed.id)
      .execute();
    return claimed;
  });
  if (!job) return 0;
  const exportId = (job.payload as { exportId?: string }).exportId ?? '';
  try {
    await completeExport(db, exportId, now());
    await db
      .updateTable('background_jobs')
      .set({ status: 'succeeded', finished_at: now(), error: null })
      .where('id', '=', job.id)
      .execute();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.updateTable('privacy_exports').set({ status: 'failed', error: message }).where('id', '=', exportId).execute();
    await db
      .updateTable('background_jobs')
      .set({ status: 'failed', finished_at: now(), error: message })
      .where('id', '=', job.id)
      .execute();
  }
  return 1;
}
