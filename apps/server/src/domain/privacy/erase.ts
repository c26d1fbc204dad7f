import { sql } from 'kysely';
import {
  CLOSED_DISPUTE_STATUSES,
  formatInZone,
  maskName,
  plural,
  privacyEraseInputSchema,
  tombstoneName,
  type Effect,
} from '@ops/shared';
import type { DbOrTx } from '@ops/db';
import { defineAction } from '../actions/define.js';
import { DomainError } from '../errors.js';
import { stripeOf } from '../refunds/stripe.js';
import { auditAboutPersonIds } from './collect.js';

/** Stripe dispute statuses after which nothing is open any more. */

interface Person {
  id: string;
  role: 'student' | 'instructor';
  status: string;
  email: string;
  phone: string | null;
  phone_normalized: string | null;
  first_name: string;
  last_name: string;
  stripe_customer_id: string | null;
  erased_at: string | null;
}

/** The words that identify the person in free text and JSON (matched case-insensitively when redacting). */
export function piiTerms(p: Pick<Person, 'email' | 'phone' | 'phone_normalized' | 'first_name' | 'last_name'>): string[] {
  const terms = [p.email, `${p.first_name} ${p.last_name}`, p.phone, p.phone_normalized, p.first_name, p.last_name];
  return [...new Set(terms.filter((t): t is string => typeof t === 'string' && t.trim().length >= 2))];
}

/** Why a person cannot be erased yet (each reason with how many and which), or an empty list. */
export async function erasureBlockers(db: DbOrTx, userId: string, now: Date): Promise<string[]> {
  const r = await sql<{ upcoming: string[] | null; payouts: number; payout_cents: number; disputes: string[] | null }>`
    select
      (select array_agg(b.short_id order by b.lesson_start) from bookings b
        where (b.student_id = ${userId} or b.instructor_id = ${userId})
          and b.status in ('pending', 'confirmed') and b.lesson_start > ${now}) as upcoming,
      (select count(*)::int from payouts where instructor_id = ${userId} and status in ('pending', 'held')) as payouts,
      (select coalesce(sum(amount_cents), 0)::bigint from payouts where instructor_id = ${userId} and status in ('pending', 'held')) as payout_cents,
      (select array_agg(b.short_id order by p.disputed_at) from payments p join bookings b on b.id = p.booking_id
        where (b.student_id = ${userId} or b.instructor_id = ${userId})
          and p.disputed_at is not null and coalesce(p.dispute_status, 'needs_response') not in (${sql.join([...CLOSED_DISPUTE_STATUSES])})) as disputes
  `.execute(db);
  const row = r.rows[0];
  const reasons: string[] = [];
  const list = (ids: string[]) => (ids.length > 5 ? `${ids.slice(0, 5).join(', ')}, …` : ids.join(', '));
  if (row?.upcoming?.length)
    reasons.push(`${plural(row.upcoming.length, 'upcoming booking')} (${list(row.upcoming)}): cancel or complete them first`);
  if (row && row.payouts > 0) {
    reasons.push(
      `${plural(row.payouts, 'pending payout')} of $${(Number(row.payout_cents) / 100).toFixed(2)}: pay or settle them first`,
    );
  }
  if (row?.disputes?.length)
    reasons.push(`${plural(row.disputes.length, 'open dispute')} (${list(row.disputes)}): wait until they close`);
  return reasons;
}

interface ErasePlan {
  person: Person;
  terms: string[];
  auditIds: number[];
}

async function loadPerson(db: DbOrTx, userId: string, lock: boolean): Promise<Person> {
  let q = db
    .selectFrom('users')
    .select([
      'id',
      'role',
      'status',
      'email',
      'phone',
      'phone_normalized',
      'first_name',
      'last_name',
      'stripe_customer_id',
      'erased_at',
    ])
    .where('id', '=', userId);
  if (lock) q = q.forUpdate();
  const person = await q.executeTakeFirst();
  if (!person) throw new DomainError('NOT_FOUND', 'userId: no such person');
  return person;
}

type ScopeCounts = Record<
  | 'notes'
  | 'notifications'
  | 'exports'
  | 'funnel'
  | 'search'
  | 'webhooks'
  | 'bookings'
  | 'payments'
  | 'refunds'
  | 'credits'
  | 'payouts'
  | 'audit_redact'
  | 'audit_rows',
  number
>;

/** Counts of everything erasure touches, in one query (the preview's effects, recomputed on execute). */
async function countScope(db: DbOrTx, userId: string, terms: string[], auditIds: number[]) {
  const mine = sql`(select id from bookings where student_id = ${userId} or instructor_id = ${userId})`;
  const termArray = sql`${terms}::text[]`;
  const r = await sql<ScopeCounts>`
    select
      (select count(*)::int from booking_notes where user_id = ${userId}) as notes,
      (select count(*)::int from notifications where user_id = ${userId}) as notifications,
      (select count(*)::int from privacy_exports where user_id = ${userId}) as exports,
      (select count(*)::int from funnel_events where user_id = ${userId}) as funnel,
      (select count(*)::int from search_events where user_id = ${userId}) as search,
      (select count(*)::int from webhook_events where user_id = ${userId}) as webhooks,
      (select count(*)::int from bookings where id in ${mine}) as bookings,
      (select count(*)::int from payments where booking_id in ${mine}) as payments,
      (select count(*)::int from refunds where student_id = ${userId} or booking_id in ${mine}) as refunds,
      (select count(*)::int from credit_ledger where user_id = ${userId}) as credits,
      (select count(*)::int from payouts where instructor_id = ${userId}) as payouts,
      (select count(*)::int from audit_log a where a.id = any(${auditIds}::bigint[])
        and (privacy_redact_jsonb(a.before, ${termArray}) is distinct from a.before
          or privacy_redact_jsonb(a.after, ${termArray}) is distinct from a.after
          or privacy_redact_text(a.reason, ${termArray}) is distinct from a.reason)) as audit_redact,
      ${auditIds.length}::int as audit_rows
  `.execute(db);
  const row = r.rows[0];
  if (!row) throw new Error('countScope returned no row');
  return row;
}

export const erasePerson = defineAction({
  name: 'privacy.erase',
  title: 'Erase person',
  description: 'Erase a person: delete or anonymise their data as the preview lists (needs a second admin).',
  destructive: true,
  permission: 'privacy.erase',
  input: privacyEraseInputSchema,
  async plan({ db, input, ctx, lock }) {
    const person = await loadPerson(db, input.userId, lock);
    if (person.erased_at !== null) {
      const when = formatInZone(person.erased_at, ctx.config.BUSINESS_TIME_ZONE);
      throw new DomainError('CONFLICT', `userId: this person was already erased (${when})`);
    }
    const blockers = await erasureBlockers(db, person.id, ctx.now());
    if (blockers.length > 0) {
      throw new DomainError('PRECONDITION_FAILED', `Cannot erase this person yet: ${blockers.join('; ')}.`);
    }
    const terms = piiTerms(person);
    // The erasure's own approval request is about the person too; it holds only this preview (tombstone, counts),
    // so it is neither counted nor redacted, and the effects stay the same from request to approval.
    const audit = await db
      .selectFrom('audit_log')
      .select('id')
      .where('id', 'in', auditAboutPersonIds(db, person.id))
      .where((eb) =>
        eb.not(eb.and([eb('action', '=', 'approvals.requested'), eb(sql`after ->> 'action'`, '=', 'privacy.erase')])),
      )
      .orderBy('id')
      .execute();
    const auditIds = audit.map((a) => a.id);
    const n = await countScope(db, person.id, terms, auditIds);
    const tomb = tombstoneName(person.id);
    const effects: Effect[] = [
      {
        kind: 'account',
        label: `Delete: ${plural(n.notes, 'support note')}, ${plural(n.notifications, 'notification')}, ${plural(n.exports, 'data export')}`,
        count: n.notes + n.notifications + n.exports,
      },
      {
        kind: 'account',
        label: `Anonymise the profile: name, email and phone replaced by ${tomb}; account deactivated`,
        count: 1,
      },
      {
        kind: 'account',
        label: `Anonymise ${plural(n.funnel, 'funnel event')} and ${plural(n.search, 'search event')}: unlinked from the person, search text redacted`,
        count: n.funnel + n.search,
      },
      {
        kind: 'account',
        label: `Anonymise ${plural(n.webhooks, 'webhook payload')} and free-text reasons on kept records: the person's name, email and phone redacted`,
        count: n.webhooks,
      },
      {
        kind: 'info',
        label: `Keep by law (with ${tomb} in place of the person): ${plural(n.bookings, 'booking')}, ${plural(n.payments, 'payment')}, ${plural(n.refunds, 'refund')}, ${plural(n.credits, 'credit entry', 'credit entries')}, ${plural(n.payouts, 'payout')}`,
        count: n.bookings + n.payments + n.refunds + n.credits + n.payouts,
      },
      {
        kind: 'info',
        label: `Keep the audit rows about the person; redact their PII in ${n.audit_redact} of them (each redaction recorded in the audit chain)`,
        count: n.audit_redact,
      },
      person.stripe_customer_id
        ? { kind: 'account', label: `Delete the Stripe customer ${person.stripe_customer_id}`, count: 1 }
        : { kind: 'info', label: 'No Stripe customer to delete', count: 0 },
    ];
    return {
      resourceType: 'user',
      resourceId: person.id,
      // Named as staff see them now (the tombstone only names them afterwards), so an approver knows who this is.
      summary: `Erase ${person.role} ${maskName(person.first_name, person.last_name)} (${person.id}): delete or anonymise their personal data`,
      effects,
      warnings: ['Erasure cannot be undone. Export the person’s data first if they asked for a copy.'],
      // The whole id: ids can share their first characters, and the email would show unmasked PII (here and to an
      // assistant over MCP) that staff otherwise see only through an audited reveal.
      typeToConfirm: person.id,
      requiresApproval: true,
      state: { person, terms, auditIds } satisfies ErasePlan,
    };
  },
  async apply({ tx, plan, ctx }) {
    const { person, terms, auditIds } = plan.state;
    const now = ctx.now();
    const tomb = tombstoneName(person.id);
    const termArray = sql`${terms}::text[]`;
    const mine = sql`(select id from bookings where student_id = ${person.id} or instructor_id = ${person.id})`;

    // Audit rows first, while the rows that name the person still exist: one statement, one redaction row each.
    const redactions = auditIds.length
      ? await sql<{ redaction_id: number | null }>`
          select audit_redact(a.id, ${termArray}, ${ctx.staff.id}::uuid, ${ctx.staff.email}, ${`privacy.erase of ${tomb}`}, ${ctx.request.requestId}) as redaction_id
          from audit_log a where a.id = any(${auditIds}::bigint[]) order by a.id`.execute(tx)
      : { rows: [] };
    const redacted = redactions.rows.filter((r) => r.redaction_id !== null).length;

    // Requests about the person name them as staff saw them (this erasure's own included): the tombstone now does.
    await sql`update approvals set summary = replace(summary, ${maskName(person.first_name, person.last_name)}, ${tomb})
      where resource_type = 'user' and resource_id = ${person.id}`.execute(tx);
    const notes = await tx.deleteFrom('booking_notes').where('user_id', '=', person.id).executeTakeFirst();
    const notifications = await tx.deleteFrom('notifications').where('user_id', '=', person.id).executeTakeFirst();
    const exports = await tx.deleteFrom('privacy_exports').where('user_id', '=', person.id).executeTakeFirst();
    await sql`update funnel_events set user_id = null where user_id = ${person.id}`.execute(tx);
    await sql`update search_events set user_id = null, query = privacy_redact_text(query, ${termArray}) where user_id = ${person.id}`.execute(
      tx,
    );
    await sql`update webhook_events set payload = privacy_redact_jsonb(payload, ${termArray}), error = privacy_redact_text(error, ${termArray})
      where user_id = ${person.id}`.execute(tx);
    await sql`update bookings set cancellation_reason = privacy_redact_text(cancellation_reason, ${termArray})
      where id in ${mine} and cancellation_reason is not null`.execute(tx);
    await sql`update refunds set reason = privacy_redact_text(reason, ${termArray}) where student_id = ${person.id} or booking_id in ${mine}`.execute(
      tx,
    );
    await sql`update credit_ledger set reason = privacy_redact_text(reason, ${termArray}) where user_id = ${person.id}`.execute(
      tx,
    );
    await tx
      .updateTable('instructor_profiles')
      .set({ headline: '', city: '', verification_override_reason: null, payout_hold_reason: null, updated_at: now })
      .where('user_id', '=', person.id)
      .execute();
    await tx
      .updateTable('users')
      .set({
        email: `${tomb}@erased.invalid`,
        phone: null,
        phone_normalized: null,
        first_name: 'Erased',
        last_name: tomb,
        suspension_reason: null,
        marketing_opt_out: true,
        status: 'deactivated',
        erased_at: now,
        updated_at: now,
      })
      .where('id', '=', person.id)
      .execute();

    const customerId = person.stripe_customer_id;
    return {
      before: { role: person.role, status: person.status, hadStripeCustomer: customerId !== null },
      after: {
        tombstone: tomb,
        status: 'deactivated',
        deleted: {
          notes: Number(notes.numDeletedRows),
          notifications: Number(notifications.numDeletedRows),
          exports: Number(exports.numDeletedRows),
        },
        auditRowsRedacted: redacted,
      },
      message: `Erased: the person is now ${tomb}; ${plural(redacted, 'audit row')} redacted.`,
      ...(customerId
        ? {
            afterCommit: async () => {
              const stripe = stripeOf(ctx);
              if (!stripe) return `Stripe is not configured: delete customer ${customerId} by hand.`;
              const gone = await stripe.deleteCustomer(customerId);
              await ctx.db.updateTable('users').set({ stripe_customer_id: null }).where('id', '=', person.id).execute();
              return gone.alreadyGone
                ? `Stripe customer ${customerId} was already gone.`
                : `Stripe customer ${customerId} deleted.`;
            },
          }
        : {}),
    };
  },
});
