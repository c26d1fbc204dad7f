import { fireEvent, screen, within } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { describe, expect, it } from 'vitest';
import { ratioBps, type CohortRow } from '@ops/shared';
import { renderUi } from '../../test/render';
import { CohortHeatmap } from './CohortHeatmap';

const rows: CohortRow[] = [
  {
    month: '2026-10',
    size: 20,
    cells: [
      { offset: 0, users: 12, rateBps: 6_000, partial: false, beforeData: false },
      { offset: 1, users: 9, rateBps: 4_500, partial: false, beforeData: false },
      { offset: 2, users: 1, rateBps: 500, partial: true, beforeData: false },
    ],
  },
  { month: '2026-12', size: 0, cells: [{ offset: 0, users: 0, rateBps: null, partial: true, beforeData: false }] },
];

type Props = ComponentProps<typeof CohortHeatmap>;

/** The student retention heat map over data since 14 September 2026, unless a test says otherwise. */
const renderHeatmap = (props: Partial<Props> & Pick<Props, 'rows' | 'firstMonth'>) =>
  renderUi(<CohortHeatmap title="Student retention" fileName="cohorts.csv" firstDataDay="2026-09-14" {...props} />);

describe('CohortHeatmap', () => {
  it('reads the month under way as "so far" rather than as a month of lost people', async () => {
    await renderHeatmap({ rows, firstMonth: '2026-10' });
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

  it('leaves a month before the first data blank and says why, in the heat map and in its table', async () => {
    const young: CohortRow[] = [
      {
        month: '2026-08',
        size: 13,
        cells: [
          { offset: 0, users: null, rateBps: null, partial: false, beforeData: true },
          { offset: 1, users: 7, rateBps: ratioBps(7, 13), partial: false, beforeData: false },
        ],
      },
    ];
    await renderHeatmap({ title: 'Instructor retention', rows: young, firstMonth: '2026-08' });
    const table = within(screen.getByRole('table', { name: 'Instructor retention heat map' }));
    const [august] = table.getAllByRole('row').slice(1);
    if (!august) throw new Error('expected a cohort row');
    const cells = within(august).getAllByRole('cell');
    // Not "0.0%": nobody was observed in August. 7 of 13 is 53.846 %: 53.8 %, not 53.9 %.
    expect(cells.map((c) => c.textContent)).toEqual(['2026-08', '13', '', '53.8%']);
    expect(cells[2]?.getAttribute('title')).toBe('no data before 2026-09-14');
    expect(screen.getByText('Blank cells: no data before 2026-09-14.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show table' }));
    expect(await screen.findByText('no data before 2026-09-14')).toBeTruthy();
  });

  it('names where the cohorts start when the report left out the empty months before the data', async () => {
    const { unmount } = await renderHeatmap({ rows, firstMonth: '2025-12' });
    expect(screen.getByText('Cohorts start in 2026-10: no data before 2026-09-14.')).toBeTruthy();
    expect(screen.queryByText(/Blank cells/)).toBeNull();
    unmount();
    await renderHeatmap({ rows: [], firstDataDay: null, firstMonth: '2025-12' });
    expect(screen.getByText('No cohort in these months: no data yet.')).toBeTruthy();
  });
});
