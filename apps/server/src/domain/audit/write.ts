import type { Db } from '@ops/db';
import type { Transaction } from 'kysely';
import type { Database } from '@ops/db';
import type { RequestMeta, StaffIdentity } from '../../context.js';

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId: string;
  before?: unknown;
  after?: unknown;
  reason?: string;
}

/**
 * Appends one audit row. Call it with the transaction that makes the change, so the change and its record
 * commit together or not at all. The chain hash is filled by the database trigger.
 */
export async function writeAudit(
  db: Db | Transaction<Database>,
  actor: Pick<StaffIdentity, 'email'> & { id: string | null },
  request: RequestMeta,
  entry: AuditEntry,
): Promise<number> {
  const row = await db
    .insertInto('audit_log')
    .values({
      actor_staff_id: actor.id,
      actor_email: actor.email,
      action: entry.action,
      resource_type: entry.resourceType,
      resource_id: entry.resourceId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      reason: entry.reason ?? '',
      request_id: request.requestId,
      ip: request.ip,
      user_agent: request.userAgent,
      channel: request.channel ?? 'web',
      token_name: request.tokenName ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
