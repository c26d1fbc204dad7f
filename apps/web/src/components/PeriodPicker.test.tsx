import { screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { addDays, localDate, resolvePeriod } from '@ops/shared';
import { businessTimeZone } from '../lib/business-time';
import { renderUi } from '../test/render';
import { PeriodPicker, periodInputOf, periodSearchSchema, type PeriodSearch } from './PeriodPicker';

describe('period search params', () => {
  it('falls back to the last 30 days against the previous period for a pasted bad link', () => {
    expect(periodSearchSchema.parse({ preset: 'fortnight', compare: 'decade', from: '2026-13' })).toEqual({
      preset: 'last_30_days',
      compare: 'previous_period',
    });
  });

  it('keeps a custom range only when it has both ends in order and has begun', () => {
    expect(periodInputOf({ preset: 'custom', compare: 'week', from: '2026-11-01', to: '2026-11-07' })).toEqual({
      preset: 'custom',
      compare: 'week',
      from: '2026-11-01',
      to: '2026-11-07',
    });
    expect(periodInputOf({ preset: 'custom', compare: 'month', from: '2026-11-07', to: '2026-11-01' })).toEqual({
      preset: 'last_30_days',
      compare: 'month',
    });
    const now = new Date('2026-12-03T09:35:00Z');
    expect(periodInputOf({ preset: 'custom', compare: 'none', from: '2027-01-01', to: '2027-01-31' }, now)).toEqual({
      preset: 'last_30_days',
      compare: 'none',
    });
    expect(periodInputOf({ preset: 'custom', compare: 'none', from: '2026-11-07' })).toEqual({
      preset: 'last_30_days',
      compare: 'none',
    });
  });

  it('compares with the previous period when the comparison picked would overlap the period (the server refuses it)', () => {
    const now = new Date('2026-12-03T09:35:00Z');
    expect(periodInputOf({ preset: 'last_30_days', compare: 'week' }, now)).toEqual({
      preset: 'last_30_days',
      compare: 'previous_period',
    });
    expect(periodInputOf({ preset: 'last_90_days', compare: 'month' }, now).compare).toBe('previous_period');
    expect(periodInputOf({ preset: 'last_90_days', compare: 'year' }, now).compare).toBe('year');
    // This month is 3 days old on Dec 3: a week earlier does not overlap it yet.
    expect(periodInputOf({ preset: 'this_month', compare: 'week' }, now).compare).toBe('week');
  });

  it('drops stray dates from a preset period', () => {
    expect(periodInputOf({ preset: 'last_7_days', compare: 'none', from: '2026-11-01', to: '2026-11-02' })).toEqual({
      preset: 'last_7_days',
      compare: 'none',
    });
  });
});

describe('PeriodPicker', () => {
  const value: PeriodSearch = { preset: 'last_30_days', compare: 'previous_period' };

  it('changes the period and keeps the comparison', async () => {
    const onChange = vi.fn();
    const { user } = await renderUi(<PeriodPicker value={value} onChange={onChange} />);
    await user.click(screen.getByLabelText('Period', { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: 'Last 7 days' }));
    expect(onChange).toHaveBeenCalledWith({ preset: 'last_7_days', compare: 'previous_period' });
  });

  it('changes the comparison and keeps the period', async () => {
    const onChange = vi.fn();
    const { user } = await renderUi(<PeriodPicker value={value} onChange={onChange} />);
    await user.click(screen.getByLabelText('Compare with', { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: 'Same period last year' }));
    expect(onChange).toHaveBeenCalledWith({ preset: 'last_30_days', compare: 'year' });
  });

  it('starts a custom range as the period on screen, so the view keeps its numbers', async () => {
    const onChange = vi.fn();
    function Stateful() {
      const [search, setSearch] = useState<PeriodSearch>({ preset: 'this_month', compare: 'month' });
      return (
        <PeriodPicker
          value={search}
          onChange={(next) => {
            onChange(next);
            setSearch(next);
          }}
        />
      );
    }
    const { user } = await renderUi(<Stateful />);
    const month = resolvePeriod({ preset: 'this_month', compare: 'month' }, new Date(), businessTimeZone());
    await user.click(screen.getByLabelText('Period', { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: 'Custom range' }));
    expect(onChange).toHaveBeenCalledWith({ preset: 'custom', compare: 'month', from: month.from, to: month.to });
    expect((await screen.findByLabelText<HTMLInputElement>('From')).value).toBe(month.from);
    expect(screen.getByLabelText<HTMLInputElement>('To').value).toBe(month.to);
    expect(screen.queryByText('Showing the last 30 days until a range is applied.')).toBeNull();
  });

  it('applies a custom range only when From is not after To', async () => {
    const onChange = vi.fn();
    const { user } = await renderUi(<PeriodPicker value={{ preset: 'custom', compare: 'none' }} onChange={onChange} />);
    const apply = screen.getByRole('button', { name: 'Apply range' });
    expect(apply.hasAttribute('disabled')).toBe(true);
    await user.type(await screen.findByLabelText('From'), '2026-11-10');
    await user.type(await screen.findByLabelText('To'), '2026-11-02');
    expect(await screen.findByText('From must not be after To')).toBeTruthy();
    expect(apply.hasAttribute('disabled')).toBe(true);
    await user.clear(screen.getByLabelText('To'));
    await user.type(screen.getByLabelText('To'), '2026-11-12');
    expect(apply.hasAttribute('disabled')).toBe(false);
    await user.click(apply);
    expect(onChange).toHaveBeenCalledWith({ preset: 'custom', compare: 'none', from: '2026-11-10', to: '2026-11-12' });
  });

  it('refuses a custom range whose From is not a day or after today, naming the field, and does not apply it', async () => {
    const today = localDate(Date.now(), businessTimeZone());
    const onChange = vi.fn();
    const { user } = await renderUi(<PeriodPicker value={{ preset: 'custom', compare: 'none' }} onChange={onChange} />);
    const apply = screen.getByRole('button', { name: 'Apply range' });
    await user.type(await screen.findByLabelText('To'), today);
    await user.type(await screen.findByLabelText('From'), '2026-13-45');
    await user.tab();
    expect(await screen.findByText('From: not a date (YYYY-MM-DD)')).toBeTruthy();
    expect(apply.hasAttribute('disabled')).toBe(true);
    await user.clear(screen.getByLabelText('From'));
    await user.type(screen.getByLabelText('From'), addDays(today, 1));
    expect(await screen.findByText(`From: after today (${today})`)).toBeTruthy();
    expect(apply.hasAttribute('disabled')).toBe(true);
    await user.click(apply);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('says at once what is wrong with a reversed range from a link, and what is shown instead', async () => {
    await renderUi(
      <PeriodPicker value={{ preset: 'custom', compare: 'none', from: '2026-11-10', to: '2026-11-02' }} onChange={vi.fn()} />,
    );
    expect(await screen.findByText('From must not be after To')).toBeTruthy();
    expect(screen.getByText('Showing the last 30 days until a range is applied.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Apply range' }).hasAttribute('disabled')).toBe(true);
  });

  it('offers only comparisons that fit the period, and says why a linked one was replaced', async () => {
    const onChange = vi.fn();
    const { user } = await renderUi(<PeriodPicker value={{ preset: 'last_30_days', compare: 'week' }} onChange={onChange} />);
    expect(
      screen.getByText(
        'Compared with the previous period: "Same period last week" needs a period of 7 days or fewer (this one has 30): it would overlap the period itself.',
      ),
    ).toBeTruthy();
    // The box shows the comparison the view reads.
    expect(screen.getByLabelText<HTMLInputElement>('Compare with', { selector: 'input' }).value).toBe('Previous period');
    await user.click(screen.getByLabelText('Compare with', { selector: 'input' }));
    expect((await screen.findByRole('option', { name: 'Same period last week' })).getAttribute('data-combobox-disabled')).toBe(
      'true',
    );
    expect(screen.getByRole('option', { name: 'Same period last month' }).getAttribute('data-combobox-disabled')).toBeNull();
  });

  it('moves to the previous period when a longer period is picked than the comparison allows', async () => {
    const onChange = vi.fn();
    const { user } = await renderUi(<PeriodPicker value={{ preset: 'last_7_days', compare: 'week' }} onChange={onChange} />);
    await user.click(screen.getByLabelText('Period', { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: 'Last 90 days' }));
    expect(onChange).toHaveBeenCalledWith({ preset: 'last_90_days', compare: 'previous_period' });
  });

  it('says that a range reaching past today is read up to today', async () => {
    await renderUi(
      <PeriodPicker value={{ preset: 'custom', compare: 'none', from: '2026-11-02', to: '2099-12-31' }} onChange={vi.fn()} />,
    );
    expect(
      await screen.findByText(/^Days after today \(\d{4}-\d{2}-\d{2}\) have not happened: the range is read up to today\.$/),
    ).toBeTruthy();
  });

  it('says nothing of a fallback once the range is applied', async () => {
    await renderUi(
      <PeriodPicker value={{ preset: 'custom', compare: 'none', from: '2026-11-02', to: '2026-11-10' }} onChange={vi.fn()} />,
    );
    expect(await screen.findByRole('button', { name: 'Apply range' })).toBeTruthy();
    expect(screen.queryByText('Showing the last 30 days until a range is applied.')).toBeNull();
    expect(screen.queryByText('From must not be after To')).toBeNull();
  });
});
