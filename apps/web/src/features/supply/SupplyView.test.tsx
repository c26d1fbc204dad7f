import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { periodFromDates, type SupplyReport } from '@ops/shared';
import { renderUi } from '../../test/render';
import { SupplyView } from './SupplyView';

const ZONE = 'America/New_York';

const report: SupplyReport = {
  timeZone: ZONE,
  period: periodFromDates('2026-11-01', '2026-11-30', ZONE),
  comparison: periodFromDates('2026-10-02', '2026-10-31', ZONE),
  comparisonUntil: null,
  activeInstructors: 40,
  previousActiveInstructors: 32,
  bookableInstructors: 50,
  utilisationInstructors: 50,
  activeBookableInstructors: 38,
  utilisationBps: 7_600,
  previousUtilisationInstructors: 40,
  previousActiveBookableInstructors: 24,
  previousUtilisationBps: 6_000,
  hoursPerActiveInstructorX100: 1_250,
  previousHoursPerActiveInstructorX100: 1_000,
  byCategory: [
    {
      categoryId: 'c1',
      name: 'Piano',
      searches: 120,
      zeroResultSearches: 6,
      bookableInstructors: 12,
      searchesPerInstructorX100: 1_000,
    },
  ],
  topZeroResultSearches: [],
  firstDataDay: '2025-11-03',
  firstSearchDay: '2025-11-03',
};

const tile = (name: string) => screen.getByRole('generic', { name });

describe('SupplyView', () => {
  it('sets each figure against the comparison', async () => {
    await renderUi(<SupplyView report={report} />);
    expect(within(tile('Active instructors')).getByText('+25.0% vs 32')).toBeTruthy();
    expect(within(tile('Utilisation')).getByText('+16.0 pts vs 60.0%')).toBeTruthy();
    // The comparison is over the instructors who had joined by then, not today's 50.
    expect(within(tile('Utilisation')).getByText('then: 24 of the 40 who had joined by its end')).toBeTruthy();
  });

  it('tells no change against a comparison that starts before the first lesson', async () => {
    const early: SupplyReport = {
      ...report,
      comparison: periodFromDates('2025-10-02', '2025-10-31', ZONE),
      previousActiveInstructors: null,
      previousUtilisationBps: null,
      previousHoursPerActiveInstructorX100: null,
    };
    await renderUi(<SupplyView report={early} />);
    expect(tile('Active instructors').textContent).toContain('40');
    for (const name of ['Active instructors', 'Utilisation', 'Lesson hours per active instructor'])
      expect(within(tile(name)).getByText('no data before 2025-11-03')).toBeTruthy();
  });

  it('shows no figures, not zeros, for a period wholly before the first lesson', async () => {
    const before: SupplyReport = {
      ...report,
      period: periodFromDates('2025-10-01', '2025-10-31', ZONE),
      comparison: periodFromDates('2025-08-31', '2025-09-30', ZONE),
      activeInstructors: 0,
      previousActiveInstructors: null,
      activeBookableInstructors: 0,
      utilisationBps: 0,
      previousUtilisationBps: null,
      hoursPerActiveInstructorX100: null,
      previousHoursPerActiveInstructorX100: null,
    };
    await renderUi(<SupplyView report={before} />);
    for (const name of ['Active instructors', 'Utilisation']) {
      expect(within(tile(name)).getByText('—')).toBeTruthy();
      expect(within(tile(name)).getByText('no data before 2025-11-03')).toBeTruthy();
    }
    expect(screen.queryByText('0.0%')).toBeNull();
    expect(screen.queryByText(/0 of the 50 bookable taught/)).toBeNull();
  });

  it('shows no searches by category, not zeros, for a period before the first logged search', async () => {
    const before: SupplyReport = {
      ...report,
      period: periodFromDates('2025-10-01', '2025-10-31', ZONE),
      comparison: null,
      byCategory: report.byCategory.map((c) => ({ ...c, searches: 0, zeroResultSearches: 0, searchesPerInstructorX100: 0 })),
    };
    await renderUi(<SupplyView report={before} />);
    const card = screen.getByRole('region', { name: 'Searches by category against bookable instructors' });
    expect(within(card).getByText(/No searches were logged in this period: no data before 2025-11-03/)).toBeTruthy();
    const zero = screen.getByRole('region', { name: 'Top zero-result searches' });
    expect(within(zero).getByText('No searches were logged in this period: no data before 2025-11-03.')).toBeTruthy();
  });

  it('charts the searches of a period with logged searches', async () => {
    await renderUi(<SupplyView report={report} />);
    const card = screen.getByRole('region', { name: 'Searches by category against bookable instructors' });
    expect(within(card).queryByText(/No searches were logged/)).toBeNull();
  });
});
