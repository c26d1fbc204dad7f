import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { METRICS } from '@ops/shared';
import { renderUi } from '../test/render';
import { MetricTile } from './MetricTile';

describe('MetricTile', () => {
  it("carries the metric's written definition as its accessible description and its info icon's tooltip", async () => {
    const { user } = await renderUi(<MetricTile metric="netRevenue" value="$12,340.00" testId="net" />);
    const tile = screen.getByLabelText(METRICS.netRevenue.label, { selector: '[data-metric]' });
    const described = document.getElementById(tile.getAttribute('aria-describedby') ?? '');
    expect(described?.textContent).toBe(METRICS.netRevenue.definition);
    expect(screen.getByTestId('net').textContent).toBe('$12,340.00');
    await user.hover(screen.getByRole('img', { name: `Definition of ${METRICS.netRevenue.label}` }));
    expect((await screen.findByRole('tooltip')).textContent).toBe(METRICS.netRevenue.definition);
  });

  it('keeps one definition per tile when two tiles show the same metric under different labels', async () => {
    await renderUi(
      <>
        <MetricTile metric="netRevenue" label="Net revenue (this period)" value="$1" />
        <MetricTile metric="netRevenue" label="Net revenue (comparison)" value="$2" />
      </>,
    );
    const ids = ['Net revenue (this period)', 'Net revenue (comparison)'].map(
      (name) => screen.getByLabelText(name, { selector: '[data-metric]' }).getAttribute('aria-describedby') ?? '',
    );
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(document.getElementById(id)?.textContent).toBe(METRICS.netRevenue.definition);
  });
});
