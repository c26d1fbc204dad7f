import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LOG_SEARCH_LIMIT, type LogLineView, type LogsSearchResult } from '@ops/shared';
import { renderUi } from '../../test/render';
import { LogSearchResults, LogTable } from './LogViews';

const line = (over: Partial<LogLineView>): LogLineView => ({
  time: '2026-12-03T09:58:00.000Z',
  level: 'error',
  message: 'request failed',
  service: 'api',
  operation: 'support.search',
  route: '/trpc/support.search',
  requestId: 'req_700130fd6f01',
  userId: null,
  bookingId: null,
  durationMs: 120,
  status: 500,
  ...over,
});

describe('LogTable', () => {
  it('links an API line by its route and a worker line, which has no route, by its operation', async () => {
    await renderUi(
      <LogTable
        lines={[
          line({}),
          line({ service: 'worker', operation: 'jobs.capturePayments', route: null, requestId: 'req_0000000000aa' }),
        ]}
      />,
      { role: 'oncall' },
    );
    const table = screen.getByRole('table', { name: 'Log lines' });
    const href = (name: string) => within(table).getByRole('link', { name }).getAttribute('href');
    expect(href('/trpc/support.search')).toBe('/logs?route=%2Ftrpc%2Fsupport.search');
    expect(href('jobs.capturePayments')).toBe('/logs?operation=jobs.capturePayments');
  });
});

describe('LogSearchResults', () => {
  const result = (count: number): LogsSearchResult => ({
    source: { source: 'axiom', state: 'ok', latencyMs: 40, error: null, sample: false },
    range: { from: '2026-12-02T10:00:00.000Z', to: '2026-12-03T10:00:00.000Z' },
    lines: Array.from({ length: count }, (_, i) => line({ requestId: `req_${String(i).padStart(12, '0')}` })),
  });

  it('says plainly that only the newest lines are shown when the search stopped at its limit', async () => {
    await renderUi(<LogSearchResults result={result(LOG_SEARCH_LIMIT)} />, { role: 'oncall' });
    const section = screen.getByRole('region', { name: 'Search results' });
    expect(within(section).getByText(`Newest ${LOG_SEARCH_LIMIT} log lines`)).toBeTruthy();
    expect(
      within(section).getByText(`Newest ${LOG_SEARCH_LIMIT} lines shown — narrow the range or filters to see older ones.`),
    ).toBeTruthy();
  });

  it('counts the lines without a warning when the search found fewer than its limit', async () => {
    await renderUi(<LogSearchResults result={result(3)} />, { role: 'oncall' });
    const section = screen.getByRole('region', { name: 'Search results' });
    expect(within(section).getByText('3 log lines')).toBeTruthy();
    expect(within(section).queryByText(/narrow the range/)).toBeNull();
  });
});
