import type { Db } from '@ops/db';
import {
  LOG_PERIOD_MS,
  logsSearchInputSchema,
  type AuditRefView,
  type LogLineView,
  type LogsSearchInput,
  type LogsSearchResult,
  type RequestTrace,
  type SentryEventView,
} from '@ops/shared';
import type { Services } from '../../context.js';
import type { LogLine } from '../../integrations/index.js';
import { fromClient, nullOn404, sentryEventView } from '../health/vendor-reads.js';

/**
 * The logs page's reads: Axiom searches, a request id stitched across Axiom, Sentry and our audit log, and a Sentry
 * event lookup. Each vendor read is cut at the source budget and reported with its state, so a dead Axiom still
 * shows the audit rows and Sentry events of a request.
 */

export function toLogLineView(l: LogLine): LogLineView {
  return {
    time: l.time,
    level: l.level,
    message: l.message,
    service: l.service,
    operation: l.operation,
    route: l.route,
    requestId: l.requestId,
    userId: l.userId,
    bookingId: l.bookingId,
    durationMs: l.durationMs,
    status: l.status,
  };
}

export async function searchLogs(services: Services, raw: LogsSearchInput): Promise<LogsSearchResult> {
  const input = logsSearchInputSchema.parse(raw);
  const now = services.now();
  const to = input.to ? new Date(input.to) : now;
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - LOG_PERIOD_MS[input.period]);
  const { integrations, config } = services;
  const result = await fromClient(integrations, 'axiom', config.SOURCE_TIMEOUT_MS, integrations.axiom, async (client, signal) =>
    (
      await client.search(
        {
          start: from,
          end: to,
          limit: input.limit,
          ...(input.level ? { level: input.level } : {}),
          ...(input.route ? { route: input.route } : {}),
          ...(input.operation ? { operation: input.operation } : {}),
          ...(input.status !== undefined ? { status: input.status } : {}),
          ...(input.userId ? { userId: input.userId } : {}),
          ...(input.bookingId ? { bookingId: input.bookingId } : {}),
          ...(input.requestId ? { requestId: input.requestId } : {}),
          ...(input.minDurationMs !== undefined ? { minDurationMs: input.minDurationMs } : {}),
        },
        signal,
      )
    ).map(toLogLineView),
  );
  return { source: result.status, range: { from: from.toISOString(), to: to.toISOString() }, lines: result.data };
}

/** Our own audit rows written under a request id (the index on request_id keeps this a point read). */
export async function auditRowsForRequest(db: Db, requestId: string): Promise<AuditRefView[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['id', 'occurred_at', 'action', 'actor_email', 'resource_type', 'resource_id', 'reason'])
    .where('request_id', '=', requestId)
    .orderBy('occurred_at')
    .orderBy('id')
    .limit(50)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    occurredAt: new Date(r.occurred_at).toISOString(),
    action: r.action,
    actorEmail: r.actor_email,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    reason: r.reason,
  }));
}

/** `db` is null for a role that may not read the audit log (its rows are then left out, not hidden as empty). */
export async function traceRequest(services: Services, db: Db | null, requestId: string): Promise<RequestTrace> {
  const { integrations, config } = services;
  const budget = config.SOURCE_TIMEOUT_MS;
  const [logs, errors, audit] = await Promise.all([
    fromClient(integrations, 'axiom', budget, integrations.axiom, async (client, signal) =>
      (await client.logsForRequest(requestId, signal)).map(toLogLineView),
    ),
    fromClient(integrations, 'sentry', budget, integrations.sentry, (client, signal) =>
      client.eventsForRequest(requestId, { statsPeriod: '90d', limit: 20 }, signal),
    ),
    db ? auditRowsForRequest(db, requestId) : Promise.resolve(null),
  ]);
  return {
    requestId,
    logs: { source: logs.status, lines: logs.data },
    errors: { source: errors.status, events: errors.data },
    audit,
  };
}

export async function sentryEvent(services: Services, eventId: string): Promise<SentryEventView> {
  const { integrations, config } = services;
  const result = await fromClient(
    integrations,
    'sentry',
    config.SOURCE_TIMEOUT_MS,
    integrations.sentry,
    async (client, signal) => {
      const e = await nullOn404(client.eventById(eventId.toLowerCase(), signal));
      if (!e) return null;
      return {
        ...sentryEventView(e),
        issueId: e.issueId,
        projectSlug: e.projectSlug,
        title: e.title,
        requestId: e.tags.request_id ?? null,
      };
    },
  );
  return { source: result.status, event: result.data };
}
