import { describe, expect, it } from 'vitest';
import { buildStripeWebhook } from '@ops/db/seed/factories';
import { useTestDb } from '../../testing-hooks.js';
import { listWebhookEvents } from './ledger.js';

/** Paging through the webhook ledger shows every event once, newest first, however many share a received time. */
const testDb = useTestDb();

describe('webhook ledger pages', () => {
  it('walks five events, three received at the same moment, two a page, each once in order', async () => {
    const base = Date.parse('2026-11-01T12:00:00Z');
    const createdMs = [base, base + 1_000, base + 1_000, base + 1_000, base + 2_000];
    const rows = createdMs.map((ms, i) =>
      buildStripeWebhook({
        id: `00000000-0000-4000-8000-00000000000${i}`,
        eventId: `evt_paging_${i}`,
        type: 'charge.refunded',
        createdMs: ms,
        object: {},
      }),
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
    // Newest first; the three received together by id, highest first.
    expect(seen).toEqual(['evt_paging_4', 'evt_paging_3', 'evt_paging_2', 'evt_paging_1', 'evt_paging_0']);
  });
});
