import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderUi } from '../../test/render';
import { CampaignActions } from './CampaignActions';

const CAMPAIGN = '3f0c8a52-6a9e-4d8e-9a55-0d4f3b2c1a10';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('CampaignActions', () => {
  it('offers Cancel campaign only while the campaign is queued or sending', async () => {
    for (const status of ['queued', 'sending']) {
      const { unmount } = await renderUi(<CampaignActions campaignId={CAMPAIGN} status={status} />);
      expect(screen.getByRole('button', { name: 'Cancel campaign' }), status).toBeTruthy();
      unmount();
    }
    for (const status of ['completed', 'failed', 'cancelled']) {
      const { unmount } = await renderUi(<CampaignActions campaignId={CAMPAIGN} status={status} />);
      expect(screen.queryByRole('button', { name: 'Cancel campaign' }), status).toBeNull();
      unmount();
    }
  });

  it('asks the server for the preview of cancelling this campaign and says it is working it out', async () => {
    const requests: Array<{ url: string; body: string }> = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation((url, init) => {
      requests.push({
        url: url instanceof Request ? url.url : url.toString(),
        body: typeof init?.body === 'string' ? init.body : '',
      });
      return new Promise<Response>(() => undefined);
    });
    const { user } = await renderUi(<CampaignActions campaignId={CAMPAIGN} status="sending" />);
    await user.click(screen.getByRole('button', { name: 'Cancel campaign' }));
    expect(await screen.findByText('Working out what would happen…')).toBeTruthy();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toContain('/trpc/communications.cancel.preview');
    expect(requests[0]?.body).toContain(CAMPAIGN);
  });
});
