import { sql } from 'kysely';
import {
  allows,
  label,
  SENTRY_EVENT_ID_PATTERN,
  type Permission,
  type SpotlightHit,
  type SpotlightResponse,
  type StaffRole,
  isUuid,
} from '@ops/shared';
import type { DbOrTx } from '@ops/db';
import { searchSupport } from '../support/search.js';

const HITS_PER_FINDER = 8;

/**
 * One kind of record Ctrl-K can find. To add a kind: write a finder (which texts it reads, the permission its page
 * needs, one indexed query) and list it in FINDERS. Nothing else changes: the web shows any hit by its path.
 */
export interface Finder {
  name: string;
  permission: Permission;
  /** Cheap test on the text; the query runs only when it answers true. */
  reads(text: string): boolean;
  find(db: DbOrTx, text: string): Promise<SpotlightHit[]>;
}

const bookingPath = (id: string) => `/bookings/${id}`;
const personPath = (id: string) => `/support/users/${id}`;

/**
 * People and bookings, through support's one-box search: names, emails, phones, ids, short ids, and a Stripe id pasted
 * from the dashboard or an email (a customer or an instructor's connected account opens the person; a payment
 * intent, charge or refund the booking).
 */
const people: Finder = {
  name: 'people',
  permission: 'users.read',
  reads: () => true,
  async find(db, text) {
    const found = await searchSupport(db, text);
    return found.results.slice(0, HITS_PER_FINDER).map((r) => {
      const stripe = r.matchedOn === 'stripe_id' ? `Stripe ${found.q}` : null;
      // A booking hit says the booking's state; the person's account status belongs to a person hit.
      return r.kind === 'booking' && r.bookingId
        ? {
            kind: 'booking' as const,
            id: `booking:${r.bookingId}`,
            ref: { bookingId: r.bookingId },
            label: `Booking ${r.shortId ?? ''} · ${r.displayName}`,
            description: [stripe, r.bookingStatus ? label(r.bookingStatus) : null, r.maskedEmail].filter(Boolean).join(' · '),
            path: bookingPath(r.bookingId),
            exact: r.exact,
          }
        : {
            kind: 'person' as const,
            id: `person:${r.userId}`,
            ref: { userId: r.userId },
            label: r.displayName,
            description: [stripe, label(r.role), label(r.status), r.city, r.maskedEmail, r.maskedPhone]
              .filter(Boolean)
              .join(' · '),
            path: personPath(r.userId),
            exact: r.exact,
          };
    });
  },
};

/** A webhook by the vendor's event id (evt_…, any source) or by our row id. */
const webhooks: Finder = {
  name: 'webhooks',
  permission: 'webhooks.read',
  reads: (t) => /^evt_[A-Za-z0-9]+$/.test(t) || isUuid(t),
  async find(db, text) {
    const byEvent = !isUuid(text);
    const rows = await db
      .selectFrom('webhook_events')
      .select(['id', 'source', 'type', 'status', 'event_id', 'received_at'])
      .where(byEvent ? 'event_id' : 'id', '=', byEvent ? text : text.toLowerCase())
      .orderBy('received_at', 'desc')
      .limit(HITS_PER_FINDER)
      .execute();
    return rows.map((r) => ({
      kind: 'webhook' as const,
      id: `webhook:${r.id}`,
      ref: { id: r.id },
      label: `Webhook ${r.event_id ?? r.id}`,
      description: `${r.source} · ${r.type} · ${label(r.status)}`,
      path: `/webhooks/${r.id}`,
      exact: true,
    }));
  },
};

/** An audit entry by its number ("#1234", "audit 1234"). */
const auditEntries: Finder = {
  name: 'audit entries',
  permission: 'audit.read',
  reads: (t) => /^(#|audit\s*#?)\d{1,15}$/i.test(t),
  async find(db, text) {
    // At most 15 digits (reads), so the number is exact.
    const id = Number(text.replace(/\D/g, ''));
    const rows = await db
      .selectFrom('audit_log')
      .select(['id', 'action', 'actor_email', 'occurred_at'])
      .where('id', '=', id)
      .execute();
    return rows.map((r) => ({
      kind: 'audit' as const,
      id: `audit:${r.id}`,
      ref: { id: r.id },
      label: `Audit entry #${r.id} · ${label(r.action)}`,
      description: `by ${r.actor_email}`,
      path: `/audit/${r.id}`,
      exact: true,
    }));
  },
};

/** Campaigns by the start of their name, or by id. */
const campaigns: Finder = {
  name: 'campaigns',
  permission: 'communications.send',
  reads: (t) => t.length >= 2 && !/^(pi|ch|re|evt|cus)_/.test(t),
  async find(db, text) {
    const byId = isUuid(text);
    const prefix = `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await db
      .selectFrom('campaigns')
      .select(['id', 'name', 'status', 'kind'])
      .where(byId ? sql<string>`id::text` : sql<string>`lower(name)`, byId ? '=' : 'like', byId ? text.toLowerCase() : prefix)
      .orderBy(sql`lower(name)`)
      .limit(HITS_PER_FINDER)
      .execute();
    return rows.map((r) => ({
      kind: 'campaign' as const,
      id: `campaign:${r.id}`,
      ref: { campaignId: r.id },
      label: `Campaign ${r.name}`,
      description: `${label(r.kind)} · ${label(r.status)}`,
      path: `/communications/${r.id}`,
      exact: byId || r.name.toLowerCase() === text.toLowerCase(),
    }));
  },
};

/** A request id (`req_…`) opens that request's trace on the logs page: log lines, Sentry events, audit rows. */
const requestIds: Finder = {
  name: 'request ids',
  permission: 'health.read',
  reads: (t) => /^req_[A-Za-z0-9_-]{4,100}$/.test(t),
  find: (_db, text) =>
    Promise.resolve([
      {
        kind: 'request' as const,
        id: `request:${text}`,
        ref: { requestId: text },
        label: `Request ${text}`,
        description: 'Its log lines, Sentry events and audit rows',
        path: `/logs?requestId=${encodeURIComponent(text)}`,
        exact: true,
      },
    ]),
};

/** A Sentry event id (32 hex digits) opens the event on the logs page, with the request it carries. */
const sentryEvents: Finder = {
  name: 'sentry events',
  permission: 'health.read',
  reads: (t) => SENTRY_EVENT_ID_PATTERN.test(t),
  find: (_db, text) =>
    Promise.resolve([
      {
        kind: 'error-event' as const,
        id: `error-event:${text.toLowerCase()}`,
        ref: { eventId: text.toLowerCase() },
        label: `Sentry event ${text.toLowerCase()}`,
        description: 'The exception, its tags and the request it belongs to',
        path: `/logs?eventId=${text.toLowerCase()}`,
        exact: true,
      },
    ]),
};

/** Every kind Ctrl-K finds, in the order its hits are listed. */
export const FINDERS: Finder[] = [webhooks, requestIds, sentryEvents, auditEntries, people, campaigns];

/**
 * Runs every finder the role may use and that reads the text, in parallel; exact hits first, then in FINDERS
 * order; one hit per record.
 */
export async function findAnything(
  db: DbOrTx,
  role: StaffRole,
  q: string,
  finders: Finder[] = FINDERS,
): Promise<SpotlightResponse> {
  const text = q.trim();
  const usable = finders.filter((f) => allows(role, f.permission) && f.reads(text));
  const answers = await Promise.all(usable.map((f) => f.find(db, text)));
  const ordered = answers.flatMap((hits, order) => hits.map((hit, i) => ({ hit, order, i })));
  ordered.sort((a, b) => Number(b.hit.exact) - Number(a.hit.exact) || a.order - b.order || a.i - b.i);
  const seen = new Set<string>();
  const hits: SpotlightHit[] = [];
  for (const { hit } of ordered) {
    if (seen.has(hit.id)) continue;
    seen.add(hit.id);
    hits.push(hit);
  }
  return { q: text, hits };
}
