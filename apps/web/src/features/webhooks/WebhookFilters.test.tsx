import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderUi } from '../../test/render';
import {
  addDays,
  DEFAULT_TIME_ZONE,
  failedWebhooksFilter,
  failedWebhooksHref,
  failedWebhooksSearch,
  localDate,
} from '@ops/shared';
import { parseSearch } from '../../lib/search-params';
import { webhookListInput, webhookSearchSchema } from './filters';
import { WebhookFilters } from './WebhookFilters';

const BOOKING_ID = '7d2c6a7e-3f0b-4c1e-9a55-0c6f1f1d2b3a';

describe('WebhookFilters', () => {
  it('refuses a related entity that is not an id, under that field, and keeps the URL as it was', async () => {
    const onApply = vi.fn();
    const { user } = await renderUi(<WebhookFilters value={{}} onApply={onApply} />);
    await user.type(screen.getByLabelText('Related entity'), 'sarah');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    const field = screen.getByLabelText('Related entity');
    const described = (field.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    expect(described).toContain('must be an id (uuid)');
    expect(onApply).not.toHaveBeenCalled();
  });

  it('applies the filters that are set, trimmed, and leaves out the empty ones', async () => {
    const onApply = vi.fn();
    const { user } = await renderUi(<WebhookFilters value={{ status: 'failed' }} onApply={onApply} />);
    await user.selectOptions(screen.getByLabelText('Source'), 'stripe');
    await user.type(screen.getByLabelText('Related entity'), `  ${BOOKING_ID} `);
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(onApply).toHaveBeenCalledTimes(1);
    expect(onApply).toHaveBeenCalledWith({ source: 'stripe', status: 'failed', entity: BOOKING_ID });
  });

  it('refuses a To day before the From day, under To, and keeps the URL as it was', async () => {
    const onApply = vi.fn();
    const { user } = await renderUi(<WebhookFilters value={{}} onApply={onApply} />);
    await user.type(await screen.findByLabelText('From'), '2026-11-20');
    await user.type(await screen.findByLabelText('To'), '2026-11-10');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByText('From must not be after To')).toBeTruthy();
    expect(onApply).not.toHaveBeenCalled();
  });

  it('refuses a To that is not a day, or a From after today, naming the field, and keeps the URL as it was', async () => {
    const today = localDate(Date.now(), DEFAULT_TIME_ZONE);
    const onApply = vi.fn();
    const { user } = await renderUi(<WebhookFilters value={{ source: 'stripe' }} onApply={onApply} />);
    await user.type(await screen.findByLabelText('To'), '11/20/2026');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByText('To: not a date (YYYY-MM-DD)')).toBeTruthy();
    await user.clear(screen.getByLabelText('To'));
    await user.type(screen.getByLabelText('From'), addDays(today, 1));
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByText(`From: after today (${today})`)).toBeTruthy();
    expect(screen.queryByText('To: not a date (YYYY-MM-DD)')).toBeNull();
    expect(onApply).not.toHaveBeenCalled();
  });

  it("applies a booking's short id as people quote it", async () => {
    const onApply = vi.fn();
    const { user } = await renderUi(<WebhookFilters value={{}} onApply={onApply} />);
    await user.type(screen.getByLabelText('Related entity'), '#scd1spte');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(onApply).toHaveBeenCalledWith({ entity: '#scd1spte' });
  });

  it("says at once what is wrong with a link's bad entity and reversed range, and that the list ignores them", async () => {
    const link = { status: 'failed' as const, entity: 'bad id', from: '2026-11-20', to: '2026-11-10' };
    await renderUi(<WebhookFilters value={link} onApply={vi.fn()} />);
    expect(await screen.findByText('From must not be after To')).toBeTruthy();
    expect(screen.getByText("must be an id (uuid) or a booking's short id")).toBeTruthy();
    expect(
      screen.getByText("Showing events without the link's Related entity and From–To filter until it is corrected."),
    ).toBeTruthy();
    // The list reads the filters it can apply, and only those.
    expect(webhookListInput(link)).toMatchObject({ status: 'failed', entityId: null, from: null, to: null });
  });

  it("reads the command center's failed-webhooks link as the very filter its figure was counted with", () => {
    const since = '2026-11-19T18:00:00.000Z';
    const read = (href: string) => webhookSearchSchema.parse(parseSearch(href.slice(href.indexOf('?'))));
    // Every failure of the window, and its retryable and permanent parts.
    for (const retryable of [null, true, false]) {
      const link = read(failedWebhooksHref(since, retryable));
      expect(link).toEqual(failedWebhooksSearch(since, retryable));
      expect(webhookListInput(link)).toMatchObject(failedWebhooksFilter(since, retryable));
    }
    const search = read(failedWebhooksHref(since));
    // A From day before the window keeps the window; one after it narrows the list.
    expect(webhookListInput({ ...search, from: '2026-11-01' }).from).toBe(since);
    expect(webhookListInput({ ...search, from: '2026-11-20' }).from).not.toBe(since);
  });

  it("keeps a link's window when other filters are applied, says it, and drops it on request", async () => {
    const onApply = vi.fn();
    const since = '2026-11-19T18:00:00.000Z';
    const { user } = await renderUi(<WebhookFilters value={failedWebhooksSearch(since, true)} onApply={onApply} />);
    expect(screen.getByText(/Received since Nov 19, 2026/)).toBeTruthy();
    expect(screen.getByLabelText<HTMLSelectElement>('Retryable').value).toBe('yes');
    await user.selectOptions(screen.getByLabelText('Retryable'), 'no');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(onApply).toHaveBeenLastCalledWith({ status: 'failed', retryable: false, since });
    await user.click(screen.getByRole('button', { name: 'Any time' }));
    expect(onApply).toHaveBeenLastCalledWith({ status: 'failed', retryable: true, since: undefined });
  });
});
