import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { MIN_DURATION_MS_MAX } from '@ops/shared';
import { renderUi } from '../../test/render';
import { LogSearchForm } from './LogSearchForm';

/** The text of what a field's aria-describedby points to: its error, as a screen reader reads it. */
const describedBy = (field: HTMLElement) =>
  (field.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

describe('LogSearchForm', () => {
  it('searches for the requests slower than a typed number of milliseconds', async () => {
    const onApply = vi.fn();
    const { user } = await renderUi(<LogSearchForm value={{ level: 'warn' }} onApply={onApply} />);
    await user.type(screen.getByLabelText('Slower than (ms)'), ' 500 ');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(onApply).toHaveBeenCalledWith({ period: '1h', level: 'warn', minDurationMs: 500 });
  });

  it('refuses a duration that is no whole number of milliseconds, under that field, and keeps the URL as it was', async () => {
    const onApply = vi.fn();
    const { user } = await renderUi(<LogSearchForm value={{}} onApply={onApply} />);
    for (const bad of ['fast', '0', '2.5', String(MIN_DURATION_MS_MAX + 1)]) {
      const field = screen.getByLabelText('Slower than (ms)');
      await user.clear(field);
      await user.type(field, bad);
      await user.click(screen.getByRole('button', { name: 'Search' }));
      expect(describedBy(screen.getByLabelText('Slower than (ms)')), bad).toContain(
        `minDurationMs must be a whole number of milliseconds from 1 to ${MIN_DURATION_MS_MAX}`,
      );
    }
    expect(onApply).not.toHaveBeenCalled();
  });

  it("shows a link's duration in its field, and emptying the field drops the filter", async () => {
    const onApply = vi.fn();
    const { user } = await renderUi(<LogSearchForm value={{ period: '1h', minDurationMs: 500 }} onApply={onApply} />);
    const field = screen.getByLabelText('Slower than (ms)');
    expect((field as HTMLInputElement).value).toBe('500');
    await user.clear(field);
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(onApply).toHaveBeenCalledWith({ period: '1h' });
  });
});
