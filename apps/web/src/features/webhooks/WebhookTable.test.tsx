import { screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { WebhookListItem } from '@ops/shared';
import { renderUi } from '../../test/render';
import { WebhookTable } from './WebhookTable';

function item(id: string, eventId: string, status: WebhookListItem['status'], receivedAt: string): WebhookListItem {
  return {
    id,
    source: 'stripe',
    eventId,
    type: 'payment_intent.succeeded',
    status,
    attempts: 1,
    receivedAt,
    processedAt: null,
    durationMs: 12,
    error: status === 'failed' ? 'capture timed out' : null,
    replayOf: null,
    bookingId: null,
    userId: null,
    paymentId: null,
    retryable: status === 'failed' ? true : null,
  };
}

const items = [
  item('w1', 'evt_b', 'failed', '2026-11-02T10:00:00Z'),
  item('w2', 'evt_a', 'processed', '2026-11-01T10:00:00Z'),
  item('w3', 'evt_c', 'failed', '2026-11-03T10:00:00Z'),
];

/** The ledger page's selection, so the test sees what the replay button would receive. */
function Selecting() {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  return (
    <>
      <output aria-label="Selected">{[...selected].sort().join(',')}</output>
      <WebhookTable
        items={items}
        selected={selected}
        onToggle={(id) =>
          setSelected((prev) => {
            const next = new Set(prev);
            if (next.has(id)) next.delete(id);
            else next.add(id);
            return next;
          })
        }
      />
    </>
  );
}

describe('WebhookTable', () => {
  it('offers a checkbox on failed events only and keeps the selection when the rows are re-sorted', async () => {
    const { user } = await renderUi(<Selecting />);
    const table = screen.getByRole('table', { name: 'Webhook events' });
    expect(
      within(table)
        .getAllByRole('checkbox')
        .map((c) => c.getAttribute('aria-label')),
    ).toEqual(['Select evt_b', 'Select evt_c']);
    await user.click(within(table).getByRole('checkbox', { name: 'Select evt_c' }));
    expect(screen.getByRole('status', { name: 'Selected' }).textContent).toBe('w3');

    await user.click(within(table).getByRole('button', { name: 'Event' }));
    const [, ...rows] = within(table).getAllByRole('row');
    expect(rows.map((r) => within(r).getByRole('link').textContent)).toEqual(['evt_a', 'evt_b', 'evt_c']);
    expect(within(table).getByRole('checkbox', { name: 'Select evt_c' })).toHaveProperty('checked', true);
    expect(within(table).getByRole('checkbox', { name: 'Select evt_b' })).toHaveProperty('checked', false);
  });

  it('shows no checkboxes without a selection, and says so when nothing matches', async () => {
    const { unmount } = await renderUi(<WebhookTable items={items} label="Linked replays" />);
    expect(within(screen.getByRole('table', { name: 'Linked replays' })).queryByRole('checkbox')).toBeNull();
    unmount();
    await renderUi(<WebhookTable items={[]} empty="Not replayed." />);
    expect(screen.getByText('Not replayed.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('names the source above each type instead of in a column of its own, so the last columns stay on the page', async () => {
    const checkr: WebhookListItem = {
      ...item('w4', 'evt_d', 'processed', '2026-11-04T10:00:00Z'),
      source: 'checkr',
      type: 'report.completed',
    };
    await renderUi(<WebhookTable items={[checkr]} />);
    const table = screen.getByRole('table', { name: 'Webhook events' });
    expect(within(table).queryByRole('columnheader', { name: /Source/ })).toBeNull();
    expect(within(table).getByRole('columnheader', { name: /Duration/ })).toBeTruthy();
    const [, row] = within(table).getAllByRole('row');
    if (!row) throw new Error('expected one event row');
    // The type may wrap after its dots (a <wbr> there), and its text is the type itself, to copy into a filter.
    expect(within(row).getAllByRole('cell')[1]?.textContent).toBe('checkrreport.completed');
  });

  it("opens a delivery with the list's filters, so its page can lead back to the same list", async () => {
    await renderUi(<WebhookTable items={items.slice(0, 1)} listSearch={{ status: 'failed', source: 'stripe' }} />);
    expect(screen.getByRole('link', { name: 'evt_b' }).getAttribute('href')).toBe('/webhooks/w1?status=failed&source=stripe');
  });

  it('lets a long type wrap after its dots and underscores and cuts a long event id, whole on hover and when copied', async () => {
    const type = 'payment_intent.amount_capturable_updated';
    const eventId = 'evt_3QxJbXkLmNoPqRsTuVwXyZ01';
    await renderUi(<WebhookTable items={[{ ...item('w9', eventId, 'processed', '2026-11-04T10:00:00Z'), type }]} />);
    const table = screen.getByRole('table', { name: 'Webhook events' });
    const code = within(table).getByText((_, el) => el?.tagName === 'CODE' && el.textContent === type);
    expect(code.querySelectorAll('wbr')).toHaveLength(4);
    expect(within(table).getByRole('link', { name: eventId }).getAttribute('title')).toBe(eventId);
  });
});
