import { describe, expect, it } from 'vitest';
import { sloMissedHref } from '@ops/shared';
import { parseSearch } from '../../lib/search-params';
import { logsFilters, logsSearchInput, logsSearchOnly, logsSearchSchema, lookupSearch } from './search';

describe('logs search drill-down', () => {
  const opened = {
    period: '24h',
    level: 'error',
    route: '/trpc/support.search',
    status: 500,
    minDurationMs: 500,
    requestId: 'req_700130fd6f01',
    eventId: '0123456789abcdef0123456789abcdef',
  } as const;

  it('goes back from a trace or an event to the search it was opened from', () => {
    expect(logsSearchOnly(opened)).toEqual({
      period: '24h',
      level: 'error',
      status: 500,
      minDurationMs: 500,
      route: '/trpc/support.search',
    });
  });

  it('keeps the range and filters but not the route or operation for a drill-down that sets its own', () => {
    expect(logsFilters({ ...opened, operation: 'jobs.capturePayments' })).toEqual({
      period: '24h',
      level: 'error',
      status: 500,
      minDurationMs: 500,
    });
  });

  it('opens a pasted request or event id over the current filters, and refuses text that is neither', () => {
    const filtered = { period: '24h', level: 'error', route: '/trpc/support.search' } as const;
    expect(lookupSearch(filtered, '  req_700130fd6f01 ')).toEqual({ ...filtered, requestId: 'req_700130fd6f01' });
    expect(lookupSearch({ ...filtered, requestId: 'req_000000000001' }, '0123456789ABCDEF0123456789ABCDEF')).toEqual({
      ...filtered,
      eventId: '0123456789abcdef0123456789abcdef',
    });
    expect(lookupSearch(filtered, 'sarah@example.com')).toBeNull();
    // A word is no request id; the UUID our server gives a request without one is.
    expect(lookupSearch(filtered, 'hello')).toBeNull();
    expect(lookupSearch(filtered, '9b2f6c1e-3d4a-4f5b-8c7d-0e1f2a3b4c5d')).toEqual({
      ...filtered,
      requestId: '9b2f6c1e-3d4a-4f5b-8c7d-0e1f2a3b4c5d',
    });
  });

  it("reads the command center's missed-SLO link as the search of the requests slower than its threshold", () => {
    const href = sloMissedHref(500);
    const search = logsSearchSchema.parse(parseSearch(href.slice(href.indexOf('?'))));
    expect(logsSearchInput(search)).toEqual({ period: '1h', minDurationMs: 500 });
    // A link's duration that is no whole number of milliseconds filters nothing rather than breaking the page.
    expect(logsSearchSchema.parse(parseSearch('?period=1h&minDurationMs=fast'))).toEqual({ period: '1h' });
  });
});
