import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CampaignDetail } from '@ops/shared';
import { renderUi } from '../../test/render';
import { CampaignOverview } from './CampaignOverview';

const campaign = (over: Partial<CampaignDetail>): CampaignDetail => ({
  id: '3f0c8a52-6a9e-4d8e-9a55-0d4f3b2c1a10',
  kind: 'announcement',
  name: 'Spring news',
  status: 'completed',
  channels: ['email'],
  audience: { role: 'students', statuses: [], activity: 'any' },
  recipientsTotal: 16_950,
  sentCount: 16_950,
  failedCount: 0,
  skippedCount: 0,
  excludedCount: 12,
  createdBy: 'Test Admin',
  approvedBy: 'Second Admin',
  createdAt: '2026-11-20T15:00:00Z',
  startedAt: '2026-11-20T15:00:05Z',
  finishedAt: '2026-11-20T15:20:00Z',
  subject: 'Spring is here',
  body: 'Hi {{firstName}}',
  templateKey: null,
  queued: 0,
  outbox: [],
  ...over,
});

describe('CampaignOverview', () => {
  it('counts a cancelled campaign’s skipped messages as processed and shows how many were skipped', async () => {
    await renderUi(
      <CampaignOverview campaign={campaign({ status: 'cancelled', sentCount: 1_300, failedCount: 21, skippedCount: 15_629 })} />,
    );
    expect(screen.getByText('16,950 of 16,950 messages processed')).toBeTruthy();
    expect(screen.getByText('Messages skipped')).toBeTruthy();
    expect(screen.getByTestId('skipped-count').textContent).toBe('15,629');
    expect(screen.getByTestId('sent-count').textContent).toBe('1,300');
    expect(screen.getByTestId('failed-count').textContent).toBe('21');
  });

  it('leaves skipped out while nothing was skipped, and counts only what was sent or failed', async () => {
    await renderUi(
      <CampaignOverview campaign={campaign({ status: 'sending', sentCount: 900, failedCount: 3, queued: 16_047 })} />,
    );
    expect(screen.getByText('903 of 16,950 messages processed')).toBeTruthy();
    expect(screen.queryByText('Messages skipped')).toBeNull();
  });

  it('names the approver, or says no approval was needed', async () => {
    const { unmount } = await renderUi(<CampaignOverview campaign={campaign({})} />);
    expect(screen.getByText(/sent by Test Admin · approved by Second Admin · created/)).toBeTruthy();
    unmount();
    await renderUi(<CampaignOverview campaign={campaign({ approvedBy: null, recipientsTotal: 40, sentCount: 40 })} />);
    expect(screen.getByText(/sent by Test Admin · no approval needed · created/)).toBeTruthy();
    expect(screen.queryByText(/approved by/)).toBeNull();
  });

  it('links to the audit entries of this campaign: its send and any cancellation', async () => {
    const c = campaign({});
    await renderUi(<CampaignOverview campaign={c} />);
    const link = screen.getByRole('link', { name: 'Audit entries for this campaign' });
    expect(link.getAttribute('href')).toBe(`/audit?resourceType=campaign&resourceId=${c.id}`);
  });
});
