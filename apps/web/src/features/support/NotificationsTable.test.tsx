import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SupportNotificationRow } from '@ops/shared';
import { renderUi } from '../../test/render';
import { NotificationsTable } from './NotificationsTable';

function notification(i: number): SupportNotificationRow {
  return {
    id: `n${i}`,
    bookingId: null,
    channel: 'email',
    template: 'lesson_reminder',
    subject: `Reminder ${i}`,
    status: 'sent',
    createdByStaff: false,
    createdAt: `2026-11-${String(10 + i).padStart(2, '0')}T15:00:00.000Z`,
    sentAt: null,
  };
}

/** The subject of every body row, top to bottom. */
function subjects(): string[] {
  const [, ...body] = within(screen.getByRole('table', { name: 'Notifications' })).getAllByRole('row');
  return body.map((r) => /Reminder \d+/.exec(r.textContent ?? '')?.[0] ?? '');
}

describe('NotificationsTable', () => {
  it('shows eight messages at a time and reveals the rest a page at a time', async () => {
    const rows = Array.from({ length: 11 }, (_, i) => notification(i + 1));
    const { user } = await renderUi(<NotificationsTable rows={rows} />);
    expect(subjects()).toHaveLength(8);
    expect(subjects()[0]).toBe('Reminder 1');

    await user.click(screen.getByRole('button', { name: 'Show 3 more (8 of 11 shown)' }));
    expect(subjects()).toHaveLength(11);
    expect(subjects()[10]).toBe('Reminder 11');
    expect(screen.queryByRole('button', { name: /^Show \d+ more/ })).toBeNull();
  });

  it('says so when nothing was sent', async () => {
    await renderUi(<NotificationsTable rows={[]} />);
    expect(screen.getByText('No notifications.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
