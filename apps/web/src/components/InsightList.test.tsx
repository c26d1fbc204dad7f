import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Insight } from '@ops/shared';
import { renderUi } from '../test/render';
import { InsightList } from './InsightList';

const drop: Insight = {
  tone: 'concern',
  text: 'Checkout → paid fell 4.1 pts (95 % CI −6.0 to −2.2)',
  significant: true,
  pValue: 0.00031,
  href: '/funnel?stage=paid',
};
const wobble: Insight = { tone: 'info', text: 'Search → view rose 0.3 pts', significant: false, pValue: 0.41 };

describe('InsightList', () => {
  it('marks only the claims that survived correction as significant, with the raw p-value on hover', async () => {
    await renderUi(<InsightList title="Funnel insights" insights={[drop, wobble]} errorRate={0.05} />);
    const badges = screen.getAllByText('significant');
    expect(badges).toHaveLength(1);
    expect(badges[0]?.closest('[title]')?.getAttribute('title')).toBe('p = 3.1e-4 before correction');
    expect(screen.getByText(/survives correction for all tests of this view \(error rate 5 %\)/)).toBeTruthy();
  });

  it('says plainly when nothing stands out', async () => {
    await renderUi(<InsightList title="Revenue insights" insights={[]} />);
    expect(screen.getByText('Nothing stands out in this period.')).toBeTruthy();
    expect(screen.queryByText('significant')).toBeNull();
  });

  it("opens the chart behind a claim inside the app, keeping the chart's query", async () => {
    const { user, location } = await renderUi(<InsightList title="Funnel insights" insights={[drop]} />);
    const link = screen.getByRole('link', { name: 'View chart' });
    expect(link.getAttribute('href')).toBe('/funnel?stage=paid');
    await user.click(link);
    await waitFor(() => expect(location()).toBe('/funnel?stage=paid'));
  });
});
