import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../test/render';
import { SectionCard } from './SectionCard';

describe('SectionCard', () => {
  it('shows its content under a fourth-level heading of its title', async () => {
    await renderUi(
      <SectionCard title="Refunds">
        <p>No refunds on this booking.</p>
      </SectionCard>,
    );
    expect(screen.getByRole('heading', { level: 4, name: 'Refunds' })).toBeTruthy();
    expect(screen.getByText('No refunds on this booking.')).toBeTruthy();
  });

  it('is a named region only when asked', async () => {
    await renderUi(
      <>
        <SectionCard title="Audit entries" aria-label="Audit and webhooks">
          <p>audit</p>
        </SectionCard>
        <SectionCard title="Timeline">
          <p>timeline</p>
        </SectionCard>
      </>,
    );
    expect(screen.getByRole('region', { name: 'Audit and webhooks' }).textContent).toContain('audit');
    expect(screen.getAllByRole('region')).toHaveLength(1);
    expect(screen.queryByLabelText('Timeline')).toBeNull();
  });

  it('puts what it is given beside the heading, inside the card', async () => {
    await renderUi(
      <SectionCard title="Stripe" aside={<button type="button">Refresh</button>} aria-label="Stripe">
        <p>charges</p>
      </SectionCard>,
    );
    const region = screen.getByRole('region', { name: 'Stripe' });
    expect(region.querySelector('h4')?.parentElement?.textContent).toBe('StripeRefresh');
    expect(screen.getByRole('button', { name: 'Refresh' }).closest('section')).toBe(region);
  });
});
