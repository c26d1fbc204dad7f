import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { periodFromDates, type BriefHeadline, type BriefReport } from '@ops/shared';
import { renderUi } from '../../test/render';
import { BriefView } from './BriefView';

const ZONE = 'America/New_York';

function headline(metric: BriefHeadline['metric'], label: string, unit: BriefHeadline['unit'], value: number, previous: number) {
  const missing = { value: null, previous: null };
  const changeBps = Math.round(((value - previous) / previous) * 10_000);
  const significant = null;
  return { metric, label, unit, value, previous, missing, changeBps, significant, href: '/revenue', firstDataDay: '2025-11-03' };
}

const report: BriefReport = {
  timeZone: ZONE,
  period: periodFromDates('2026-11-01', '2026-11-30', ZONE),
  comparison: periodFromDates('2026-10-02', '2026-10-31', ZONE),
  comparisonUntil: null,
  headlines: [
    headline('gmv', 'GMV', 'cents', 16_290_000, 14_816_250),
    headline('stepConversion', 'Bookings confirmed (of started)', 'bps', 6_380, 7_140),
  ],
  highlights: [],
  concerns: [],
  errorRate: 0.05,
  topZeroResultQueries: [],
};

describe('BriefView', () => {
  it('says how an amount changed in percent and how a rate changed in points', async () => {
    await renderUi(<BriefView report={report} />);
    expect(screen.getByText(/^\+9\.9% vs \$148,162\.50 ·/)).toBeTruthy();
    // A rate moving from 71.4 % to 63.8 % fell by 7.6 points (a percent change of a percent would read −10.6%).
    expect(screen.getByText(/^−7\.6 pts vs 71\.4% ·/)).toBeTruthy();
  });

  it('marks a rate change its test does not pass as within the ordinary swing, and only that one', async () => {
    const confirmed = (significant: boolean | null): BriefHeadline => ({
      ...headline('stepConversion', 'Bookings confirmed (of started)', 'bps', 8_650, 9_310),
      changeBps: null,
      significant,
    });
    const tile = async (significant: boolean | null) => {
      const { unmount } = await renderUi(<BriefView report={{ ...report, headlines: [confirmed(significant)] }} />);
      const text = screen.getByRole('generic', { name: 'Bookings confirmed (of started)' }).textContent;
      unmount();
      return text;
    };
    expect(await tile(false)).toContain('−6.6 pts vs 93.1% · within the ordinary swing · chart');
    expect(await tile(true)).toContain('−6.6 pts vs 93.1% · chart');
    expect(await tile(null)).toContain('−6.6 pts vs 93.1% · chart');
  });

  it('subtracts rates as shown, tells a change across zero as the difference, and says why a figure is missing', async () => {
    const rate = (value: number | null, previous: number | null, missing: BriefHeadline['missing']): BriefHeadline => ({
      ...headline('stepConversion', 'Bookings confirmed (of started)', 'bps', 0, 1),
      value,
      previous,
      missing,
      changeBps: null,
    });
    await renderUi(
      <BriefView
        report={{
          ...report,
          headlines: [
            // 53.36 % against 53.84 % read 53.4 % and 53.8 %: −0.4 points, as a reader subtracts.
            rate(5_336, 5_384, { value: null, previous: null }),
            { ...headline('netRevenue', 'Net revenue', 'cents', -482, 3_840), changeBps: null },
            { ...rate(null, null, { value: 'too_young', previous: 'too_young' }), metric: 'searchConversion', label: 'Search' },
            { ...rate(6_000, null, { value: null, previous: 'no_data' }), metric: 'signups', label: 'Other' },
          ],
          topZeroResultQueries: [
            {
              query: 'calligraphy',
              searches: 1,
              zeroResultSearches: 1,
              judgedSearches: 1,
              convertedSearches: 0,
              conversionBps: 0,
              previousSearches: null,
              previousZeroResultSearches: null,
            },
          ],
        }}
      />,
    );
    expect(screen.getByText(/^−0\.4 pts vs 53\.8% ·/)).toBeTruthy();
    expect(screen.getByText(/^−\$43\.22 vs \$38\.40 ·/)).toBeTruthy();
    expect(screen.getByText(/^too young to judge in both periods ·/)).toBeTruthy();
    expect(screen.getByText(/^no data in the comparison period ·/)).toBeTruthy();
    expect(screen.queryByText(/— vs —/)).toBeNull();
    expect(screen.getByText(/calligraphy/).closest('li')?.textContent).toBe('calligraphy: 1 search with no result');
  });

  it('names the time of day a period ending today is compared up to', async () => {
    await renderUi(
      <BriefView
        report={{
          ...report,
          period: periodFromDates('2026-11-30', '2026-11-30', ZONE),
          comparison: periodFromDates('2026-11-29', '2026-11-29', ZONE),
          comparisonUntil: '2026-11-29T15:30:00.000Z',
        }}
      />,
    );
    const header = screen.getByText(/against 2026-11-29 up to the same time of day \(10:30 AM\)/);
    // One day is named once, not "2026-11-30 to 2026-11-30".
    expect(header.textContent).toMatch(/^2026-11-30 against 2026-11-29 up to/);
  });

  it('claims no change against a comparison that starts before the figure had data, and names that day', async () => {
    await renderUi(
      <BriefView
        report={{
          ...report,
          period: periodFromDates('2026-09-05', '2026-12-03', ZONE),
          comparison: periodFromDates('2025-09-05', '2025-12-03', ZONE),
          headlines: [
            {
              ...headline('gmv', 'GMV', 'cents', 46_369_000, 1),
              previous: null,
              changeBps: null,
              missing: { value: null, previous: 'before_data' },
            },
            {
              ...headline('signups', 'Signups', 'count', 0, 1),
              value: null,
              previous: null,
              changeBps: null,
              missing: { value: 'before_data', previous: 'before_data' },
              firstDataDay: null,
            },
          ],
        }}
      />,
    );
    const gmv = screen.getByRole('generic', { name: 'GMV' });
    expect(gmv.textContent).toContain('$463,690.00');
    expect(gmv.textContent).toContain('no data before 2025-11-03 · chart');
    expect(gmv.textContent).not.toMatch(/%|vs/);
    expect(screen.getByRole('generic', { name: 'Signups' }).textContent).toContain('—no data yet · chart');
  });

  it('says no search was logged, rather than that every search found an instructor, when there was none', async () => {
    const searchConversion = (missing: BriefHeadline['missing']['value']): BriefHeadline => ({
      ...headline('searchConversion', 'Searches that led to a started booking', 'bps', 0, 1),
      value: missing === null ? 5_207 : null,
      previous: null,
      changeBps: null,
      missing: { value: missing, previous: null },
    });
    const list = () => screen.getByRole('generic', { name: 'Top zero-result searches' });
    const shown = async (missing: BriefHeadline['missing']['value']) => {
      const { unmount } = await renderUi(
        <BriefView report={{ ...report, comparison: null, headlines: [searchConversion(missing)] }} />,
      );
      const text = list().textContent;
      unmount();
      return text;
    };
    expect(await shown('before_data')).toContain('No searches were logged in this period: no data before 2025-11-03.');
    expect(await shown('no_data')).toContain('No searches were logged in this period.');
    expect(await shown('too_young')).toContain('Every search found an instructor.');
    expect(await shown(null)).toContain('Every search found an instructor.');
    expect(await shown('before_data')).not.toContain('Every search');
  });

  it('without a comparison, a missing figure still says why, in the words every page uses', async () => {
    await renderUi(
      <BriefView
        report={{
          ...report,
          comparison: null,
          headlines: [
            {
              ...headline('searchConversion', 'Searches that led to a started booking', 'bps', 0, 1),
              value: null,
              previous: null,
              changeBps: null,
              missing: { value: 'too_young', previous: null },
            },
          ],
        }}
      />,
    );
    expect(screen.getByRole('generic', { name: 'Searches that led to a started booking' }).textContent).toContain(
      '—too young to judge · chart',
    );
  });
});
