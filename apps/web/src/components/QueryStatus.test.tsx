import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../test/render';
import { QueryStatus } from './QueryStatus';

describe('QueryStatus', () => {
  it('says what it waits for while the query is pending', async () => {
    await renderUi(
      <QueryStatus
        query={{ isPending: true, isError: false, error: null }}
        waiting="Reading Stripe…"
        failedTitle="Stripe unavailable"
      />,
    );
    expect(screen.getByText('Reading Stripe…')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('names the failure and its message when the query failed', async () => {
    await renderUi(
      <QueryStatus
        query={{ isPending: false, isError: true, error: new Error('Stripe timed out after 3 s') }}
        waiting="Reading Stripe…"
        failedTitle="Stripe unavailable"
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Stripe unavailable');
    expect(alert.textContent).toContain('Stripe timed out after 3 s');
    expect(screen.queryByText('Reading Stripe…')).toBeNull();
  });

  it('draws nothing once the answer is there', async () => {
    await renderUi(
      <div data-testid="slot">
        <QueryStatus
          query={{ isPending: false, isError: false, error: null }}
          waiting="Reading Stripe…"
          failedTitle="Stripe unavailable"
        />
      </div>,
    );
    expect(screen.getByTestId('slot').childElementCount).toBe(0);
  });
});
