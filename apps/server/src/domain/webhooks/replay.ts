import type { DbOrTx, WebhookEvent } from '@ops/db';
import { webhookReplayInputSchema, webhookReplayManyInputSchema, type Effect } from '@ops/shared';
import { defineAction, type ActionContext } from '../actions/define.js';
import { DomainError } from '../errors.js';
import { loadWebhookEvents, planEvent, prefetchEvent, replayInTx, type DryRun, type ReplayOutcome } from './ledger.js';
import type { Prefetched } from './types.js';

const label = (e: Pick<WebhookEvent, 'event_id' | 'type'>): string => `${e.event_id ?? 'event'} (${e.type})`;

/** The replay preview is a dry run: what the handler would change right now, or why it would fail. */
function dryRunEffects(e: WebhookEvent, dry: DryRun, prefix: string): { effects: Effect[]; warnings: string[] } {
  const effects: Effect[] = [{ kind: 'info', label: `${prefix}Create a replay entry linked to ${label(e)}` }];
  const warnings: string[] = [];
  if (dry.kind === 'skip')
    effects.push({ kind: 'info', label: `${prefix}Nothing to change: ${dry.reason} (it would be skipped)` });
  else if (dry.kind === 'fail') {
    effects.push({ kind: 'info', label: `${prefix}The handler would fail: ${dry.error}` });
    warnings.push(`${label(e)} would fail again: ${dry.error}`);
  } else if (dry.plan.changes.length === 0) {
    const said = dry.plan.discrepancies?.length
      ? 'the records already agree with Stripe'
      : 'the records already reflect this event';
    effects.push({ kind: 'info', label: `${prefix}No change: ${said}` });
  } else for (const change of dry.plan.changes) effects.push({ kind: 'booking', label: `${prefix}${change}` });
  if (dry.kind === 'plan') for (const d of dry.plan.discrepancies ?? []) warnings.push(`${label(e)}: ${d}`);
  return { effects, warnings };
}

async function loadForReplay(db: DbOrTx, ids: string[], lock: boolean): Promise<WebhookEvent[]> {
  const events = await loadWebhookEvents(db, ids, lock);
  const missing = ids.filter((id) => !events.some((e) => e.id === id));
  if (missing.length > 0) throw new DomainError('NOT_FOUND', `ids: no webhook event ${missing.join(', ')}`);
  const rejected = events.filter((e) => e.status === 'rejected');
  if (rejected.length > 0) {
    throw new DomainError(
      'BAD_REQUEST',
      'ids: a rejected delivery (bad signature) has no trusted payload and cannot be replayed',
    );
  }
  return events;
}

/**
 * The vendor reads of each event's handler, done before the execute transaction opens (and for the preview): on the
 * embedded database the transaction holds the one connection, and the Stripe stand-in answers from that database.
 */
async function prefetchEvents(db: DbOrTx, ids: string[], ctx: ActionContext): Promise<Map<string, Prefetched | null>> {
  const events = await loadWebhookEvents(db, ids, false);
  const out = new Map<string, Prefetched | null>();
  for (const event of events) out.set(event.id, await prefetchEvent(event, ctx.integrations.stripe));
  return out;
}

function outcomeText(o: ReplayOutcome): string {
  if (o.status === 'failed') return `failed again: ${o.error ?? 'unknown error'}`;
  if (o.status === 'skipped') return 'skipped (no handler)';
  return o.changes.length > 0 ? `processed: ${o.changes.join('; ')}` : 'processed: no change needed';
}

/** Re-runs one event's handler (its preview is the handler's dry run); the replay is its own linked entry. */
export const replayWebhook = defineAction({
  name: 'webhooks.replay',
  title: 'Replay webhook',
  description: 'Replay one webhook event through processing.',
  destructive: false,
  permission: 'webhooks.replay',
  input: webhookReplayInputSchema,
  prefetch: ({ db, input, ctx }) => prefetchEvents(db, [input.id], ctx),
  async plan({ db, input, ctx, lock, prefetched }) {
    const [event] = await loadForReplay(db, [input.id], lock);
    if (!event) throw new DomainError('NOT_FOUND', 'id: no such webhook event');
    const dry = await planEvent(db, event, ctx.now(), lock, prefetched?.get(event.id) ?? null);
    const { effects, warnings } = dryRunEffects(event, dry, '');
    if (event.status === 'processed')
      warnings.unshift('This event was already processed; a replay re-runs its handler (it changes only what is out of date).');
    return {
      resourceType: 'webhook_event',
      resourceId: event.id,
      summary: `Replay ${label(event)} from ${event.source}`,
      effects,
      warnings,
      typeToConfirm: null,
      requiresApproval: false,
      state: { event },
    };
  },
  async apply({ tx, plan, ctx, prefetched }) {
    const outcome = await replayInTx(tx, plan.state.event, ctx.now(), prefetched?.get(plan.state.event.id) ?? null);
    return {
      before: { status: outcome.originalStatusBefore },
      after: {
        status: outcome.originalStatusAfter,
        replayId: outcome.replayId,
        replayStatus: outcome.status,
        changes: outcome.changes,
        error: outcome.error,
      },
      message: `Replay ${outcomeText(outcome)}`,
    };
  },
});

/** Re-runs up to 50 selected events' handlers in one transaction, with one preview listing what each would change. */
export const replayWebhooks = defineAction({
  name: 'webhooks.replayMany',
  title: 'Replay webhooks',
  description: 'Replay up to 50 webhook events.',
  destructive: false,
  permission: 'webhooks.replay',
  input: webhookReplayManyInputSchema,
  prefetch: ({ db, input, ctx }) => prefetchEvents(db, [...new Set(input.ids)], ctx),
  async plan({ db, input, ctx, lock, prefetched }) {
    const ids = [...new Set(input.ids)];
    const events = await loadForReplay(db, ids, lock);
    const effects: Effect[] = [];
    const warnings: string[] = [];
    // At most 50 events (schema): each dry run reads the rows its own handler needs.
    for (const event of events) {
      const dry = await planEvent(db, event, ctx.now(), lock, prefetched?.get(event.id) ?? null);
      const one = dryRunEffects(event, dry, `${event.event_id ?? event.id}: `);
      effects.push(...one.effects.slice(1));
      warnings.push(...one.warnings);
    }
    const notFailed = events.filter((e) => e.status !== 'failed').length;
    if (notFailed > 0) warnings.unshift(`${notFailed} of the selected events are not failed.`);
    effects.unshift({
      kind: 'info',
      label: `Create ${events.length} replay entries, each linked to its event`,
      count: events.length,
    });
    return {
      resourceType: 'webhook_event',
      resourceId: events.length === 1 && events[0] ? events[0].id : `${events.length} events`,
      summary: `Replay ${events.length} webhook events`,
      effects,
      warnings,
      typeToConfirm: null,
      requiresApproval: false,
      state: { events },
    };
  },
  async apply({ tx, plan, ctx, prefetched }) {
    const outcomes: ReplayOutcome[] = [];
    for (const event of plan.state.events)
      outcomes.push(await replayInTx(tx, event, ctx.now(), prefetched?.get(event.id) ?? null));
    const processed = outcomes.filter((o) => o.status === 'processed').length;
    const failed = outcomes.filter((o) => o.status === 'failed').length;
    return {
      before: { events: outcomes.map((o) => ({ id: o.originalId, status: o.originalStatusBefore })) },
      after: {
        events: outcomes.map((o) => ({
          id: o.originalId,
          status: o.originalStatusAfter,
          replayId: o.replayId,
          replayStatus: o.status,
          error: o.error,
        })),
      },
      message: `Replayed ${outcomes.length}: ${processed} processed, ${failed} failed, ${outcomes.length - processed - failed} skipped.`,
    };
  },
});
