import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LogLineView } from '@ops/shared';
import { renderUi } from '../../test/render';
import { LogTable } from './LogViews';

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
