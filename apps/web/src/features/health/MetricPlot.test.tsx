import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChartAnnotation } from '@ops/shared';
import { renderUi } from '../../test/render';
import { MarkerLabel } from './MetricPlot';

const deploy: ChartAnnotation = {
  kind: 'deploy',
  deployId: 'd-42',
  at: '2026-11-17T01:30:00Z',
  label: 'Deploy api v42',
  href: '/deploys?deploy=d-42',
};
const action: ChartAnnotation = {
  kind: 'audit',
  auditId: 9,
  at: '2026-11-17T02:30:00Z',
  label: 'refunds.create',
  href: '/audit/9',
};

describe('MarkerLabel (the head of a marker line on the chart)', () => {
  it('moves to the deploys page marking the deploy inside the app', async () => {
    const { user, location } = await renderUi(
      <svg>
        <MarkerLabel annotation={deploy} linked viewBox={{ x: 10, y: 20 }} />
      </svg>,
    );
    const link = screen.getByRole('link', { name: 'Deploy api v42' });
    expect(link.getAttribute('href')).toBe('/deploys?deploy=d-42#deploy-d-42');
    await user.click(link);
    expect(location()).toBe('/deploys?deploy=d-42#deploy-d-42');
  });

  it('links an admin action to its audit entry, or is a plain mark when not linked', async () => {
    await renderUi(
      <svg>
        <MarkerLabel annotation={action} linked viewBox={{ x: 10, y: 20 }} />
        <MarkerLabel annotation={{ ...action, label: 'unlinked action' }} linked={false} viewBox={{ x: 30, y: 20 }} />
      </svg>,
    );
    expect(screen.getByRole('link', { name: 'refunds.create' }).getAttribute('href')).toBe('/audit/9');
    expect(screen.queryByRole('link', { name: 'unlinked action' })).toBeNull();
    expect(screen.getByRole('img', { name: 'unlinked action' })).toBeTruthy();
  });
});
