import { sql } from 'kysely';
import type { AuditEntryDetail, AuditListItem, AuditSearchInput, Page } from '@ops/shared';
import { auditSearchInputSchema, toCsv, isUuid } from '@ops/shared';
import type { Db, DbOrTx } from '@ops/db';
import type { ActionContext } from '../actions/define.js';
import { writeAudit } from './write.js';
import { resolveRecordRef } from '../bookings/short-id.js';
import { DomainError } from '../errors.js';
import { keysetPage } from '../paging.js';
import { maskPiiDeep } from './mask.js';

type SearchFilters = ReturnType<typeof auditSearchInputSchema.parse>;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function parseAuditCursor(cursor: string | null | undefined): number | null {
  if (!cursor) return null;
  const n = Number(cursor);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Resolves "actor" (a staff id or a staff email) to a staff id, or to an email match for non-staff actors. */
async function resolveActor(db: DbOrTx, actor: string): Promise<{ staffId: string } | { email: string }> {
  if (isUuid(actor)) return { staffId: actor.toLowerCase() };
  const staff = await db
    .selectFrom('staff_users')
    .select('id')
    .where(sql<string>`lower(email)`, '=', actor.toLowerCase())
    .executeTakeFirst();
  return staff ? { staffId: staff.id } : { email: actor.toLowerCase() };
}

/**
 * The filtered query, newest first by id (id order is chain order, drawn under the chain's lock). Each filter
 * meets an index whose trailing column is `id desc` (actor, resource, action), so a page is an index range scan
 * whatever the depth; the cursor is the last id seen.
 */
async function filteredQuery(db: DbOrTx, f: SearchFilters) {
  let q = db.selectFrom('audit_log');
  if (f.actor) {
    const actor = await resolveActor(db, f.actor);
    q = 'staffId' in actor ? q.where('actor_staff_id', '=', actor.staffId) : q.where('actor_email', '=', actor.email);
  }
  // A whole action name ("refunds.create") is matched exactly; a word without a dot ("refund") matches every action
  // that starts with it (refunds.create, refunds.approve…).
  if (f.action)
    q = f.action.includes('.')
      ? q.where('action', '=', f.action)
      : q.where('action', 'like', `${escapeLike(f.action.toLowerCase())}%`);
  if (f.resourceType) q = q.where('resource_type', '=', f.resourceType);
  // Audit rows name a booking by its id: a quoted short id means that booking (text no booking has is taken as it is).
  if (f.resourceId) q = q.where('resource_id', '=', (await resolveRecordRef(db, f.resourceId)) ?? f.resourceId);
  if (f.from) q = q.where('occurred_at', '>=', f.from);
  if (f.to) q = q.where('occurred_at', '<', f.to);
  if (f.channel) q = q.where('channel', '=', f.channel);
  if (f.q) q = q.where('reason', 'ilike', `%${escapeLike(f.q)}%`);
  // What admins did to the business: their sign-ins and sign-outs (auth.*) are in the log, not among their actions.
  if (f.adminOnly)
    q = q
      .where('actor_staff_id', 'in', (eb) =>
        eb.selectFrom('staff_users').select('staff_users.id').where('staff_users.role', '=', 'admin'),
      )
      .where('action', 'not like', 'auth.%');
  return q;
}

/** The list's columns under the names the page reads: each row is an AuditListItem as it comes. */
const LIST_COLUMNS = [
  'id',
  'occurred_at as occurredAt',
  'actor_staff_id as actorStaffId',
  'actor_email as actorEmail',
  'action',
  'resource_type as resourceType',
  'resource_id as resourceId',
  'reason',
  'channel',
  'token_name as tokenName',
] as const;

type ListRow = Omit<AuditListItem, 'resourceLabel'>;

/** The rows with the short ids of the bookings they are about: one query by primary key for the whole page. */
async function withResourceLabels<R extends ListRow>(
  db: Db,
  rows: R[],
): Promise<Array<R & Pick<AuditListItem, 'resourceLabel'>>> {
  const bookingIds = [
    ...new Set(rows.filter((r) => r.resourceType === 'booking' && isUuid(r.resourceId)).map((r) => r.resourceId.toLowerCase())),
  ];
  const shortIds =
    bookingIds.length === 0
      ? new Map<string, string>()
      : new Map(
          (await db.selectFrom('bookings').select(['id', 'short_id']).where('id', 'in', bookingIds).execute()).map((b) => [
            b.id,
            b.short_id,
          ]),
        );
  return rows.map((r) => ({
    ...r,
    resourceLabel: r.resourceType === 'booking' ? (shortIds.get(r.resourceId.toLowerCase()) ?? null) : null,
  }));
}

/** One page of audit entries matching the filters (keyset on id). */
export async function searchAudit(db: Db, input: AuditSearchInput): Promise<Page<AuditListItem>> {
  const f = auditSearchInputSchema.parse(input);
  const after = parseAuditCursor(f.cursor);
  let q = await filteredQuery(db, f);
  if (after !== null) q = q.where('id', '<', after);
  const rows = await q
    .select([...LIST_COLUMNS])
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = keysetPage(
    rows,
    f.limit,
    (row) => row,
    (last) => String(last.id),
  );
  return { ...page, items: await withResourceLabels(db, page.items) };
}

/** One entry with its before/after (PII masked) and whether its own hash still recomputes. */
export async function findAuditEntry(db: Db, id: number): Promise<AuditEntryDetail> {
  const row = await db
    .selectFrom('audit_log as a')
    .select([
      ...LIST_COLUMNS.map((c) => `a.${c}` as const),
      'a.before',
      'a.after',
      'a.request_id as requestId',
      'a.ip',
      'a.user_agent as userAgent',
      'a.prev_hash as prevHash',
      'a.hash',
      sql<boolean>`audit_row_verifies(a)`.as('hashValid'),
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `id: no audit entry #${id}`);
  const [labelled = { ...row, resourceLabel: null }] = await withResourceLabels(db, [row]);
  return { ...labelled, before: maskPiiDeep(row.before), after: maskPiiDeep(row.after) };
}

export interface StaffActor {
  id: string;
  email: string;
  name: string;
  role: string;
}

/** Staff accounts, for the actor filter (staff identities are not customer PII). */
export async function listStaffActors(db: Db): Promise<StaffActor[]> {
  return db.selectFrom('staff_users').select(['id', 'email', 'name', 'role']).orderBy('email').execute();
}

export const AUDIT_EXPORT_MAX_ROWS = 10_000;

/**
 * The filtered entries as CSV (newest first, at most AUDIT_EXPORT_MAX_ROWS), PII in before/after masked. The
 * channel, token name and actor's IP say how and from where a staff member acted (staff details, not customer PII).
 */
export async function exportAuditCsv(
  db: DbOrTx,
  input: AuditSearchInput,
): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const f = auditSearchInputSchema.parse({ ...input, cursor: null, limit: 1 });
  const q = await filteredQuery(db, f);
  const rows = await q
    .select([...LIST_COLUMNS, 'before', 'after', 'request_id', 'ip', 'hash'])
    .orderBy('id', 'desc')
    .limit(AUDIT_EXPORT_MAX_ROWS + 1)
    .execute();
  const header = [
    'id',
    'occurred_at',
    'actor_email',
    'action',
    'resource_type',
    'resource_id',
    'reason',
    'channel',
    'token_name',
    'before',
    'after',
    'request_id',
    'actor_ip',
    'hash',
  ];
  const body = rows
    .slice(0, AUDIT_EXPORT_MAX_ROWS)
    .map((r) => [
      r.id,
      r.occurredAt,
      r.actorEmail,
      r.action,
      r.resourceType,
      r.resourceId,
      r.reason,
      r.channel,
      r.tokenName,
      maskPiiDeep(r.before),
      maskPiiDeep(r.after),
      r.request_id,
      r.ip,
      r.hash,
    ]);
  return {
    csv: toCsv(header, body),
    rows: Math.min(rows.length, AUDIT_EXPORT_MAX_ROWS),
    truncated: rows.length > AUDIT_EXPORT_MAX_ROWS,
  };
}

/**
 * The export a staff member downloads: the filtered entries as CSV, read in the transaction that records the export
 * itself (who exported, with which filters, how many rows), so there is no export without its audit row.
 */
export async function exportAuditLog(
  ctx: ActionContext,
  input: Omit<AuditSearchInput, 'cursor' | 'limit'>,
): Promise<{ csv: string; rows: number; truncated: boolean; filename: string }> {
  const out = await ctx.db.transaction().execute(async (tx) => {
    const read = await exportAuditCsv(tx, input);
    await writeAudit(tx, ctx.staff, ctx.request, {
      action: 'audit.export',
      resourceType: 'audit_log',
      resourceId: 'export',
      after: { filters: input, rows: read.rows, truncated: read.truncated },
    });
    return read;
  });
  return { ...out, filename: `audit-${ctx.now().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.csv` };
}
