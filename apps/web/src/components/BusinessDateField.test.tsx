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

  it("reaches today in the business zone, not the browser's, and no further", async () => {
    setBusinessTimeZone(AHEAD);
    const today = localDate(Date.now(), AHEAD);
    const onChange = vi.fn();
    const { user } = await renderUi(<BusinessDateField label="To" value="" onChange={onChange} />);
    await user.type(screen.getByLabelText('To'), today);
    expect(onChange).toHaveBeenLastCalledWith(today);
    onChange.mockClear();
    await user.clear(screen.getByLabelText('To'));
    await user.type(screen.getByLabelText('To'), addDays(today, 1));
    expect(onChange.mock.calls.map(([day]) => day as string)).not.toContain(addDays(today, 1));
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
