import { sql } from 'kysely';
import type { Channel, Db } from '@ops/db';
import type { Mailer } from './mailer.js';
import type { Pacer } from './pacing.js';

const INTERRUPTED =
  'Interrupted while being handed to the mail server (the worker stopped); not resent, so nobody gets it twice.';

/** An error as a row stores it: the message, at most 500 characters. */
export function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

/** An outbox row waiting to be delivered. */
export interface OutboxMessage {
  id: string;
  channel: Channel;
  subject: string;
  body_text: string;
  body_html: string | null;
  to_address: string | null;
  dedupe_key: string | null;
}

export interface DeliveryOptions {
  mailer: Mailer;
  pacer: Pacer;
  now: () => Date;
  /** Called once for each message recorded as sent. */
  delivered: () => Promise<void>;
}

/** Rows handed to the transport by a sender that died before confirming: their fate is unknown, so they are failed. */
export async function failInterrupted(db: Db, campaignId: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'failed', error: INTERRUPTED })
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'queued')
    .where('attempted_at', 'is not', null)
    .execute();
}

/**
 * Notifications (`n`) with the person each goes to (`u`), selecting the message itself; callers add what they need of
 * the row and the person.
 */
export function messagesWithRecipient(db: Db) {
  return db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select(['n.id', 'n.channel', 'n.subject', 'n.body_text', 'n.body_html']);
}

/** The next `limit` rows of a campaign not yet handed to the transport, in id order. */
export async function nextBatch(db: Db, campaignId: string, limit: number): Promise<OutboxMessage[]> {
  return db
    .selectFrom('notifications')
    .select(['id', 'channel', 'subject', 'body_text', 'body_html', 'to_address', 'dedupe_key'])
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'queued')
    .where('attempted_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Delivers a batch: its in-app messages first, then each email through the mailer, paced. */
export async function deliverBatch(db: Db, batch: OutboxMessage[], opts: DeliveryOptions): Promise<void> {
  const inApp = batch.filter((n) => n.channel === 'in_app').map((n) => n.id);
  if (inApp.length > 0) {
    // An in-app message is delivered by being in the user's inbox: one write marks the batch.
    const marked = await db
      .updateTable('notifications')
      .set({ status: 'sent', sent_at: opts.now(), attempted_at: opts.now() })
      .where('id', 'in', inApp)
      .where('status', '=', 'queued')
      .returning('id')
      .execute();
    for (let i = 0; i < marked.length; i++) await opts.delivered();
  }
  for (const n of batch) {
    if (n.channel !== 'email') continue;
    await sendEmail(db, n, opts);
  }
}

async function sendEmail(db: Db, n: OutboxMessage, opts: DeliveryOptions): Promise<void> {
  // Claim the row for the hand-over; from here on a crash leaves it "attempted", never resent.
  const claimed = await db
    .updateTable('notifications')
    .set({ attempted_at: opts.now() })
    .where('id', '=', n.id)
    .where('status', '=', 'queued')
    .where('attempted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!claimed) return;
  await opts.pacer.wait();
  try {
    if (!n.to_address) throw new Error('no email address');
    const result = await opts.mailer.send({
      to: n.to_address,
      subject: n.subject,
      text: n.body_text,
      html: n.body_html ?? '',
      dedupeKey: n.dedupe_key ?? n.id,
    });
    await db
      .updateTable('notifications')
      .set({ status: 'sent', sent_at: opts.now(), provider_message_id: result.messageId, raw_message: result.raw })
      .where('id', '=', n.id)
      .execute();
  } catch (error) {
    await db
      .updateTable('notifications')
      .set({ status: 'failed', error: errorText(error) })
      .where('id', '=', n.id)
      .execute();
    return;
  }
  await opts.delivered();
}

/** Copies the outbox's sent and failed counts onto the campaign. */
export async function refreshCounts(db: Db, campaignId: string): Promise<void> {
  await sql`
    update campaigns c set
      sent_count = s.sent, failed_count = s.failed
    from (
      select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status = 'failed')::int as failed
      from notifications where campaign_id = ${campaignId}
    ) s
    where c.id = ${campaignId}
  `.execute(db);
}
