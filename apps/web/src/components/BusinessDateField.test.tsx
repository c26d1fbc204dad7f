import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addDays, DEFAULT_TIME_ZONE, localDate } from '@ops/shared';
import { setBusinessTimeZone } from '../lib/business-time';
import { renderUi } from '../test/render';
import { BusinessDateField } from './BusinessDateField';
import { BusinessDateInput } from './BusinessDateInput';

// UTC+14: from 10:00 UTC on it is already tomorrow there, so the business day and the test runner's UTC day differ.
const AHEAD = 'Pacific/Kiritimati';

describe('BusinessDateField', () => {
  afterEach(() => setBusinessTimeZone(DEFAULT_TIME_ZONE));

  it('takes a typed day as YYYY-MM-DD and empties to no bound', async () => {
    const onChange = vi.fn();
    const { user } = await renderUi(<BusinessDateField label="From" value="" onChange={onChange} />);
    await user.type(screen.getByLabelText('From'), '2026-11-10');
    expect(onChange).toHaveBeenLastCalledWith('2026-11-10');
    await user.clear(screen.getByLabelText('From'));
    expect(onChange).toHaveBeenLastCalledWith('');
  });

  it("offers days up to today in the business zone, not the browser's, and no further", async () => {
    setBusinessTimeZone(AHEAD);
    const today = localDate(Date.now(), AHEAD);
    const onChange = vi.fn();
    const { user } = await renderUi(<BusinessDateField label="To" value={today} onChange={onChange} />);
    await user.click(screen.getByLabelText('To'));
    const day = async (d: string) =>
      (await screen.findByRole<HTMLButtonElement>('button', { name: new RegExp(`^${Number(d.slice(8))} `) })).disabled;
    // The month shown is today's; tomorrow may fall in the next month, where the calendar has no button for it.
    expect(await day(today)).toBe(false);
    if (addDays(today, 1).slice(0, 7) === today.slice(0, 7)) expect(await day(addDays(today, 1))).toBe(true);
  });

  it('hands on what was typed that is no day when the field is left, or Enter is pressed, and keeps it shown', async () => {
    const onChange = vi.fn();
    const { user } = await renderUi(<BusinessDateField label="From" value="" onChange={onChange} />);
    const field = screen.getByLabelText<HTMLInputElement>('From');
    await user.type(field, '2026-13-45');
    // Nothing half-typed is handed on while typing.
    expect(onChange).not.toHaveBeenCalled();
    await user.tab();
    expect(onChange).toHaveBeenLastCalledWith('2026-13-45');
    expect(field.value).toBe('2026-13-45');
    onChange.mockClear();
    await user.clear(field);
    await user.type(field, 'yesterday{Enter}');
    expect(onChange).toHaveBeenLastCalledWith('yesterday');
  });

  it('shows the chosen day and picks another from the calendar', async () => {
    const onChange = vi.fn();
    const { user } = await renderUi(<BusinessDateField label="From" value="2026-11-10" onChange={onChange} />);
    const field = screen.getByLabelText('From');
    expect((field as HTMLInputElement).value).toBe('2026-11-10');
    await user.click(field);
    await user.click(await screen.findByRole('button', { name: '12 November 2026' }));
    expect(onChange).toHaveBeenLastCalledWith('2026-11-12');
  });
});

describe('BusinessDateInput', () => {
  it('shows its label at once and the field as soon as the date library has loaded', async () => {
    const onChange = vi.fn();
    const { user } = await renderUi(<BusinessDateInput label="From" value="" onChange={onChange} />);
    await user.type(await screen.findByLabelText('From'), '2026-11-10');
    expect(onChange).toHaveBeenLastCalledWith('2026-11-10');
  });
});
