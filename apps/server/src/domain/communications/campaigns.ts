import { sql } from 'kysely';
import type { Transaction } from 'kysely';
import type { Database, Db, DbOrTx } from '@ops/db';
import {
  audienceSchema,
  maskEmail,
  maskName,
  type Audience,
  type CampaignSendInput,
  type CampaignDetail,
  type CampaignSummary,
  type MessageTemplate,
  type Page,
  type PendingCampaignRequest,
  type SentMailPreview,
} from '@ops/shared';
import { DomainError } from '../errors.js';
import { keysetPage } from '../paging.js';
import { messagesWithRecipient } from './deliver.js';

function parseAudience(value: unknown): Audience | null {
  const parsed = audienceSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** A campaign's summary columns, under the names the page reads (`toSummary` checks the two JSON ones). */
const summaryColumns = [
  'c.id',
  'c.kind',
  'c.name',
  'c.status',
  'c.channels',
  'c.audience',
  'c.recipients_total as recipientsTotal',
  'c.sent_count as sentCount',
  'c.failed_count as failedCount',
  'c.excluded_count as excludedCount',
  'c.created_at as createdAt',
  'c.started_at as startedAt',
  'c.finished_at as finishedAt',
  'creator.name as createdBy',
  'approver.name as approvedBy',
] as const;

function baseQuery(db: Db) {
  return db
    .selectFrom('campaigns as c')
    .leftJoin('staff_users as creator', 'creator.id', 'c.created_by_staff_id')
    .leftJoin('staff_users as approver', 'approver.id', 'c.approved_by_staff_id');
}

/** A row read with `summaryColumns` as the page shows it: the channels and the audience checked, the rest as read. */
function toSummary<Row extends { channels: unknown; audience: unknown }>({ channels, audience, ...rest }: Row) {
  return { ...rest, channels: Array.isArray(channels) ? channels.map(String) : [], audience: parseAudience(audience) };
}

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}
function decodeCursor(cursor: string): [string, string] | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string' ? [v[0], v[1]] : null;
  } catch {
    return null;
  }
}

/** Campaign history, newest first, keyset-paginated on (created_at, id). */
export async function listCampaigns(db: Db, cursor: string | null | undefined, limit: number): Promise<Page<CampaignSummary>> {
  let q = baseQuery(db)
    .select(summaryColumns)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit + 1);
  const after = cursor ? decodeCursor(cursor) : null;
  if (after) q = q.where(sql<boolean>`(c.created_at, c.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  return keysetPage(await q.execute(), limit, toSummary, (last) => encodeCursor(last.createdAt, last.id));
}

/**
 * Sends waiting for a second admin as of `now` (they have no campaign row until approved); one past its 24 hours is
 * expired, whether or not the expiry worker has marked it yet, as the approvals inbox reads it.
 */
export async function listPendingRequests(db: Db, action: string, now: Date): Promise<PendingCampaignRequest[]> {
  const rows = await db
    .selectFrom('approvals as a')
    .innerJoin('staff_users as s', 's.id', 'a.requested_by_staff_id')
    .select(['a.id', 'a.summary', 'a.requested_at', 's.name'])
    .where('a.action', '=', action)
    .where('a.status', '=', 'pending')
    .where('a.expires_at', '>', now.toISOString())
    .orderBy('a.requested_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => ({ approvalId: r.id, summary: r.summary, requestedBy: r.name, requestedAt: r.requested_at }));
}

/** The history page: a page of campaigns, and on the first page the sends waiting for a second admin. */
export async function campaignHistory(
  db: Db,
  page: { cursor?: string | null; limit: number },
  now: Date,
): Promise<Page<CampaignSummary> & { pending: PendingCampaignRequest[] }> {
  const [campaigns, pending] = await Promise.all([
    listCampaigns(db, page.cursor, page.limit),
    page.cursor ? Promise.resolve([]) : listPendingRequests(db, 'communications.send', now),
  ]);
  return { ...campaigns, pending };
}

/** One campaign with its live counts and the latest outbox rows (the local preview of what was sent). */
export async function campaignDetail(db: Db, campaignId: string): Promise<CampaignDetail> {
  const [row, counts, outbox] = await Promise.all([
    baseQuery(db)
      .select([...summaryColumns, 'c.subject', 'c.body', 'c.template_key as templateKey'])
      .where('c.id', '=', campaignId)
      .executeTakeFirst(),
    db
      .selectFrom('notifications')
      .select([
        sql<number>`count(*) filter (where status = 'queued')::int`.as('queued'),
        sql<number>`count(*) filter (where status = 'skipped')::int`.as('skipped'),
      ])
      .where('campaign_id', '=', campaignId)
      // Polled while a campaign sends: the index on (campaign_id, status) reads only these rows, not the sent ones.
      .where('status', 'in', ['queued', 'skipped'])
      .executeTakeFirstOrThrow(),
    messagesWithRecipient(db)
      .select([
        'n.status',
        'n.error',
        'n.sent_at',
        'n.provider_message_id',
        'n.raw_message',
        'u.first_name',
        'u.last_name',
        'u.email',
      ])
      .where('n.campaign_id', '=', campaignId)
      .where('n.status', '<>', 'queued')
      .orderBy('n.sent_at', (ob) => ob.desc().nullsLast())
      .orderBy('n.id', 'desc')
      .limit(10)
      .execute(),
  ]);
  if (!row) throw new DomainError('NOT_FOUND', 'campaignId: no such campaign');
  const masked = (r: (typeof outbox)[number]) => `${maskName(r.first_name, r.last_name)} <${maskEmail(r.email)}>`;
  return {
    ...toSummary(row),
    queued: counts.queued,
    skippedCount: counts.skipped,
    outbox: outbox.map((r): SentMailPreview => ({
      id: r.id,
      channel: r.channel,
      recipient: masked(r),
      subject: r.subject,
      text: r.body_text,
      html: r.body_html,
      status: r.status,
      error: r.error,
      sentAt: r.sent_at,
      messageId: r.provider_message_id,
      // The stored message carries the real address; the preview shows it masked like everything else.
      rawMessage: r.raw_message === null ? null : r.raw_message.split(r.email).join(maskEmail(r.email)),
    })),
  };
}

export async function listTemplates(db: Db): Promise<MessageTemplate[]> {
  const rows = await db
    .selectFrom('message_templates as t')
    .leftJoin('staff_users as s', 's.id', 't.updated_by_staff_id')
    .select(['t.key', 't.name', 't.channel', 't.subject', 't.body', 't.updated_at', 's.name as updated_by'])
    .orderBy('t.name')
    .execute();
  return rows.map((r) => ({
    key: r.key,
    name: r.name,
    channel: r.channel,
    subject: r.subject,
    body: r.body,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  }));
}

/** Whether a stored template has this key. */
export async function templateExists(db: DbOrTx, key: string): Promise<boolean> {
  const row = await db.selectFrom('message_templates').select('key').where('key', '=', key).executeTakeFirst();
  return row !== undefined;
}

/** Records a queued campaign under the confirmation's idempotency key; returns its id. */
export async function insertCampaign(
  tx: Transaction<Database>,
  c: {
    /** Chosen before the insert, so the audit row written in the same transaction can name the campaign. */
    id: string;
    input: CampaignSendInput;
    recipients: number;
    excluded: number;
    createdBy: string;
    approvedBy: string | null;
    idempotencyKey: string;
    /** The action's clock: the sender counts the audience as of this moment. */
    createdAt: Date;
  },
): Promise<string> {
  const row = await tx
    .insertInto('campaigns')
    .values({
      id: c.id,
      kind: c.input.kind,
      name: c.input.name,
      template_key: c.input.templateKey,
      subject: c.input.subject,
      body: c.input.body,
      audience: JSON.stringify(c.input.audience),
      channels: JSON.stringify(c.input.channels),
      status: 'queued',
      recipients_total: c.recipients,
      excluded_count: c.excluded,
      created_by_staff_id: c.createdBy,
      approved_by_staff_id: c.approvedBy,
      idempotency_key: c.idempotencyKey,
      created_at: c.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
