import {
  auditActionLabel,
  formatCents,
  formatInZone,
  label,
  plural,
  type TrailEntry,
  type TrailInput,
  type TrailResponse,
} from '@ops/shared';
import { DomainError } from '../errors.js';
import type { Context } from '../../context.js';
import { withBudget } from '../../integrations/index.js';
import { fromVendor } from './sources.js';
import { auditForBookingQuery, auditForUserQuery } from './rows.js';

const DAY_MS = 24 * 3_600_000;

/** A person's trail looks back this far; a booking's from its creation. */
const USER_WINDOW_MS = 90 * DAY_MS;
const PG_LIMIT = 200;
/** Refunds and disputes are read per payment intent: only for the charges that have any, and at most this many. */
const STRIPE_DETAIL_INTENTS = 10;
/** Axiom is also asked for the log lines of this many of the latest audited requests about the person or booking. */
const AXIOM_REQUESTS = 10;

interface Target {
  userId: string;
  /** The person's bookings (a person's trail keeps only vendor rows about these). */
  bookingIds: Set<string>;
  customerId: string | null;
  bookingId: string | null;
  intentId: string | null;
  from: Date;
  to: Date;
}

type TrailCtx = Pick<Context, 'db' | 'integrations' | 'config' | 'now'>;

async function resolveTarget(ctx: TrailCtx, input: TrailInput): Promise<Target> {
  const now = ctx.now();
  if ('userId' in input) {
    const user = await ctx.db
      .selectFrom('users')
      .select(['id', 'stripe_customer_id', 'created_at'])
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!user) throw new DomainError('NOT_FOUND', 'userId: no such user');
    const from = new Date(Math.max(Date.parse(user.created_at), now.getTime() - USER_WINDOW_MS));
    const bookings = await ctx.db
      .selectFrom('bookings')
      .select('id')
      .where((eb) => eb.or([eb('student_id', '=', user.id), eb('instructor_id', '=', user.id)]))
      .where('created_at', '>=', from.toISOString())
      .limit(PG_LIMIT)
      .execute();
    return {
      userId: user.id,
      bookingIds: new Set(bookings.map((b) => b.id)),
      customerId: user.stripe_customer_id,
      bookingId: null,
      intentId: null,
      from,
      to: now,
    };
  }
  const row = await ctx.db
    .selectFrom('bookings as b')
    .innerJoin('users as s', 's.id', 'b.student_id')
    .leftJoin('payments as p', 'p.booking_id', 'b.id')
    .select(['b.id', 'b.created_at', 's.id as student_id', 's.stripe_customer_id', 'p.stripe_payment_intent_id'])
    .where('b.id', '=', input.bookingId)
    .orderBy('p.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'bookingId: no such booking');
  const from = new Date(Date.parse(row.created_at) - 3_600_000);
  return {
    userId: row.student_id,
    bookingIds: new Set([row.id]),
    customerId: row.stripe_customer_id,
    bookingId: row.id,
    intentId: row.stripe_payment_intent_id ?? null,
    from,
    to: now,
  };
}

const bookingHref = (id: string | null): string | null => (id ? `/bookings/${id}` : null);

/** Our own rows about the person (or booking) in the window: bookings, payments, refunds, notes, messages, webhooks, staff actions. */
async function postgresEntries(ctx: TrailCtx, t: Target): Promise<TrailEntry[]> {
  const db = ctx.db;
  const byBooking = t.bookingId;
  const [bookings, payments, refunds, notes, notifications, webhooks, audit] = await Promise.all([
    db
      .selectFrom('bookings')
      .select(['id', 'short_id', 'status', 'created_at', 'lesson_start', 'price_cents', 'cancelled_at', 'cancellation_reason'])
      .$call((q) =>
        byBooking
          ? q.where('id', '=', byBooking)
          : q.where((eb) => eb.or([eb('student_id', '=', t.userId), eb('instructor_id', '=', t.userId)])),
      )
      .where('created_at', '>=', t.from.toISOString())
      .orderBy('created_at', 'desc')
      .limit(PG_LIMIT)
      .execute(),
    db
      .selectFrom('payments as p')
      .innerJoin('bookings as b', 'b.id', 'p.booking_id')
      .select([
        'p.booking_id',
        'b.short_id',
        'p.status',
        'p.amount_cents',
        'p.authorized_at',
        'p.captured_at',
        'p.failed_at',
        'p.failure_code',
        'p.disputed_at',
        'p.dispute_status',
      ])
      .$call((q) => (byBooking ? q.where('p.booking_id', '=', byBooking) : q.where('b.student_id', '=', t.userId)))
      .where('p.updated_at', '>=', t.from.toISOString())
      .orderBy('p.updated_at', 'desc')
      .limit(PG_LIMIT)
      .execute(),
    db
      .selectFrom('refunds as r')
      .innerJoin('bookings as b', 'b.id', 'r.booking_id')
      .select(['r.booking_id', 'b.short_id', 'r.amount_cents', 'r.method', 'r.kind', 'r.status', 'r.reason', 'r.created_at'])
      .$call((q) => (byBooking ? q.where('r.booking_id', '=', byBooking) : q.where('r.student_id', '=', t.userId)))
      .where('r.created_at', '>=', t.from.toISOString())
      .orderBy('r.created_at', 'desc')
      .limit(PG_LIMIT)
      .execute(),
    db
      .selectFrom('booking_notes')
      .select(['booking_id', 'kind', 'body', 'created_at'])
      .$call((q) => (byBooking ? q.where('booking_id', '=', byBooking) : q.where('user_id', '=', t.userId)))
      .where('created_at', '>=', t.from.toISOString())
      .orderBy('created_at', 'desc')
      .limit(PG_LIMIT)
      .execute(),
    db
      .selectFrom('notifications')
      .select(['booking_id', 'template', 'channel', 'status', 'subject', 'created_at'])
      .$call((q) => (byBooking ? q.where('booking_id', '=', byBooking) : q.where('user_id', '=', t.userId)))
      .where('created_at', '>=', t.from.toISOString())
      .orderBy('created_at', 'desc')
      .limit(PG_LIMIT)
      .execute(),
    db
      .selectFrom('webhook_events')
      .select(['booking_id', 'source', 'type', 'status', 'error', 'received_at'])
      .$call((q) => (byBooking ? q.where('booking_id', '=', byBooking) : q.where('user_id', '=', t.userId)))
      .where('received_at', '>=', t.from.toISOString())
      .orderBy('received_at', 'desc')
      .limit(PG_LIMIT)
      .execute(),
    (byBooking ? auditForBookingQuery(db, byBooking, PG_LIMIT) : auditForUserQuery(db, t.userId, PG_LIMIT))
      .where('occurred_at', '>=', t.from.toISOString())
      .execute(),
  ]);

  const out: TrailEntry[] = [];
  const push = (at: string | null, kind: string, label: string, detail: string | null, href: string | null) => {
    if (at) out.push({ at, source: 'postgres', kind, label, detail, href });
  };
  for (const b of bookings) {
    push(
      b.created_at,
      'booking',
      `Booking ${b.short_id} created (${label(b.status).toLowerCase()})`,
      `Lesson ${formatInZone(b.lesson_start, ctx.config.BUSINESS_TIME_ZONE)} · ${formatCents(b.price_cents)}`,
      bookingHref(b.id),
    );
    push(b.cancelled_at, 'booking', `Booking ${b.short_id} cancelled`, b.cancellation_reason, bookingHref(b.id));
  }
  for (const p of payments) {
    push(
      p.authorized_at,
      'payment',
      `Payment for ${p.short_id} authorized`,
      formatCents(p.amount_cents),
      bookingHref(p.booking_id),
    );
    push(p.captured_at, 'payment', `Payment for ${p.short_id} captured`, formatCents(p.amount_cents), bookingHref(p.booking_id));
    push(p.failed_at, 'payment', `Payment for ${p.short_id} failed`, p.failure_code, bookingHref(p.booking_id));
    push(
      p.disputed_at,
      'payment',
      `Charge for ${p.short_id} disputed`,
      p.dispute_status ? label(p.dispute_status) : null,
      bookingHref(p.booking_id),
    );
  }
  for (const r of refunds)
    push(
      r.created_at,
      'refund',
      r.kind === 'release'
        ? `Release of ${formatCents(r.amount_cents)} for ${r.short_id}, never charged (${label(r.status).toLowerCase()})`
        : `Refund ${formatCents(r.amount_cents)} ${label(r.method).toLowerCase()} for ${r.short_id} (${label(r.status).toLowerCase()})`,
      r.reason || null,
      bookingHref(r.booking_id),
    );
  for (const n of notes) push(n.created_at, 'note', `Note (${label(n.kind).toLowerCase()})`, n.body, bookingHref(n.booking_id));
  for (const n of notifications)
    push(
      n.created_at,
      'notification',
      `${label(n.template)} by ${label(n.channel).toLowerCase()} (${label(n.status).toLowerCase()})`,
      n.subject,
      bookingHref(n.booking_id),
    );
  for (const w of webhooks)
    push(w.received_at, 'webhook', `Webhook ${w.source} ${w.type} (${w.status})`, w.error, bookingHref(w.booking_id));
  for (const a of audit)
    push(
      a.occurred_at,
      'audit',
      `${auditActionLabel({ action: a.action, refundKind: a.refund_kind })} by ${a.actor_email}`,
      a.reason || null,
      a.resource_type === 'booking' ? bookingHref(a.resource_id) : null,
    );
  return out;
}

async function stripeEntries(ctx: TrailCtx, t: Target) {
  return fromVendor(ctx, 'stripe', ctx.integrations.stripe, async (client, signal): Promise<TrailEntry[]> => {
    const filter = t.intentId ? { paymentIntent: t.intentId } : t.customerId ? { customer: t.customerId } : null;
    if (!filter) return [];
    const charges = (await client.listCharges(filter, signal)).filter((c) => Date.parse(c.createdAt) >= t.from.getTime());
    const intents = [
      ...new Set(
        charges.filter((c) => (c.amountRefundedCents > 0 || c.disputed) && c.paymentIntentId).map((c) => c.paymentIntentId ?? ''),
      ),
    ].slice(0, STRIPE_DETAIL_INTENTS);
    if (t.intentId && !intents.includes(t.intentId)) intents.push(t.intentId);
    const details = await Promise.all(
      intents.map(async (pi) => {
        const [refunds, disputes] = await Promise.all([
          client.listRefunds({ paymentIntent: pi }, signal),
          client.listDisputes({ paymentIntent: pi }, signal),
        ]);
        return { refunds, disputes };
      }),
    );
    const out: TrailEntry[] = charges.map((c) => ({
      at: c.createdAt,
      source: 'stripe' as const,
      kind: 'charge',
      label: `Charge ${c.id} ${formatCents(c.amountCents)} ${c.status}${c.captured ? ', captured' : ', not captured'}`,
      detail:
        [
          c.card ? `${c.card.brand} ····${c.card.last4}` : null,
          c.failureCode,
          c.amountRefundedCents > 0 ? `refunded ${formatCents(c.amountRefundedCents)}` : null,
        ]
          .filter(Boolean)
          .join(' · ') || null,
      href: null,
    }));
    for (const d of details) {
      for (const r of d.refunds) {
        out.push({
          at: r.createdAt,
          source: 'stripe',
          kind: 'refund',
          label: `Refund ${r.id} ${formatCents(r.amountCents)} (${r.status ?? 'unknown'})`,
          detail: r.reason,
          href: null,
        });
      }
      for (const dp of d.disputes) {
        out.push({
          at: dp.createdAt,
          source: 'stripe',
          kind: 'dispute',
          label: `Dispute ${dp.id} ${formatCents(dp.amountCents)} (${dp.status})`,
          detail: dp.reason,
          href: null,
        });
      }
    }
    return out;
  });
}

async function sentryEntries(ctx: TrailCtx, t: Target) {
  return fromVendor(ctx, 'sentry', ctx.integrations.sentry, async (client, signal): Promise<TrailEntry[]> => {
    const days = Math.min(90, Math.max(1, Math.ceil((t.to.getTime() - t.from.getTime()) / DAY_MS)));
    const period = { statsPeriod: `${days}d`, limit: 50 };
    // A booking's trail shows only errors whose events were tagged with the booking or its payment; a person's,
    // errors their own requests raised (user.id). An issue another person hit is never shown.
    const lists = t.bookingId
      ? await Promise.all([
          client.issuesForTag('booking_id', t.bookingId, period, signal),
          ...(t.intentId ? [client.issuesForTag('payment_intent', t.intentId, period, signal)] : []),
        ])
      : [await client.issuesForUser(t.userId, period, signal)];
    const issues = [...new Map(lists.flat().map((i) => [i.id, i])).values()];
    return issues
      .flatMap((i) => (i.lastSeen !== null && Date.parse(i.lastSeen) >= t.from.getTime() ? [{ ...i, lastSeen: i.lastSeen }] : []))
      .map((i) => ({
        at: i.lastSeen,
        source: 'sentry' as const,
        kind: 'error',
        label: `${i.shortId}: ${i.title}`,
        detail: [
          plural(i.count, 'event'),
          `first seen ${i.firstSeen ? formatInZone(i.firstSeen, ctx.config.BUSINESS_TIME_ZONE) : 'unknown'}`,
          ...(i.culprit ? [i.culprit] : []),
        ].join(' · '),
        // A stand-in's permalink is its own API on a loopback port, no page a person can open.
        href: ctx.integrations.sample.sentry ? null : i.permalink || null,
      }));
  });
}

/**
 * The request ids that staff actions on the person (or the booking) recorded in the audit log, newest first: the
 * console's own log lines of those requests (the refund call, the Stripe answer) rarely name the person.
 */
async function auditRequestIds(ctx: TrailCtx, t: Target): Promise<string[]> {
  const rows = await (
    t.bookingId
      ? ctx.db
          .selectFrom('audit_log')
          .select(['id', 'request_id', 'occurred_at'])
          .where('resource_type', '=', 'booking')
          .where('resource_id', '=', t.bookingId)
          .orderBy('id', 'desc')
          .limit(AXIOM_REQUESTS * 4)
      : auditForUserQuery(ctx.db, t.userId, AXIOM_REQUESTS * 4).select('request_id')
  )
    .where('occurred_at', '>=', t.from.toISOString())
    .execute();
  // Only ids Axiom's query can name (a header-supplied id could hold anything); the rest are skipped, not fatal.
  const ids = rows.map((r) => r.request_id).filter((id): id is string => id !== null && /^[\w.:@-]{1,200}$/.test(id));
  return [...new Set(ids)].slice(0, AXIOM_REQUESTS);
}

async function axiomEntries(ctx: TrailCtx, t: Target) {
  return fromVendor(ctx, 'axiom', ctx.integrations.axiom, async (client, signal): Promise<TrailEntry[]> => {
    const hours = Math.min(90 * 24, Math.max(1, Math.ceil((t.to.getTime() - t.from.getTime()) / 3_600_000)));
    const [lines, requestIds] = await Promise.all([client.logsForUser(t.userId, `${hours}h`, signal), auditRequestIds(ctx, t)]);
    // At most AXIOM_REQUESTS lookups, side by side within the same budget.
    const byRequest = (await Promise.all(requestIds.map((id) => client.logsForRequest(id, signal)))).flat();
    const audited = new Set(requestIds);
    // On a booking's trail only lines that name the booking; on a person's, lines naming one of their bookings or
    // none (a request about the person as a whole). Lines of a request an audit row about them recorded always belong.
    const bookingOf = (l: { fields: Record<string, unknown> }): string | null =>
      typeof l.fields.booking_id === 'string' ? l.fields.booking_id : null;
    const seen = new Set<string>();
    return [...lines, ...byRequest]
      .filter((l) => {
        const key = `${l.time}|${l.requestId ?? ''}|${l.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .filter((l) => Date.parse(l.time) >= t.from.getTime())
      .filter(
        (l) =>
          (l.requestId !== null && audited.has(l.requestId)) ||
          (t.bookingId ? bookingOf(l) === t.bookingId : bookingOf(l) === null || t.bookingIds.has(bookingOf(l) ?? '')),
      )
      .map((l) => ({
        at: l.time,
        source: 'axiom' as const,
        kind: 'log',
        label: `${l.level} ${l.operation ?? l.message}`,
        detail: [
          l.message,
          l.status !== null ? `status ${l.status}` : null,
          l.durationMs !== null ? `${l.durationMs} ms` : null,
          l.requestId ? `request ${l.requestId}` : null,
        ]
          .filter(Boolean)
          .join(' · '),
        href: null,
      }));
  });
}

/**
 * The cross-source trail: every source asked in parallel, each cut at its budget and reported ok / degraded / down /
 * not configured; what answered is merged into one time order (newest first).
 */
export async function loadTrail(ctx: TrailCtx, input: TrailInput): Promise<TrailResponse> {
  const target = await resolveTarget(ctx, input);
  const [pg, stripe, sentry, axiom] = await Promise.all([
    withBudget('postgres', ctx.config.SOURCE_TIMEOUT_MS, () => postgresEntries(ctx, target)),
    stripeEntries(ctx, target),
    sentryEntries(ctx, target),
    axiomEntries(ctx, target),
  ]);
  const entries = [...(pg.data ?? []), ...(stripe.data ?? []), ...(sentry.data ?? []), ...(axiom.data ?? [])].sort((a, b) =>
    b.at.localeCompare(a.at),
  );
  return {
    entries,
    sources: [pg.status, stripe.status, sentry.status, axiom.status],
    from: target.from.toISOString(),
    to: target.to.toISOString(),
  };
}
