import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LOG_SEARCH_LIMIT, type LogLineView, type LogsSearchResult, type SentryEventView } from '@ops/shared';
import { renderUi } from '../../test/render';
import { LogSearchResults, LogTable, SentryEventPanel } from './LogViews';

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

  it('puts the request id, the way into a trace, before the message, which takes the room left cut to one line', async () => {
    await renderUi(<LogTable lines={[line({ message: 'request failed after three retries of the payment intent' })]} />, {
      role: 'oncall',
    });
    const table = screen.getByRole('table', { name: 'Log lines' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['Time', 'Level', 'Request', 'Message', 'Route', 'Status', 'Took', 'User / booking']);
    const message = within(table).getByRole('cell', { name: 'request failed after three retries of the payment intent' });
    expect(message.getAttribute('title')).toBe('request failed after three retries of the payment intent');
  });
});

describe('LogTable drill-down', () => {
  it('keeps the range and filters the table was found under when opening a route, an operation or a request', async () => {
    await renderUi(
      <LogTable
        lines={[
          line({}),
          line({ service: 'worker', operation: 'jobs.capturePayments', route: null, requestId: 'req_0000000000aa' }),
        ]}
        search={{ period: '24h', level: 'error', route: '/trpc/support.search' }}
      />,
      { role: 'oncall' },
    );
    const table = screen.getByRole('table', { name: 'Log lines' });
    const href = (name: string) => within(table).getByRole('link', { name }).getAttribute('href');
    expect(href('/trpc/support.search')).toBe('/logs?period=24h&level=error&route=%2Ftrpc%2Fsupport.search');
    expect(href('jobs.capturePayments')).toBe('/logs?period=24h&level=error&operation=jobs.capturePayments');
    // The request opens with the whole search along, so "Back to log search" returns to it.
    expect(href('req_0000000000aa')).toBe(
      '/logs?period=24h&level=error&route=%2Ftrpc%2Fsupport.search&requestId=req_0000000000aa',
    );
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

  it('counts requests slower than the threshold when filtered by duration, with how long each took', async () => {
    await renderUi(<LogSearchResults result={result(3)} search={{ period: '1h', minDurationMs: 100 }} />, { role: 'oncall' });
    const section = screen.getByRole('region', { name: 'Search results' });
    expect(within(section).getByText('3 requests slower than 100 ms')).toBeTruthy();
    expect(within(section).getAllByRole('cell', { name: '120 ms' })).toHaveLength(3);
    // A request opened from the list keeps the filter, so going back returns to the slow requests.
    expect(within(section).getByRole('link', { name: 'req_000000000001' }).getAttribute('href')).toBe(
      '/logs?period=1h&minDurationMs=100&requestId=req_000000000001',
    );
  });
});

describe('SentryEventPanel', () => {
  const EVENT_ID = '0123456789abcdef0123456789abcdef';
  const BOOKING = '00005eed-0000-4000-8000-000000000114';
  const view: SentryEventView = {
    source: { source: 'sentry', state: 'ok', latencyMs: 30, error: null, sample: false },
    event: {
      eventId: EVENT_ID,
      issueId: '4711',
      projectSlug: 'api',
      title: 'TypeError: cannot read amount',
      message: '',
      dateCreated: '2026-12-03T09:58:00.000Z',
      requestId: 'req_700130fd6f01',
      tags: [
        { key: 'request_id', value: 'req_700130fd6f01' },
        { key: 'booking_id', value: BOOKING },
        { key: 'environment', value: 'production' },
      ],
      exceptions: [],
    },
  };

  it("shows the event's tags in their own case, linking those the console has a page for", async () => {
    await renderUi(<SentryEventPanel view={view} eventId={EVENT_ID} />, { role: 'oncall' });
    const panel = screen.getByRole('region', { name: `Sentry event ${EVENT_ID}` });
    const tag = within(panel).getByRole('link', { name: 'request_id: req_700130fd6f01' });
    expect(tag.getAttribute('href')).toBe('/logs?requestId=req_700130fd6f01');
    expect(
      within(panel)
        .getByRole('link', { name: `booking_id: ${BOOKING}` })
        .getAttribute('href'),
    ).toBe(`/bookings/${BOOKING}`);
    // No tag is drawn upper-cased (Mantine's badge default): what is copied is the id as Sentry holds it.
    for (const name of ['environment: production', 'request_id: req_700130fd6f01']) {
      const badge = within(panel).getByText(name).closest('.mantine-Badge-root');
      expect(badge?.getAttribute('style'), name).toContain('text-transform: none');
    }
  });
});
