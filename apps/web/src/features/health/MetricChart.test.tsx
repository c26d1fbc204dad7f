import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE, type ChartAnnotation } from '@ops/shared';
import { setBusinessTimeZone } from '../../lib/business-time';
import { renderUi } from '../../test/render';
import { MetricChart } from './MetricChart';

afterEach(() => setBusinessTimeZone(DEFAULT_TIME_ZONE));

const start = Date.parse('2026-11-17T00:00:00Z') / 1000;

/** Six hours of one series from `start`, with these markers. */
const chartWith = (annotations: ChartAnnotation[]) => (
  <MetricChart
    title="p95 latency"
    unit="s"
    series={[{ label: 'api', points: [{ t: start, v: 0.2 }] }]}
    startSeconds={start}
    endSeconds={start + 6 * 3600}
    annotations={annotations}
  />
);

describe('MetricChart', () => {
  it('lists the markers inside its range at their business-zone time, and none outside it', async () => {
    setBusinessTimeZone('Asia/Tokyo');
    await renderUi(
      chartWith([
        { kind: 'deploy', deployId: 'd-42', at: '2026-11-17T01:30:00Z', label: 'api v42', href: '/deploys?deploy=d-42' },
        { kind: 'audit', auditId: 9, at: '2026-11-18T01:30:00Z', label: 'refund', href: '/audit/9' },
      ]),
      { role: 'oncall' },
    );
    expect(screen.getByRole('img', { name: 'Chart: p95 latency, 1 series, 1 marker' })).toBeTruthy();
    const rows = within(screen.getByRole('table', { name: 'Chart markers' })).getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(rows[1]?.textContent).toContain('Nov 17, 2026, 10:30 AM GMT+9');
    expect(rows[1]?.textContent).toContain('api v42');
    // The axis's times are the business zone's, said once under the chart.
    expect(screen.getByText('Times in GMT+9')).toBeTruthy();
  });

  const markers: ChartAnnotation[] = [
    { kind: 'deploy', deployId: 'd-42', at: '2026-11-17T01:30:00Z', label: 'Deploy api v42', href: '/deploys?deploy=d-42' },
    { kind: 'audit', auditId: 9, at: '2026-11-17T02:30:00Z', label: 'refunds.create on booking SCS00N3H', href: '/audit/9' },
  ];
  const chart = chartWith(markers);

  it('opens a deploy on the deploys page that marks it, inside the app, and an admin action at its audit entry', async () => {
    const { user, location } = await renderUi(chart, { role: 'oncall' });
    const table = screen.getByRole('table', { name: 'Chart markers' });
    const deploy = within(table).getByRole('link', { name: 'Deploy api v42' });
    expect(deploy.getAttribute('href')).toBe('/deploys?deploy=d-42#deploy-d-42');
    expect(
      within(table)
        .getByRole('link', { name: /refunds.create/ })
        .getAttribute('href'),
    ).toBe('/audit/9');
    await user.click(deploy);
    // The router moved (no page load in a test's document would change its location).
    expect(location()).toBe('/deploys?deploy=d-42#deploy-d-42');
  });

  it('lists an admin action as plain text for a role that may not read the audit log (exec)', async () => {
    await renderUi(chart, { role: 'exec' });
    const table = screen.getByRole('table', { name: 'Chart markers' });
    expect(
      within(table)
        .getByText(/refunds.create/)
        .closest('a'),
    ).toBeNull();
    expect(within(table).getByRole('link', { name: 'Deploy api v42' })).toBeTruthy();
  });
});
