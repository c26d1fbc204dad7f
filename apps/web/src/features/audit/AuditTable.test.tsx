import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditListItem } from '@ops/shared';
import { renderUi } from '../../test/render';
import { AuditTable } from './AuditTable';

const USER = '3f2a1b4c-0000-4000-8000-000000000001';
const BOOKING = '3f2a1b4c-0000-4000-8000-000000000002';
const CAMPAIGN = '3f2a1b4c-0000-4000-8000-000000000003';
const EVENT = '3f2a1b4c-0000-4000-8000-000000000004';

const entry = (id: number, over: Partial<AuditListItem>): AuditListItem => ({
  id,
  occurredAt: '2026-03-02T15:00:00.000Z',
  actorStaffId: null,
  actorEmail: 'support@ops.example',
  action: 'bookings.note',
  resourceType: 'booking',
  resourceId: BOOKING,
  reason: 'A reason',
  channel: 'web',
  tokenName: null,
  resourceLabel: null,
  ...over,
});

const items: AuditListItem[] = [
  entry(5, { resourceType: 'user', resourceId: USER, channel: 'mcp', tokenName: 'support assistant' }),
  entry(4, { resourceType: 'booking', resourceId: BOOKING }),
  entry(3, { resourceType: 'campaign', resourceId: CAMPAIGN }),
  entry(2, { resourceType: 'webhook_event', resourceId: EVENT }),
  entry(1, { resourceType: 'staff', resourceId: 'b-1', action: 'auth.login' }),
];

const noop = () => undefined;

/** The row of one audit entry, by its number. */
function rowOf(id: number): HTMLElement {
  const link = screen.getByRole('link', { name: `Open audit entry #${id}` });
  const row = link.closest<HTMLElement>('[role="row"]');
  if (!row) throw new Error(`no row for #${id}`);
  return row;
}

const hrefs = (row: HTMLElement) =>
  within(row)
    .getAllByRole('link')
    .map((a) => a.getAttribute('href'));

describe('AuditTable', () => {
  it('links each resource to its own page by type, beside the history of what was done to it', async () => {
    await renderUi(<AuditTable items={items} hasMore={false} onLoadMore={noop} loadingMore={false} />, { role: 'admin' });
    expect(hrefs(rowOf(5))).toContain(`/support/users/${USER}`);
    expect(hrefs(rowOf(4))).toContain(`/bookings/${BOOKING}`);
    expect(hrefs(rowOf(3))).toContain(`/communications/${CAMPAIGN}`);
    expect(hrefs(rowOf(2))).toContain(`/webhooks/${EVENT}`);
    const history = within(rowOf(4)).getByRole('link', { name: `History of booking ${BOOKING}` });
    expect(history.getAttribute('href')).toBe(`/audit?resourceType=booking&resourceId=${BOOKING}`);
    // A staff account has no page of its own: its resource text leads to its history, as before.
    expect(within(rowOf(1)).getByRole('link', { name: 'staff b-1' }).getAttribute('href')).toBe(
      '/audit?resourceType=staff&resourceId=b-1',
    );
  });

  it('names a booking by its short id, and still opens it and its history by id', async () => {
    const labelled = [entry(7, { resourceType: 'booking', resourceId: BOOKING, resourceLabel: 'SCQGBH0N' })];
    await renderUi(<AuditTable items={labelled} hasMore={false} onLoadMore={noop} loadingMore={false} />, { role: 'support' });
    const open = within(rowOf(7)).getByRole('link', { name: 'booking SCQGBH0N' });
    expect(open.getAttribute('href')).toBe(`/bookings/${BOOKING}`);
    const history = within(rowOf(7)).getByRole('link', { name: 'History of booking SCQGBH0N' });
    expect(history.getAttribute('href')).toBe(`/audit?resourceType=booking&resourceId=${BOOKING}`);
  });

  it('does not link a campaign for a role that may not open campaigns, and keeps its history', async () => {
    await renderUi(<AuditTable items={items} hasMore={false} onLoadMore={noop} loadingMore={false} />, { role: 'support' });
    expect(hrefs(rowOf(3))).not.toContain(`/communications/${CAMPAIGN}`);
    expect(hrefs(rowOf(3))).toContain(`/audit?resourceType=campaign&resourceId=${CAMPAIGN}`);
    expect(hrefs(rowOf(4))).toContain(`/bookings/${BOOKING}`);
  });

  it("shows the token's name beside the mcp badge in a column wide enough for it, in full on hover", async () => {
    await renderUi(<AuditTable items={items} hasMore={false} onLoadMore={noop} loadingMore={false} />, { role: 'admin' });
    const cells = within(rowOf(5)).getAllByRole('cell');
    const channel = cells.find((c) => c.textContent?.startsWith('mcp'));
    expect(channel?.textContent).toBe('mcpsupport assistant');
    expect(channel?.getAttribute('title')).toBe("MCP · token 'support assistant'");
    // The grid's tracks in column order (#, When, Actor, Action, Channel, …): the Channel track holds the token's name.
    const table = screen.getByRole('table', { name: 'Audit entries' });
    const tracks = table.style.getPropertyValue('--data-table-columns').split(' ');
    expect(Number.parseInt(tracks[4] ?? '', 10)).toBeGreaterThanOrEqual(220);
  });
});
