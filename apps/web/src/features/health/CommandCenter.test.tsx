import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  failedWebhooksHref,
  QUIET_HEALTH_READINGS,
  type HealthSnapshot,
  type JobsHealth,
  type PaymentsHealth,
  type WebhooksHealth,
} from '@ops/shared';
import { renderUi } from '../../test/render';
import { GrowthSection, MoneySection, OverallStatus, StabilitySection } from './CommandCenter';

const payments: PaymentsHealth = {
  authorizationsOverdue: 0,
  capturesOverdue: 2,
  overdueAmountCents: 9_000,
  failures24h: 1,
  pendingRefunds: 3,
  pendingRefundsCents: 12_000,
  overdue: [
    {
      paymentId: 'p1',
      bookingId: '7d2c6a7e-3f0b-4c1e-9a55-0c6f1f1d2b3a',
      shortId: 'BK-7D2C',
      kind: 'capture',
      dueAt: '2026-11-30T09:00:00.000Z',
      amountCents: 4_500,
      paymentIntentId: 'pi_3QxOverdue',
    },
  ],
  refundsNeedingAttention: { stuck: 0, failed: 0, items: [] },
};

const JOBS_SINCE = '2026-12-02T10:00:00.000Z';
const jobs: JobsHealth = {
  queued: 6,
  due: 4,
  running: 0,
  failed: 38,
  failed24h: 2,
  failedSince: JOBS_SINCE,
  dead: 1,
  oldestDueSeconds: 600,
  queues: [],
};

const money = (p: PaymentsHealth) => ({ sources: [], money: { payments: p, webhooks: null } });
const operations = (j: JobsHealth) => ({ sources: [], growth: null, operations: { jobs: j, pool: null, redis: null } });

/** A figure's number, found by the label above it. */
function figure(panel: HTMLElement, label: string): HTMLElement {
  const number = within(panel).getByText(label).nextElementSibling;
  if (!(number instanceof HTMLElement)) throw new Error(`no figure under ${label}`);
  return number;
}

const SINCE = '2026-12-02T10:00:00.000Z';
const WEBHOOKS_HREF = failedWebhooksHref(SINCE);
const webhooks: WebhooksHealth = {
  failed24h: 3,
  retryable24h: 2,
  permanent24h: 1,
  since: SINCE,
  failedTotal: 5,
  bySource: [{ source: 'stripe', failed: 5 }],
};

describe('MoneySection', () => {
  it('opens the failed-webhooks list on exactly what each figure counts', async () => {
    await renderUi(<MoneySection snapshot={{ sources: [], money: { payments: null, webhooks } }} />, { role: 'oncall' });
    const panel = screen.getByRole('region', { name: 'Failed webhooks' });
    const href = (label: string) => within(figure(panel, label)).getByRole('link').getAttribute('href') ?? '';
    const search = (url: string) => Object.fromEntries(new URL(url, 'http://console').searchParams);
    // Every failure of the day, as the ledger's failed view lists them; then the split, each opening its own part.
    expect(search(href('Failed in 24 h'))).toEqual({ status: 'failed', since: SINCE });
    expect(search(href('Failed in 24 h'))).toEqual(search(WEBHOOKS_HREF));
    expect(search(href('Permanent (24 h)'))).toEqual({ status: 'failed', retryable: 'false', since: SINCE });
    expect(search(href('Retryable (24 h)'))).toEqual({ status: 'failed', retryable: 'true', since: SINCE });
    expect(figure(panel, 'Permanent (24 h)').textContent).toBe('1');
    expect(figure(panel, 'Retryable (24 h)').textContent).toBe('2');
    expect(search(href('Failed, not replayed'))).toEqual({ status: 'failed' });
    const all = within(panel).getByRole('link', { name: 'Show failed webhooks' }).getAttribute('href') ?? '';
    expect(search(all)).toEqual({ status: 'failed' });
  });

  it('shows failed-webhook figures as plain numbers to a role that may not read the ledger (exec)', async () => {
    await renderUi(<MoneySection snapshot={{ sources: [], money: { payments, webhooks } }} />, { role: 'exec' });
    const panel = screen.getByRole('region', { name: 'Failed webhooks' });
    expect(within(panel).queryByRole('link')).toBeNull();
    expect(figure(panel, 'Failed in 24 h').textContent).toBe('3');
    expect(within(panel).getByText('Show failed webhooks')).toBeTruthy();
  });

  it('links every payments count to the payments page, says what is waiting, and lists the overdue payments', async () => {
    await renderUi(<MoneySection snapshot={money(payments)} />, { role: 'oncall' });
    const panel = screen.getByRole('region', { name: 'Payments pipeline' });
    expect(within(figure(panel, 'Captures overdue')).getByRole('link', { name: '2' }).getAttribute('href')).toBe('/payments');
    expect(within(panel).getByText('$90.00 waiting')).toBeTruthy();
    // The day's failures open the payments page on the day's failures, not the week's it lists by default.
    const failures = within(figure(panel, 'Failures (24 h)')).getByRole('link');
    expect(failures.getAttribute('href')).toBe('/payments?failures=24h');
    // A count turns its warning colour only above zero.
    expect(figure(panel, 'Failures (24 h)').getAttribute('style')).toContain('red');
    expect(figure(panel, 'Captures overdue').getAttribute('style')).toContain('orange');
    expect(figure(panel, 'Authorisations overdue').getAttribute('style') ?? '').not.toContain('orange');
    expect(within(panel).getByText('$120.00')).toBeTruthy();
    const overdue = within(panel).getByRole('table', { name: 'Overdue payments' });
    expect(within(overdue).getByRole('link', { name: 'BK-7D2C' }).getAttribute('href')).toBe(
      '/bookings/7d2c6a7e-3f0b-4c1e-9a55-0c6f1f1d2b3a',
    );
  });

  it('shows no overdue list when nothing is overdue', async () => {
    await renderUi(<MoneySection snapshot={money({ ...payments, capturesOverdue: 0, overdue: [] })} />, { role: 'oncall' });
    const panel = screen.getByRole('region', { name: 'Payments pipeline' });
    expect(within(panel).queryByRole('table')).toBeNull();
  });
});

describe('GrowthSection', () => {
  const growth = {
    bookingsToday: 12,
    bookingsYesterday: 10,
    signupsToday: 5,
    signupsYesterday: 4,
    comparedAt: '2026-12-03T10:00:00.000Z',
  };
  const today = { sources: [], growth, operations: { jobs: null, pool: null, redis: null } };

  it("shows today's figures as plain numbers to a role that may not open the growth brief", async () => {
    await renderUi(<GrowthSection snapshot={today} />, { role: 'oncall' });
    const panel = screen.getByRole('region', { name: 'Today' });
    expect(within(panel).queryAllByRole('link')).toEqual([]);
    expect(figure(panel, 'Bookings').textContent).toBe('12');
    expect(figure(panel, 'Signups').textContent).toBe('5');
  });

  it("links today's figures to today's growth brief for a role that may read analytics", async () => {
    await renderUi(<GrowthSection snapshot={today} />, { role: 'exec' });
    const panel = screen.getByRole('region', { name: 'Today' });
    expect(within(figure(panel, 'Bookings')).getByRole('link', { name: '12' }).getAttribute('href')).toBe(
      '/brief?preset=today&compare=previous_period',
    );
  });

  it('opens the job list filtered to the status each count counts', async () => {
    await renderUi(<GrowthSection snapshot={operations(jobs)} />);
    const panel = screen.getByRole('region', { name: 'Background jobs' });
    expect(within(figure(panel, 'Dead')).getByRole('link', { name: '1' }).getAttribute('href')).toBe('/jobs?status=dead');
    // Failures of the last 24 h, opening the failed jobs finished since; the older ones are counted in the hint.
    const failed = figure(panel, 'Failed (24 h)');
    const search = Object.fromEntries(
      new URL(within(failed).getByRole('link', { name: '2' }).getAttribute('href') ?? '', 'http://console').searchParams,
    );
    expect(search).toEqual({ status: 'failed', since: JOBS_SINCE });
    expect(within(panel).getByText('38 at any time')).toBeTruthy();
    // The queued list holds the jobs scheduled later too: the figure counts them all, the hint says how many are due.
    expect(within(figure(panel, 'Queued')).getByRole('link', { name: '6' }).getAttribute('href')).toBe('/jobs?status=queued');
    expect(within(panel).getByText('4 due now, oldest 10 min')).toBeTruthy();
  });

  it('says none is due when every queued job is scheduled later', async () => {
    await renderUi(<GrowthSection snapshot={operations({ ...jobs, queued: 2, due: 0, oldestDueSeconds: null })} />);
    const panel = screen.getByRole('region', { name: 'Background jobs' });
    expect(within(figure(panel, 'Queued')).getByRole('link', { name: '2' }).getAttribute('href')).toBe('/jobs?status=queued');
    expect(within(panel).getByText('0 due now')).toBeTruthy();
  });
});

const quietSnapshot: HealthSnapshot = {
  generatedAt: '2026-12-03T10:00:00.000Z',
  tookMs: 420,
  overall: { level: 'healthy', problems: [], unavailable: [] },
  ...QUIET_HEALTH_READINGS,
};

describe('StabilitySection', () => {
  it("opens a worker job's slowest-operation row as a log search by operation (its lines have no route)", async () => {
    const logs = {
      ingestPerSecond: 1.5,
      ingestedLastHour: 5_400,
      slo: { thresholdMs: 500, target: 0.99, share: 0.995, total: 800 },
      slowest: [
        { operation: 'jobs.capturePayments', p95Ms: 900, calls: 40 },
        { operation: 'support.search', p95Ms: 300, calls: 120 },
      ],
    };
    await renderUi(<StabilitySection snapshot={{ ...quietSnapshot, stability: { ...quietSnapshot.stability, logs } }} />);
    const table = screen.getByRole('table', { name: 'Slowest operations' });
    const href = (name: string) => within(table).getByRole('link', { name }).getAttribute('href');
    expect(href('jobs.capturePayments')).toBe('/logs?operation=jobs.capturePayments');
    expect(href('support.search')).toBe('/logs?operation=support.search');
  });

  it('opens the latency SLO reading as the requests that missed it: slower than its threshold, over its hour', async () => {
    const logs = {
      ingestPerSecond: 1.5,
      ingestedLastHour: 5_400,
      slo: { thresholdMs: 500, target: 0.99, share: 0.9, total: 800 },
      slowest: [],
    };
    await renderUi(<StabilitySection snapshot={{ ...quietSnapshot, stability: { ...quietSnapshot.stability, logs } }} />);
    const panel = screen.getByRole('region', { name: 'Logs & latency SLO (1 h)' });
    expect(within(figure(panel, 'Within 500 ms')).getByRole('link', { name: '90.00 %' }).getAttribute('href')).toBe(
      '/logs?period=1h&minDurationMs=500',
    );
  });

  it('says what the SLO share is measured over, and that a few dozen logged requests are too few to judge', async () => {
    const logs = (total: number) => ({
      ingestPerSecond: 0.03,
      ingestedLastHour: total * 3,
      slo: { thresholdMs: 500, target: 0.99, share: 0.763, total },
      slowest: [],
    });
    const panelOf = async (total: number) => {
      const { unmount } = await renderUi(
        <StabilitySection snapshot={{ ...quietSnapshot, stability: { ...quietSnapshot.stability, logs: logs(total) } }} />,
      );
      const panel = screen.getByRole('region', { name: 'Logs & latency SLO (1 h)' });
      return { panel, unmount };
    };
    const few = await panelOf(38);
    expect(within(few.panel).getByText('too few requests to judge: 38 logged requests in 1 h, needs 100')).toBeTruthy();
    expect(figure(few.panel, 'Within 500 ms').getAttribute('style') ?? '').not.toMatch(/red/);
    few.unmount();
    const enough = await panelOf(400);
    expect(within(enough.panel).getByText(/^target 99\.0+ % of 400 logged requests in 1 h$/)).toBeTruthy();
    expect(figure(enough.panel, 'Within 500 ms').getAttribute('style') ?? '').toMatch(/red/);
  });
});

describe('RedisPanel', () => {
  const redis = {
    version: '7.2.4',
    usedMemoryBytes: 50 * 1024 ** 2,
    maxMemoryBytes: 0,
    evictionPolicy: null,
    connectedClients: 4,
    blockedClients: 0,
    opsPerSecond: 12,
    hitRate: 0.9,
    evictedKeys: 0,
    queues: [
      { name: 'celery', length: 3 },
      { name: 'emails', length: 0 },
    ],
  };

  it("shows the broker lists' lengths as figures that say what they count, not links to the database's jobs", async () => {
    const snapshot = { ...quietSnapshot, operations: { ...quietSnapshot.operations, redis } };
    await renderUi(<StabilitySection snapshot={snapshot} />, { role: 'oncall' });
    const panel = screen.getByRole('region', { name: 'Redis (broker & cache)' });
    expect(within(panel).queryAllByRole('link')).toEqual([]);
    const celery = within(panel).getByText('celery: 3');
    expect(celery.getAttribute('title')).toMatch(/broker's Redis list "celery"/);
  });
});

describe('OverallStatus', () => {
  const snapshot = quietSnapshot;
  const readAt = Date.parse('2026-12-03T10:00:00.000Z');
  const withProblems: HealthSnapshot = {
    ...quietSnapshot,
    overall: {
      level: 'warning',
      problems: [
        { level: 'warning', message: '3 webhooks failed in 24 h', href: WEBHOOKS_HREF },
        {
          level: 'warning',
          message: 'Refund of $45.00 on booking BK-7D2C failed',
          href: '/bookings/7d2c6a7e-3f0b-4c1e-9a55-0c6f1f1d2b3a',
        },
        { level: 'warning', message: '1 background job in the dead-letter queue', href: '/jobs?status=dead' },
      ],
      unavailable: [],
    },
  };

  it('links each problem to its page for a role that may open it', async () => {
    await renderUi(<OverallStatus snapshot={withProblems} updatedAt={readAt} />, { role: 'oncall' });
    expect(screen.getByRole('link', { name: '3 webhooks failed in 24 h' }).getAttribute('href')).toBe(WEBHOOKS_HREF);
    expect(screen.getByRole('link', { name: /on booking BK-7D2C/ })).toBeTruthy();
    expect(screen.getByRole('link', { name: /dead-letter queue/ })).toBeTruthy();
  });

  it('says a problem as plain text when the role may not open its page (exec: no webhooks, no bookings)', async () => {
    await renderUi(<OverallStatus snapshot={withProblems} updatedAt={readAt} />, { role: 'exec' });
    expect(screen.getByText('3 webhooks failed in 24 h').closest('a')).toBeNull();
    expect(screen.getByText(/on booking BK-7D2C/).closest('a')).toBeNull();
    expect(screen.getByRole('link', { name: /dead-letter queue/ })).toBeTruthy();
  });

  it('reads as live while the refreshes succeed', async () => {
    await renderUi(<OverallStatus snapshot={snapshot} updatedAt={readAt} />, { role: 'oncall' });
    const status = screen.getByTestId('overall-status');
    expect(status.getAttribute('data-level')).toBe('healthy');
    expect(within(status).getByText('Production is healthy')).toBeTruthy();
    expect(within(status).queryByText('Stale')).toBeNull();
    expect(within(status).queryByRole('alert')).toBeNull();
  });

  it('says the figures are stale, since when and why, once a refresh failed', async () => {
    await renderUi(
      <OverallStatus
        snapshot={snapshot}
        updatedAt={readAt}
        refreshFailure={{ at: readAt + 30_000, message: 'Failed to fetch' }}
      />,
      { role: 'oncall' },
    );
    const status = screen.getByTestId('overall-status');
    expect(status.getAttribute('data-level')).toBe('stale');
    expect(within(status).getByText('Stale')).toBeTruthy();
    expect(within(status).queryByText('Production is healthy')).toBeNull();
    const banner = within(status).getByRole('alert');
    expect(banner.textContent).toContain('stale since Dec 3, 2026');
    expect(banner.textContent).toContain('Failed to fetch');
  });

  it('goes back to live once a later refresh succeeded', async () => {
    await renderUi(
      <OverallStatus
        snapshot={snapshot}
        updatedAt={readAt + 60_000}
        refreshFailure={{ at: readAt + 30_000, message: 'Failed to fetch' }}
      />,
      { role: 'oncall' },
    );
    expect(screen.getByTestId('overall-status').getAttribute('data-level')).toBe('healthy');
  });
});
