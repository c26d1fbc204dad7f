import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addDays, DEFAULT_TIME_ZONE, localDate } from '@ops/shared';
import { setBusinessTimeZone } from '../../lib/business-time';
import { trpc } from '../../lib/trpc';
import { renderUi } from '../../test/render';
import { AuditFilters } from './AuditFilters';
import { auditFilters, type AuditSearch } from './filters';

const STAFF = [
  { id: '00000000-0000-4000-8000-0000000000a1', email: 'admin@ops.example', name: 'Ada Admin', role: 'admin' as const },
  { id: '00000000-0000-4000-8000-0000000000a2', email: 'support@ops.example', name: 'Sam Support', role: 'support' as const },
];
const BOOKING = '00005eed-0000-4000-9000-00000001001d';

function renderFilters(value: AuditSearch, onApply = vi.fn<(next: AuditSearch) => void>()) {
  return renderUi(<AuditFilters value={value} onApply={onApply} />, {
    prefill: (client) => client.setQueryData(trpc.audit.actors.queryKey(), STAFF),
  });
}

afterEach(() => {
  setBusinessTimeZone(DEFAULT_TIME_ZONE);
});

describe('AuditFilters', () => {
  it('applies every filter typed, trimmed, as the search of the address, and nothing for the empty ones', async () => {
    const onApply = vi.fn<(next: AuditSearch) => void>();
    const { user } = await renderFilters({}, onApply);
    await user.selectOptions(screen.getByLabelText('Actor'), 'Sam Support (support)');
    await user.type(screen.getByLabelText('Action'), '  refunds.create ');
    await user.type(screen.getByLabelText('Resource type'), 'booking');
    await user.type(screen.getByLabelText('Resource id'), ` ${BOOKING}`);
    await user.type(await screen.findByLabelText('From'), '2026-11-01');
    await user.type(await screen.findByLabelText('To'), '2026-11-02');
    await user.type(screen.getByLabelText('Text in reason'), 'goodwill');
    await user.selectOptions(screen.getByLabelText('Channel'), 'Assistant (mcp)');
    await user.click(screen.getByLabelText('Admins only'));
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(onApply).toHaveBeenCalledTimes(1);
    expect(onApply).toHaveBeenCalledWith({
      actor: 'support@ops.example',
      action: 'refunds.create',
      resourceType: 'booking',
      resourceId: BOOKING,
      from: '2026-11-01',
      to: '2026-11-02',
      q: 'goodwill',
      channel: 'mcp',
      adminOnly: true,
    });
  });

  it("starts from the address's filters and drops one that is emptied", async () => {
    const onApply = vi.fn<(next: AuditSearch) => void>();
    const { user } = await renderFilters({ resourceType: 'booking', resourceId: BOOKING, adminOnly: true }, onApply);
    expect(screen.getByLabelText<HTMLInputElement>('Resource type').value).toBe('booking');
    expect(screen.getByLabelText<HTMLInputElement>('Admins only').checked).toBe(true);
    await user.clear(screen.getByLabelText('Resource id'));
    await user.click(screen.getByLabelText('Admins only'));
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(onApply).toHaveBeenCalledWith({ resourceType: 'booking' });
  });

  it("keeps a link's actor who is not on the staff list (a former member) chosen", async () => {
    const onApply = vi.fn<(next: AuditSearch) => void>();
    const { user } = await renderFilters({ actor: 'former@ops.example' }, onApply);
    const actor = screen.getByLabelText<HTMLSelectElement>('Actor');
    expect(actor.value).toBe('former@ops.example');
    expect([...actor.options].map((o) => o.value)).toEqual([
      '',
      'admin@ops.example',
      'support@ops.example',
      'former@ops.example',
    ]);
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(onApply).toHaveBeenCalledWith({ actor: 'former@ops.example' });
  });

  it("cuts the applied days in the business time zone, not the browser's", async () => {
    // UTC+14 while the test runs in UTC: a business day starts 14 hours before the browser's day of that date.
    setBusinessTimeZone('Pacific/Kiritimati');
    const onApply = vi.fn<(next: AuditSearch) => void>();
    const { user } = await renderFilters({}, onApply);
    await user.type(await screen.findByLabelText('From'), '2026-11-10');
    await user.type(await screen.findByLabelText('To'), '2026-11-10');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(onApply).toHaveBeenCalledWith({ from: '2026-11-10', to: '2026-11-10' });
    const applied = onApply.mock.calls[0]?.[0] ?? {};
    // What the list then asks the server for: that whole day, midnight to midnight in Kiritimati.
    expect(auditFilters(applied)).toMatchObject({ from: '2026-11-09T10:00:00.000Z', to: '2026-11-10T10:00:00.000Z' });
  });

  it('refuses a To day before the From day, under To, and keeps the address as it was', async () => {
    const onApply = vi.fn<(next: AuditSearch) => void>();
    const { user } = await renderFilters({}, onApply);
    await user.type(await screen.findByLabelText('From'), '2026-11-20');
    await user.type(await screen.findByLabelText('To'), '2026-11-10');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('From must not be after To')).toBeTruthy();
    expect(onApply).not.toHaveBeenCalled();
  });

  it('refuses a From that is not a day, naming it, keeps the text shown and does not search', async () => {
    const onApply = vi.fn<(next: AuditSearch) => void>();
    const { user } = await renderFilters({ action: 'refunds.create' }, onApply);
    const from = await screen.findByLabelText<HTMLInputElement>('From');
    await user.type(from, '2026-13-45');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('From: not a date (YYYY-MM-DD)')).toBeTruthy();
    expect(from.value).toBe('2026-13-45');
    expect(onApply).not.toHaveBeenCalled();
    // Enter in the field submits the form as well, and is refused the same way.
    await user.clear(from);
    await user.type(from, '2026-02-30{Enter}');
    expect(await screen.findByText('From: not a date (YYYY-MM-DD)')).toBeTruthy();
    expect(onApply).not.toHaveBeenCalled();
  });

  it('refuses a From after today in the business zone, naming it, and does not search', async () => {
    const today = localDate(Date.now(), DEFAULT_TIME_ZONE);
    const onApply = vi.fn<(next: AuditSearch) => void>();
    const { user } = await renderFilters({}, onApply);
    await user.type(await screen.findByLabelText('From'), addDays(today, 1));
    await user.type(await screen.findByLabelText('To'), addDays(today, -3));
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText(`From: after today (${today})`)).toBeTruthy();
    expect(onApply).not.toHaveBeenCalled();
  });

  it("says at once what is wrong with a link's reversed range, and that the list is read without it", async () => {
    await renderFilters({ from: '2026-11-20', to: '2026-11-10', action: 'refunds.create' });
    expect(await screen.findByText('From must not be after To')).toBeTruthy();
    expect(screen.getByText("Showing entries without the link's From–To range until it is corrected.")).toBeTruthy();
  });
});
