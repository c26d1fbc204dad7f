import { DAY, TEMPLATES, genTs } from '../factories.js';
import type { Rng } from '../prng.js';
import type { RowSet } from '../row-set.js';

/** The message templates, last edited by the first admin two months ago (shared with the bench set). */
export function buildTemplateRows(rng: Rng, nowMs: number, adminId: string | null): NonNullable<RowSet['message_templates']> {
  return Object.entries(TEMPLATES).map(([key, t]) => ({
    id: rng.uuid(),
    key,
    name: t.name,
    channel: 'email' as const,
    subject: t.subject,
    body: t.body,
    updated_by_staff_id: adminId,
    updated_at: genTs(nowMs - 60 * DAY),
  }));
}
