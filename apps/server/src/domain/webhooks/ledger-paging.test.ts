import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildStripeWebhook } from '@ops/db/seed/factories';
import { useTestDb } from '../../testing-hooks.js';
import { listWebhookEvents } from './ledger.js';

/** Paging through the webhook ledger shows every event once, newest first, however many share a received time. */
const testDb = useTestDb();

describe('webhook ledger pages', () => {
  it('walks five events, three received at the same moment, two a page, each once in order', async () => {
    const base = Date.now() - 3_600_000;
    const createdMs = [base, base + 1_000, base + 1_000, base + 1_000, base + 2_000];
    const rows = createdMs.map((ms, i) =>
      buildStripeWebhook({ id: randomUUID(), eventId: `evt_paging_${i}`, type: 'charge.refunded', createdMs: ms, object: {} }),
    );
    await testDb.db.insertInto('webhook_events').values(rows).execute();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listWebhookEvents(testDb.db, { limit: 2, cursor });
      seen.push(...page.items.map((e) => e.eventId ?? ''));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 10);

    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen[0]).toBe('evt_paging_4');
    expect(seen[4]).toBe('evt_paging_0');
  });
});
