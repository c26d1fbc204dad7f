import { sql } from 'kysely';
import type { Db } from '@ops/db';
import { deliverBatch, messagesWithRecipient } from './deliver.js';
import type { Mailer } from './mailer.js';
import type { Pacer } from './pacing.js';

/** A message older than this is news nobody should get any more (a console that was down for days): it is skipped. */
export const OUTBOX_STALE_MS = 48 * 60 * 60 * 1000;
/** A row handed to the transport this long ago and never confirmed belongs to a pass that died: it is failed. */
export const OUTBOX_INTERRUPTED_MS = 10 * 60 * 1000;

const STALE = 'Not sent: it waited in the outbox for more than 48 hours, so its news is out of date.';
const INTERRUPTED =
  'Interrupted while being handed to the mail server (the worker stopped); not resent, so nobody gets it twice.';

export interface OutboxOptions {
  mailer: Mailer;
  pacer: Pacer;
  now: () => Date;
  /** Messages delivered per pass at most. */
  batchSize?: number;
}

/**
 * Delivers the messages an action queued outside any campaign (a force cancel's or a suspension's notices, a resend
 * in real mode): email through the same mailer and per-row claim as campaigns, so two passes (or two replicas) never
 * send a row twice; in-app by being marked sent. The address is the person's at delivery time. One pass handles at
 * most `batchSize` rows, oldest first; returns how many were delivered.
 */
export async function deliverOutbox(db: Db, opts: OutboxOptions): Promise<number> {
  const now = opts.now();
  const outside = db.updateTable('notifications').where('campaign_id', 'is', null).where('status', '=', 'queued');
  await outside
    .set({ status: 'skipped', error: STALE })
    .where('attempted_at', 'is', null)
    .where('created_at', '<', new Date(now.getTime() - OUTBOX_STALE_MS).toISOString())
    .execute();
  await outside
    .set({ status: 'failed', error: INTERRUPTED })
    .where('attempted_at', '<', new Date(now.getTime() - OUTBOX_INTERRUPTED_MS).toISOString())
    .execute();
  const batch = await messagesWithRecipient(db)
    .select([sql<string | null>`coalesce(n.to_address, u.email)`.as('to_address'), 'n.dedupe_key'])
    .where('n.campaign_id', 'is', null)
    .where('n.status', '=', 'queued')
    .where('n.attempted_at', 'is', null)
    .where('n.channel', 'in', ['email', 'in_app'])
    .orderBy('n.created_at')
    .orderBy('n.id')
    .limit(opts.batchSize ?? 100)
    .execute();
  let delivered = 0;
  await deliverBatch(db, batch, {
    mailer: opts.mailer,
    pacer: opts.pacer,
    now: opts.now,
    delivered: async () => {
      delivered += 1;
    },
  });
  return delivered;
}
