import type { TemplateUpdateInput } from '@ops/shared';
import type { ActionContext } from '../actions/define.js';
import { writeAudit } from '../audit/write.js';
import { DomainError } from '../errors.js';

/** Rewrites a message template; the change and its audit row (before and after) commit together. */
export async function updateTemplate(ctx: ActionContext, input: TemplateUpdateInput): Promise<{ auditId: number }> {
  return ctx.db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('message_templates')
      .select(['name', 'subject', 'body'])
      .where('key', '=', input.key)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new DomainError('NOT_FOUND', 'key: no such template');
    await tx
      .updateTable('message_templates')
      .set({
        name: input.name,
        subject: input.subject,
        body: input.body,
        updated_by_staff_id: ctx.staff.id,
        updated_at: ctx.now(),
      })
      .where('key', '=', input.key)
      .execute();
    const auditId = await writeAudit(tx, ctx.staff, ctx.request, {
      action: 'communications.updateTemplate',
      resourceType: 'message_template',
      resourceId: input.key,
      before,
      after: { name: input.name, subject: input.subject, body: input.body },
    });
    return { auditId };
  });
}
