import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../../test/render';
import { ExecutedNotice } from './ExecutedNotice';

const CAMPAIGN = '3c9e2f1a-7b4d-4e6f-9a8b-1c2d3e4f5a6b';

describe('ExecutedNotice', () => {
  it('says what was done and links to the audit entry it wrote', async () => {
    await renderUi(<ExecutedNotice result={{ message: 'Marcus R. suspended', auditId: 912, approvalId: 'a1', created: null }} />);
    expect(screen.getByText('Marcus R. suspended')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'View audit entry #912' }).getAttribute('href')).toBe('/audit/912');
    expect(screen.queryByRole('link', { name: 'Open the campaign' })).toBeNull();
  });

  it('links to the campaign an approved send queued', async () => {
    await renderUi(
      <ExecutedNotice
        result={{ message: 'Campaign queued', auditId: 913, approvalId: 'a2', created: { type: 'campaign', id: CAMPAIGN } }}
      />,
    );
    expect(screen.getByRole('link', { name: 'Open the campaign' }).getAttribute('href')).toBe(`/communications/${CAMPAIGN}`);
  });

  it('offers no audit link when nothing was written yet', async () => {
    await renderUi(<ExecutedNotice result={{ message: 'Sent for approval', auditId: null, approvalId: 'a3', created: null }} />);
    expect(screen.queryByRole('link')).toBeNull();
  });
});
