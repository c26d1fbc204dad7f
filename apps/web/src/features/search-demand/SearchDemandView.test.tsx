import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SearchDemandReport, SearchQueryRow } from '@ops/shared';
import { renderUi } from '../../test/render';
import { SearchDemandView } from './SearchDemandView';

function query(
  q: string,
  searches: number,
  zero: number,
  previousSearches: number | null,
  previousZero: number | null,
): SearchQueryRow {
  return {
    query: q,
    searches,
    zeroResultSearches: zero,
    judgedSearches: searches,
    convertedSearches: 0,
    conversionBps: zero === searches ? 0 : null,
    previousSearches,
    previousZeroResultSearches: previousZero,
  };
}

const report: SearchDemandReport = {
  timeZone: 'America/New_York',
  days: 30,
  from: '2026-11-01',
  to: '2026-11-30',
  totals: {
    searches: 2_476,
    zeroResultSearches: 143,
    zeroResultBps: 578,
    judgedSearches: 1_836,
    convertedSearches: 956,
    conversionBps: 5_207,
  },
  previous: {
    from: '2026-10-02',
    to: '2026-10-31',
    until: null,
    totals: {
      searches: 2_210,
      zeroResultSearches: 149,
      zeroResultBps: 674,
      judgedSearches: 2_210,
      convertedSearches: 1_180,
      conversionBps: 5_339,
    },
  },
  daily: [],
  topQueries: [],
  topZeroResultQueries: [query('calligraphy', 18, 18, 4, 4)],
  firstDataDay: '2025-11-03',
};

describe('SearchDemandView', () => {
  it('sets each figure against the window before: counts by percent, the conversion rate by points', async () => {
    await renderUi(<SearchDemandView report={report} />);
    expect(screen.getByText(/against 2026-10-02 to 2026-10-31/)).toBeTruthy();
    const searches = screen.getByRole('generic', { name: 'Searches' });
    expect(within(searches).getByText('+12.0% vs 2,210')).toBeTruthy();
    const zero = screen.getByRole('generic', { name: 'Zero-result searches' });
    expect(within(zero).getByText('−4.0% vs 149')).toBeTruthy();
    const conversion = screen.getByRole('generic', { name: 'Searches that led to a started booking' });
    expect(within(conversion).getByText('−1.3 pts vs 53.4%')).toBeTruthy();
    // A query that found nothing says how often it was searched in vain before.
    expect(screen.getByText('(4 in the 30 days before)')).toBeTruthy();
  });

  it('names a comparison that is not the days just before as the comparison period', async () => {
    const lastYear = { ...report, previous: report.previous && { ...report.previous, from: '2025-11-01', to: '2025-11-30' } };
    await renderUi(<SearchDemandView report={lastYear} />);
    expect(screen.getByText('(4 in the comparison period)')).toBeTruthy();
    expect(screen.queryByText(/in the 30 days before/)).toBeNull();
  });

  it('without a window before, shows the figures alone', async () => {
    await renderUi(
      <SearchDemandView
        report={{ ...report, previous: null, topZeroResultQueries: [query('calligraphy', 18, 18, null, null)] }}
      />,
    );
    expect(screen.queryByText(/ vs /)).toBeNull();
    expect(screen.queryByText(/in the 30 days before/)).toBeNull();
    expect(screen.getByText(/calligraphy/).closest('p')?.textContent).toBe('calligraphy — 18 searches found nothing');
  });

  it('a window too young to judge says so as the brief does, rather than "0 of 0" or "— vs 53.4%"', async () => {
    const young = { ...report.totals, judgedSearches: 0, convertedSearches: 0, conversionBps: null };
    await renderUi(<SearchDemandView report={{ ...report, totals: young }} />);
    const conversion = screen.getByRole('generic', { name: 'Searches that led to a started booking' });
    expect(within(conversion).getByText('too young to judge · 53.4% in the comparison period')).toBeTruthy();
    expect(within(conversion).queryByText(/ vs /)).toBeNull();
  });

  it('today against yesterday, both too young to judge, says so once, never "— vs —"', async () => {
    const young = { ...report.totals, judgedSearches: 0, convertedSearches: 0, conversionBps: null };
    const previous = report.previous && { ...report.previous, totals: young };
    await renderUi(<SearchDemandView report={{ ...report, totals: young, previous }} />);
    const conversion = screen.getByRole('generic', { name: 'Searches that led to a started booking' });
    expect(within(conversion).getByText('too young to judge in both periods')).toBeTruthy();
    expect(within(conversion).queryByText(/ vs /)).toBeNull();
  });

  it('a top search too young to judge says so, not "too young to a booking"', async () => {
    const photography = { ...query('photography', 39, 0, 18, 0), conversionBps: null };
    await renderUi(<SearchDemandView report={{ ...report, topQueries: [photography] }} />);
    expect(screen.getByText(/photography/).closest('p')?.textContent).toBe(
      'photography — 39 searches, too young to judge (18 in the 30 days before)',
    );
  });

  it('says "1 search", and marks today as so far against the window before up to the same time of day', async () => {
    const day = (d: string, partial: boolean) => ({
      day: d,
      searches: 1,
      zeroResultSearches: 1,
      convertedSearches: 0,
      judged: false,
      partial,
    });
    await renderUi(
      <SearchDemandView
        report={{
          ...report,
          days: 2,
          from: '2026-11-29',
          to: '2026-11-30',
          previous: report.previous && {
            ...report.previous,
            from: '2026-11-27',
            to: '2026-11-28',
            until: '2026-11-28T15:30:00.000Z',
          },
          daily: [day('2026-11-29', false), day('2026-11-30', true)],
          topZeroResultQueries: [query('calligraphy', 1, 1, 1, 1)],
          topQueries: [query('calligraphy', 1, 1, 1, 1)],
        }}
      />,
    );
    expect(
      screen.getByText(/against 2026-11-27 to 2026-11-28, its last day up to the same time of day \(10:30 AM\)/),
    ).toBeTruthy();
    expect(screen.getByText('2026-11-30 is today: its searches are so far, drawn dashed.')).toBeTruthy();
    expect(screen.getAllByText(/calligraphy/).map((p) => p.closest('p')?.textContent)).toEqual([
      'calligraphy — 1 search found nothing (1 in the 2 days before)',
      'calligraphy — 1 search, 0.0% to a booking (1 in the 2 days before)',
    ]);
  });

  it('tells no change against days before the first search, and no figures for a window of only such days', async () => {
    const early = { ...report, previous: report.previous && { ...report.previous, from: '2025-10-02', to: '2025-10-31' } };
    const { unmount } = await renderUi(
      <SearchDemandView report={{ ...early, topZeroResultQueries: [query('calligraphy', 18, 18, null, null)] }} />,
    );
    const searches = screen.getByRole('generic', { name: 'Searches' });
    expect(searches.textContent).toContain('2,476');
    expect(within(searches).getByText('no data before 2025-11-03')).toBeTruthy();
    expect(searches.textContent).not.toMatch(/vs/);
    expect(screen.queryByText(/in the comparison period/)).toBeNull();
    unmount();
    const empty = { ...report.totals, searches: 0, zeroResultSearches: 0, zeroResultBps: null, judgedSearches: 0 };
    await renderUi(
      <SearchDemandView report={{ ...early, from: '2025-10-01', to: '2025-10-31', totals: empty, topZeroResultQueries: [] }} />,
    );
    const none = screen.getByRole('generic', { name: 'Searches' });
    expect(within(none).getByText('—')).toBeTruthy();
    expect(within(none).getByText('no data before 2025-11-03')).toBeTruthy();
    // No search at all is not every search finding an instructor.
    const zero = screen.getByLabelText('Top zero-result searches list');
    expect(zero.textContent).toBe('No searches were logged in this period: no data before 2025-11-03.');
  });

  it('says an empty period after the first search had no searches, and a period of searches that all found someone so', async () => {
    const empty = { ...report.totals, searches: 0, zeroResultSearches: 0, zeroResultBps: null, judgedSearches: 0 };
    const { unmount } = await renderUi(<SearchDemandView report={{ ...report, totals: empty, topZeroResultQueries: [] }} />);
    expect(screen.getByLabelText('Top zero-result searches list').textContent).toBe('No searches were logged in this period.');
    unmount();
    await renderUi(<SearchDemandView report={{ ...report, topZeroResultQueries: [] }} />);
    expect(screen.getByLabelText('Top zero-result searches list').textContent).toBe('Every search found an instructor.');
  });
});
