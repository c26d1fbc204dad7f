import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE } from '@ops/shared';
import { setBusinessTimeZone } from '../../lib/business-time';
import { renderUi } from '../../test/render';
import { MetricChart } from './MetricChart';

afterEach(() => setBusinessTimeZone(DEFAULT_TIME_ZONE));

const start = Date.parse('2026-11-17T00:00:00Z') / 1000;

describe('MetricChart', () => {
  it('lists the markers inside its range at their business-zone time, and none outside it', async () => {
    setBusinessTimeZone('Asia/Tokyo');
    await renderUi(
      <MetricChart
        title="p95 latency"
        unit="s"
        series={[{ label: 'api', points: [{ t: start, v: 0.2 }] }]}
        startSeconds={start}
        endSeconds={start + 6 * 3600}
        annotations={[
          { kind: 'deploy', at: '2026-11-17T01:30:00Z', label: 'api v42', href: '#deploy-42' },
          { kind: 'audit', at: '2026-11-18T01:30:00Z', label: 'refund', href: '/audit/9' },
        ]}
      />,
    );
    expect(screen.getByRole('img', { name: 'Chart: p95 latency, 1 series, 1 marker' })).toBeTruthy();
    const rows = within(screen.getByRole('table', { name: 'Chart markers' })).getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(rows[1]?.textContent).toContain('Nov 17, 2026, 10:30 AM GMT+9');
    expect(rows[1]?.textContent).toContain('api v42');
  });
});
