import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../../test/render';
import { AuditResource } from './AuditResource';
import { channelText } from './resource';

const USER = '3f2a1b4c-0000-4000-8000-000000000001';
const BOOKING = '3f2a1b4c-0000-4000-8000-000000000002';
const CAMPAIGN = '3f2a1b4c-0000-4000-8000-000000000003';

describe('AuditResource', () => {
  it("opens a person's page, whether student or instructor, and keeps the link to their history", async () => {
    await renderUi(<AuditResource entry={{ resourceType: 'user', resourceId: USER, resourceLabel: null }} />, {
      role: 'support',
    });
    expect(screen.getByRole('link', { name: `user ${USER}` }).getAttribute('href')).toBe(`/support/users/${USER}`);
    expect(screen.getByRole('link', { name: `History of user ${USER}` }).getAttribute('href')).toBe(
      `/audit?resourceType=user&resourceId=${USER}`,
    );
  });

  it("goes to the resource's page on a plain click, naming a booking by its short id", async () => {
    const { user, location } = await renderUi(
      <AuditResource entry={{ resourceType: 'booking', resourceId: BOOKING, resourceLabel: 'SCQGBH0N' }} />,
      { role: 'oncall' },
    );
    expect(screen.getByRole('link', { name: 'History of booking SCQGBH0N' }).getAttribute('href')).toBe(
      `/audit?resourceType=booking&resourceId=${BOOKING}`,
    );
    await user.click(screen.getByRole('link', { name: 'booking SCQGBH0N' }));
    expect(location()).toBe(`/bookings/${BOOKING}`);
  });

  it('names without a link a resource the role may not open, or one with no page of its own', async () => {
    await renderUi(
      <>
        <AuditResource entry={{ resourceType: 'campaign', resourceId: CAMPAIGN, resourceLabel: null }} />
        <AuditResource entry={{ resourceType: 'staff', resourceId: USER, resourceLabel: null }} />
      </>,
      { role: 'support' },
    );
    expect(screen.getByText(`campaign ${CAMPAIGN}`).closest('a')).toBeNull();
    expect(screen.getByText(`staff ${USER}`).closest('a')).toBeNull();
    expect(screen.getByRole('link', { name: `History of campaign ${CAMPAIGN}` })).toBeTruthy();
  });
});

describe('channelText', () => {
  it("says an assistant's entry came through MCP with the token's name, and a browser's through the web", () => {
    expect(channelText({ channel: 'mcp', tokenName: 'support assistant' })).toBe("MCP · token 'support assistant'");
    expect(channelText({ channel: 'mcp', tokenName: null })).toBe('MCP');
    expect(channelText({ channel: 'web', tokenName: null })).toBe('Web');
    // A step no staff member took (the reconciler settling a refund with Stripe) did not come through the browser.
    expect(channelText({ channel: 'web', tokenName: null, actorStaffId: null })).toBe('System');
    expect(channelText({ channel: 'web', tokenName: null, actorStaffId: 'staff-1' })).toBe('Web');
  });
});
