import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CohortRow } from '@ops/shared';
import { renderUi } from '../../test/render';
import { CohortHeatmap } from './CohortHeatmap';

const rows: CohortRow[] = [
  {
    month: '2026-10',
    size: 20,
    cells: [
      { offset: 0, users: 12, rateBps: 6_000, partial: false },
      { offset: 1, users: 9, rateBps: 4_500, partial: false },
      { offset: 2, users: 1, rateBps: 500, partial: true },
    ],
  },
  { month: '2026-12', size: 0, cells: [{ offset: 0, users: 0, rateBps: null, partial: true }] },
];

describe('CohortHeatmap', () => {
  it('reads the month under way as "so far" rather than as a month of lost people', async () => {
    await renderUi(<CohortHeatmap title="Student retention" rows={rows} fileName="cohorts.csv" />);
    const table = within(screen.getByRole('table', { name: 'Student retention heat map' }));
    const [october, december] = table.getAllByRole('row').slice(1);
    if (!october || !december) throw new Error('expected two cohort rows');
    const cells = within(october).getAllByRole('cell');
    expect(cells.map((c) => c.textContent)).toEqual(['2026-10', '20', '60.0%', '45.0%', '5.0% so far']);
    expect(cells[4]?.getAttribute('title')).toBe('1 of 20 so far this month');
    // An empty cohort has no rate, so not even a partial one.
    expect(
      within(december)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['2026-12', '0', '—', '', '']);
  });
});
