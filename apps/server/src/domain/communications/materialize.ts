import { sql } from 'kysely';
import type { Db } from '@ops/db';
import { audienceSchema, recipientVars, renderMessage } from '@ops/shared';
import { recipientsPage } from './audience.js';

/** The campaign columns its messages are rendered from. */
export interface CampaignToMaterialize {
  id: string;
  template_key: string | null;
  subject: string;
  body: string;
  audience: unknown;
  channels: unknown;
  created_by_staff_id: string | null;
  created_at: Date | string;
}

export interface MaterializeOptions {
  /** Recipients rendered per page. */
  batchSize: number;
  /** The business time zone the audience's activity windows are days in. */
  timeZone: string;
  now: () => Date;
  /** Called after each page is written (the sender renews its lease). */
  afterPage: () => Promise<void>;
}

/**
 * Renders one outbox row per recipient × channel (unique dedupe_key), in keyset pages; resumes after the last
 * rendered user. Then marks the campaign materialized with its count of recipients.
 */
export async function materializeRecipients(db: Db, campaign: CampaignToMaterialize, opts: MaterializeOptions): Promise<void> {
  const audience = audienceSchema.parse(campaign.audience);
  const channels = (campaign.channels as string[]).filter((c): c is 'email' | 'in_app' => c === 'email' || c === 'in_app');
  const last = await db
    .selectFrom('notifications')
    .select(sql<string | null>`max(user_id::text)`.as('last'))
    .where('campaign_id', '=', campaign.id)
    .executeTakeFirst();
  let after: string | null = last?.last ?? null;
  // The audience as confirmed (or approved): counted at the campaign's creation, on every pass and after a restart.
  const at = { now: new Date(campaign.created_at), timeZone: opts.timeZone };
  for (;;) {
    const page = await recipientsPage(db, audience, at, after, opts.batchSize);
    if (page.length === 0) break;
    const rows = page.flatMap((r) => {
      const m = renderMessage(campaign.subject, campaign.body, recipientVars(r.firstName, r.lastName));
      return channels.map((channel) => ({
        user_id: r.id,
        campaign_id: campaign.id,
        channel,
        template: campaign.template_key ?? 'campaign',
        subject: m.subject,
        body_text: m.text,
        body_html: channel === 'email' ? m.html : null,
        to_address: channel === 'email' ? r.email : null,
        status: 'queued' as const,
        dedupe_key: `campaign:${campaign.id}:${r.id}:${channel}`,
        created_by_staff_id: campaign.created_by_staff_id,
      }));
    });
    await db
      .insertInto('notifications')
      .values(rows)
      .onConflict((oc) => oc.column('dedupe_key').where('dedupe_key', 'is not', null).doNothing())
      .execute();
    after = page[page.length - 1]?.id ?? after;
    await opts.afterPage();
    if (page.length < opts.batchSize) break;
  }
  const total = await db
    .selectFrom('notifications')
    .select(sql<number>`count(distinct user_id)::int`.as('n'))
    .where('campaign_id', '=', campaign.id)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('campaigns')
    .set({ materialized_at: opts.now(), recipients_total: total.n })
    .where('id', '=', campaign.id)
    .execute();
}
