import { sql, type ExpressionBuilder, type Transaction } from 'kysely';
import type { Database, Db, WebhookEvent, DbOrTx } from '@ops/db';
import {
  failedMayRetry,
  webhookListInputSchema,
  type Page,
  type WebhookDetail,
  type WebhookListInput,
  type WebhookListItem,
  type WebhookStatus,
} from '@ops/shared';
import type { StripeGateway } from '../../integrations/stripe/gateway.js';
import type { Worker } from '../../workers.js';
import { resolveRecordRef } from '../bookings/short-id.js';
import { DomainError } from '../errors.js';
import { keysetPage } from '../paging.js';
import { prefetchStripe, STRIPE_HANDLERS } from './stripe-handlers.js';
import { NO_LINKS, WebhookHandlerError, type HandlerPlan, type Prefetched, type WebhookHandler } from './types.js';

/** The handlers per source; Checkr events are verified and kept in the ledger, with no handler yet. */
const HANDLERS: Record<string, Record<string, WebhookHandler>> = {
  stripe: STRIPE_HANDLERS,
  checkr: {},
};

export function handlerFor(source: string, type: string): WebhookHandler | null {
  return HANDLERS[source]?.[type] ?? null;
}

function dataObject(payload: unknown): Record<string, unknown> {
  const data = typeof payload === 'object' && payload !== null ? (payload as { data?: unknown }).data : undefined;
  const object = typeof data === 'object' && data !== null ? (data as { object?: unknown }).object : undefined;
  if (typeof object !== 'object' || object === null || Array.isArray(object))
    throw new WebhookHandlerError('payload has no data.object');
  return object as Record<string, unknown>;
}

function dataObjectOrEmpty(payload: unknown): Record<string, unknown> {
  try {
    return dataObject(payload);
  } catch {
    return {};
  }
}

/** What running the handler would do now: a plan, "skipped" for a type without handler, or the failure. */
export type DryRun = { kind: 'plan'; plan: HandlerPlan } | { kind: 'skip'; reason: string } | { kind: 'fail'; error: string };

/**
 * Everything the event's handler needs from a vendor, read now: call it before opening the transaction that will
 * process the event, and pass the result on (to `planEvent`, `processInTx`, `replayInTx`).
 */
export async function prefetchEvent(
  event: Pick<WebhookEvent, 'source' | 'type' | 'payload'>,
  stripe: StripeGateway | null,
): Promise<Prefetched | null> {
  if (event.source !== 'stripe') return null;
  return prefetchStripe(event.type, dataObjectOrEmpty(event.payload), stripe);
}

export async function planEvent(
  db: DbOrTx,
  event: Pick<WebhookEvent, 'source' | 'type' | 'payload'>,
  now: Date,
  lock: boolean,
  prefetched: Prefetched | null,
): Promise<DryRun> {
  const handler = handlerFor(event.source, event.type);
  if (!handler) return { kind: 'skip', reason: `no handler for ${event.source} ${event.type}` };
  try {
    return { kind: 'plan', plan: await handler({ db, object: dataObject(event.payload), now, lock, prefetched }) };
  } catch (error) {
    if (error instanceof WebhookHandlerError) return { kind: 'fail', error: error.message };
    throw error;
  }
}

export interface ProcessOutcome {
  status: Extract<WebhookStatus, 'processed' | 'failed' | 'skipped'>;
  changes: string[];
  error: string | null;
  /**
   * For a failure: whether another delivery may succeed. A permanent failure (unknown entity, malformed payload) is
   * answered 2xx so the sender stops retrying; only a transient one (database, Stripe unreachable) is answered 5xx.
   */
  retryable: boolean;
}

/** How long a `received` row is left to the delivery that wrote it before another delivery or the sweeper takes it. */
export const RECEIVED_LEASE_MS = 30_000;

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 2_000);

/**
 * Runs the handler for one ledger row inside `tx`, under a savepoint, and records the outcome on the row
 * (status, attempts, duration, error, links). A failing handler rolls back only its own changes.
 */
export async function processInTx(
  tx: Transaction<Database>,
  row: Pick<WebhookEvent, 'id' | 'source' | 'type' | 'payload'>,
  now: Date,
  prefetched: Prefetched | null,
): Promise<ProcessOutcome> {
  const started = performance.now();
  await sql`savepoint webhook_handler`.execute(tx);
  let outcome: ProcessOutcome;
  let links = NO_LINKS;
  try {
    const dry = await planEvent(tx, row, now, true, prefetched);
    if (dry.kind === 'skip') {
      outcome = { status: 'skipped', changes: [], error: dry.reason, retryable: false };
    } else if (dry.kind === 'fail') {
      outcome = { status: 'failed', changes: [], error: dry.error, retryable: false };
    } else {
      links = dry.plan.links;
      if (dry.plan.apply) await dry.plan.apply(tx);
      outcome = { status: 'processed', changes: dry.plan.changes, error: null, retryable: false };
    }
    await sql`release savepoint webhook_handler`.execute(tx);
  } catch (error) {
    await sql`rollback to savepoint webhook_handler`.execute(tx);
    outcome = { status: 'failed', changes: [], error: errorText(error), retryable: true };
  }
  await tx
    .updateTable('webhook_events')
    .set({
      status: outcome.status,
      error: outcome.error,
      retryable: outcome.status === 'failed' ? outcome.retryable : null,
      attempts: sql<number>`attempts + 1`,
      processed_at: now,
      duration_ms: Math.max(0, Math.round(performance.now() - started)),
      ...(outcome.status === 'processed'
        ? { booking_id: links.bookingId, user_id: links.userId, payment_id: links.paymentId }
        : {}),
    })
    .where('id', '=', row.id)
    .execute();
  return outcome;
}

export interface IncomingEvent {
  source: string;
  eventId: string;
  type: string;
  headers: Record<string, string>;
  payload: unknown;
}

export type IntakeResult =
  | { kind: 'processed' | 'failed' | 'skipped'; id: string; outcome: ProcessOutcome }
  | { kind: 'duplicate'; id: string; status: WebhookStatus };

/**
 * Processes one ledger row if it still needs it: locks it (skipping a row another process holds — that process is
 * alive and will finish it), re-checks that it is `received` (and, unless `fresh`, older than the lease) or a
 * retryable failure, and runs the handler in the same transaction that records the outcome. Returns null when there
 * was nothing to do. A process that dies mid-way releases its lock and leaves the row `received` for the next one.
 */
export async function claimAndProcess(
  db: Db,
  id: string,
  now: Date,
  stripe: StripeGateway | null,
  opts: { fresh: boolean },
): Promise<ProcessOutcome | null> {
  const peek = await db
    .selectFrom('webhook_events')
    .select(['source', 'type', 'payload'])
    .where('id', '=', id)
    .executeTakeFirst();
  // Read from the vendor before the transaction opens; a failed read reaches the handler, which fails retryably.
  const prefetched = peek ? await prefetchEvent(peek, stripe) : null;
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('webhook_events')
      .select(['id', 'status', 'retryable', 'received_at', 'source', 'type', 'payload'])
      .where('id', '=', id)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) return null;
    const leaseOver = new Date(row.received_at).getTime() <= now.getTime() - RECEIVED_LEASE_MS;
    const due = (row.status === 'received' && (opts.fresh || leaseOver)) || (row.status === 'failed' && row.retryable !== false);
    if (!due) return null;
    return processInTx(tx, row, now, prefetched);
  });
}

/**
 * Intake of one verified delivery: the row is written (committed) before processing, so nothing received is lost.
 * A repeated event id for the same source is acknowledged without running the handler again, unless the earlier
 * delivery failed in a way worth retrying, or its row is still `received` after the lease (the process handling it
 * died): then this delivery processes it.
 */
export async function receiveEvent(
  db: Db,
  event: IncomingEvent,
  now: Date,
  stripe: StripeGateway | null = null,
): Promise<IntakeResult> {
  const inserted = await db
    .insertInto('webhook_events')
    .values({
      source: event.source,
      event_id: event.eventId,
      type: event.type,
      status: 'received',
      headers: JSON.stringify(event.headers),
      payload: JSON.stringify(event.payload),
      received_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['source', 'event_id'])
        .where('replay_of', 'is', null)
        .where('event_id', 'is not', null)
        .where('status', '<>', 'rejected')
        .doNothing(),
    )
    .returning(['id'])
    .executeTakeFirst();
  const id =
    inserted?.id ??
    (
      await db
        .selectFrom('webhook_events')
        .select(['id'])
        .where('source', '=', event.source)
        .where('event_id', '=', event.eventId)
        .where('replay_of', 'is', null)
        .where('status', '<>', 'rejected')
        .executeTakeFirstOrThrow()
    ).id;
  const outcome = await claimAndProcess(db, id, now, stripe, { fresh: inserted !== undefined });
  if (outcome) return { kind: outcome.status, id, outcome };
  const current = await db.selectFrom('webhook_events').select('status').where('id', '=', id).executeTakeFirstOrThrow();
  return { kind: 'duplicate', id, status: current.status };
}

/**
 * The sweeper: `received` rows whose lease is over (their process died between writing and handling them), oldest
 * first, and retryable failures nobody redelivered, each processed once more. Returns how many it processed.
 */
export async function sweepWebhookEvents(
  db: Db,
  now: Date,
  stripe: StripeGateway | null,
  opts: { limit?: number; retryFailedAfterMs?: number } = {},
): Promise<number> {
  const leaseCutoff = new Date(now.getTime() - RECEIVED_LEASE_MS).toISOString();
  const retryCutoff = new Date(now.getTime() - (opts.retryFailedAfterMs ?? 5 * 60_000)).toISOString();
  const rows = await db
    .selectFrom('webhook_events')
    .select(['id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'received'), eb('received_at', '<=', leaseCutoff)]),
        eb.and([
          eb('status', '=', 'failed'),
          eb('retryable', '=', true),
          eb('processed_at', '<=', retryCutoff),
          eb('attempts', '<', MAX_SWEEP_ATTEMPTS),
        ]),
      ]),
    )
    .orderBy('received_at')
    .limit(opts.limit ?? 100)
    .execute();
  let done = 0;
  for (const r of rows) if (await claimAndProcess(db, r.id, now, stripe, { fresh: false })) done += 1;
  return done;
}

/** A transient failure is retried by the sweeper this many times in all; after that it waits for a person. */
export const MAX_SWEEP_ATTEMPTS = 5;

/** A delivery whose signature did not verify: kept for the ledger (no trusted id or payload), nothing else. */
export async function recordRejected(
  db: Db,
  source: string,
  headers: Record<string, string>,
  error: string,
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('webhook_events')
    .values({
      source,
      event_id: null,
      type: 'unverified',
      status: 'rejected',
      headers: JSON.stringify(headers),
      payload: null,
      error,
      received_at: now,
      processed_at: now,
      duration_ms: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ReplayOutcome extends ProcessOutcome {
  replayId: string;
  originalId: string;
  originalStatusBefore: WebhookStatus;
  originalStatusAfter: WebhookStatus;
}

/**
 * Replays one ledger entry: a new row linked by replay_of re-runs the handler; when it processes, the original
 * is marked replayed (so the failed view empties as problems are fixed). `prefetched` is what `prefetchEvent` read
 * for it before the transaction opened.
 */
export async function replayInTx(
  tx: Transaction<Database>,
  original: WebhookEvent,
  now: Date,
  prefetched: Prefetched | null,
): Promise<ReplayOutcome> {
  const replay = await tx
    .insertInto('webhook_events')
    .values({
      source: original.source,
      event_id: original.event_id,
      type: original.type,
      status: 'received',
      headers: JSON.stringify(original.headers),
      payload: JSON.stringify(original.payload),
      replay_of: original.id,
      received_at: now,
    })
    .returning(['id', 'source', 'type', 'payload'])
    .executeTakeFirstOrThrow();
  const outcome = await processInTx(tx, replay, now, prefetched);
  let after: WebhookStatus = original.status;
  if (outcome.status === 'processed' && original.status === 'failed') {
    await tx.updateTable('webhook_events').set({ status: 'replayed' }).where('id', '=', original.id).execute();
    after = 'replayed';
  }
  return {
    ...outcome,
    replayId: replay.id,
    originalId: original.id,
    originalStatusBefore: original.status,
    originalStatusAfter: after,
  };
}

const LIST_COLUMNS = [
  'id',
  'source',
  'event_id',
  'type',
  'status',
  'attempts',
  'received_at',
  'processed_at',
  'duration_ms',
  'error',
  'replay_of',
  'booking_id',
  'user_id',
  'payment_id',
  'retryable',
] as const;

type ListRow = Pick<WebhookEvent, (typeof LIST_COLUMNS)[number]>;

function toItem(r: ListRow): WebhookListItem {
  return {
    id: r.id,
    source: r.source,
    eventId: r.event_id,
    type: r.type,
    status: r.status,
    attempts: r.attempts,
    receivedAt: r.received_at,
    processedAt: r.processed_at,
    durationMs: r.duration_ms,
    error: r.error,
    replayOf: r.replay_of,
    bookingId: r.booking_id,
    userId: r.user_id,
    paymentId: r.payment_id,
    retryable: r.status === 'failed' ? failedMayRetry(r.retryable) : null,
  };
}

/**
 * Failed events a replay may fix (`retryable` true) or that are permanent (false): shared `failedMayRetry` in SQL,
 * the ledger's filter for the command center's split of failed webhooks.
 */
export function failedEvents(retryable: boolean) {
  return (eb: ExpressionBuilder<Database, 'webhook_events'>) =>
    eb.and([
      eb('status', '=', 'failed'),
      retryable ? eb.or([eb('retryable', 'is', null), eb('retryable', '=', true)]) : eb('retryable', '=', false),
    ]);
}

// The cursor keeps received_at to the microsecond (ISO strings stop at milliseconds) so no row is skipped.
const CURSOR_TS = sql<string>`to_char(received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function parseCursor(cursor: string | null | undefined): { ts: string; id: string } | null {
  if (!cursor) return null;
  const [ts, id] = cursor.split('|');
  if (!ts || !id || Number.isNaN(Date.parse(ts)) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { ts, id };
}

/** One page of the ledger, newest first, keyset on (received_at, id) along webhook_events_(status_)received_idx. */
export async function listWebhookEvents(db: Db, input: WebhookListInput): Promise<Page<WebhookListItem>> {
  const f = webhookListInputSchema.parse(input);
  let q = db.selectFrom('webhook_events');
  if (f.source) q = q.where('source', '=', f.source);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.retryable !== null && f.retryable !== undefined) q = q.where(failedEvents(f.retryable));
  if (f.from) q = q.where('received_at', '>=', f.from);
  if (f.to) q = q.where('received_at', '<', f.to);
  const entity = f.entityId ? await resolveRecordRef(db, f.entityId) : undefined;
  if (entity === null) q = q.where(sql<boolean>`false`);
  else if (entity)
    q = q.where((eb) => eb.or([eb('booking_id', '=', entity), eb('user_id', '=', entity), eb('payment_id', '=', entity)]));
  const cursor = parseCursor(f.cursor);
  if (cursor)
    q = q.where((eb) =>
      eb(
        eb.refTuple('received_at', 'id'),
        '<',
        eb.tuple(sql<string>`${cursor.ts}::timestamptz`, sql<string>`${cursor.id}::uuid`),
      ),
    );
  const rows = await q
    .select([...LIST_COLUMNS, CURSOR_TS.as('cursor_ts')])
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  return keysetPage(rows, f.limit, toItem, (last) => `${last.cursor_ts}|${last.id}`);
}

/** One entry with its payload, redacted headers, the replays linked to it and the entry it replays. */
export async function findWebhookEvent(db: Db, id: string): Promise<WebhookDetail> {
  const row = await db
    .selectFrom('webhook_events')
    .select([...LIST_COLUMNS, 'headers', 'payload'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'id: no such webhook event');
  const [replays, original] = await Promise.all([
    db
      .selectFrom('webhook_events')
      .select([...LIST_COLUMNS])
      .where('replay_of', '=', id)
      .orderBy('received_at', 'desc')
      .limit(100)
      .execute(),
    row.replay_of
      ? db
          .selectFrom('webhook_events')
          .select([...LIST_COLUMNS])
          .where('id', '=', row.replay_of)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  return {
    ...toItem(row),
    headers: row.headers,
    payload: row.payload,
    replays: replays.map(toItem),
    original: original ? toItem(original) : null,
  };
}

/** Full rows for replay, in one query. */
export async function loadWebhookEvents(db: DbOrTx, ids: string[], lock: boolean): Promise<WebhookEvent[]> {
  if (ids.length === 0) return [];
  let q = db.selectFrom('webhook_events').selectAll().where('id', 'in', ids);
  if (lock) q = q.forUpdate();
  return q.orderBy('received_at').execute();
}

export const webhookSweeperWorker: Worker = {
  name: 'webhooks.sweep',
  intervalMs: 15_000,
  tick: (services) => sweepWebhookEvents(services.dbs.api, services.now(), services.integrations.stripe),
};
