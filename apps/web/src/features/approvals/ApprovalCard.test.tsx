import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApprovalItem } from '@ops/shared';
import { renderUi } from '../../test/render';
import { ApprovalCard } from './ApprovalCard';

const ITEM: ApprovalItem = {
  id: '6b1f0e2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b',
  action: 'refunds.create',
  summary: 'Refund $600.00 of booking BK7Q2M',
  effects: [{ kind: 'money', label: 'Refund $600.00 to the card ending 4242', amountCents: 60_000 }],
  warnings: [
    'Needs a second admin: the student would have $600.00 back on this booking ($0.00 already + $600.00 now), over the $500.00 approval threshold.',
  ],
  resourceType: 'booking',
  resourceId: '00000000-0000-4000-8000-000000000777',
  resourceLabel: 'BK7Q2M00',
  reason: 'Lesson never happened',
  status: 'pending',
  requestedBy: 'Ada Admin',
  requestedVia: { channel: 'web', tokenName: null },
  requestedAt: '2026-12-01T10:00:00Z',
  expiresAt: '2026-12-02T10:00:00Z',
  decidedBy: null,
  decidedAt: null,
  decisionReason: null,
  canDecide: true,
};

const REFUSAL =
  'What this request would do has changed since it was made (someone may have acted since). Nothing was done; the request is closed as failed: ask the requester to preview and request again.';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ApprovalCard', () => {
  it('lists what the request would do and who asked, and lets another admin decide with a reason', async () => {
    await renderUi(<ApprovalCard item={ITEM} />, { role: 'admin' });
    const card = screen.getByTestId('approval');
    expect(within(card).getByRole('list', { name: 'Effects' }).textContent).toContain('Refund $600.00 to the card ending 4242');
    expect(card.textContent).toContain('requested by Ada Admin');
    // Why it waits for a second admin, as the requester's preview said it.
    expect(within(card).getByRole('list', { name: 'Warnings' }).textContent).toContain(
      'the student would have $600.00 back on this booking ($0.00 already + $600.00 now), over the $500.00 approval threshold',
    );
    expect(within(card).getByRole('button', { name: 'Approve' })).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Reject' })).toBeTruthy();
  });

  it('links to the page of the person or booking the request is about, so the approver can see who it is', async () => {
    const person = '00000000-0000-4000-8000-000000000aaa';
    await renderUi(
      <ApprovalCard
        item={{
          ...ITEM,
          action: 'privacy.erase',
          summary: `Erase student Aisha S. (${person}): delete or anonymise their personal data`,
          resourceType: 'user',
          resourceId: person,
          resourceLabel: 'Aisha S.',
        }}
      />,
      { role: 'admin' },
    );
    const link = screen.getByRole('link', { name: "Open the person's page (Aisha S.)" });
    expect(link.getAttribute('href')).toBe(`/support/users/${person}`);
  });

  it('links a booking request to the booking, and a request about nothing with a page to nothing', async () => {
    const { unmount } = await renderUi(<ApprovalCard item={ITEM} />, { role: 'admin' });
    // Named by its short id, as the booking's page and every list name it, not by its 36-character id.
    const link = screen.getByRole('link', { name: "Open the booking's page (BK7Q2M00)" });
    expect(link.getAttribute('href')).toBe(`/bookings/${ITEM.resourceId}`);
    unmount();
    await renderUi(<ApprovalCard item={{ ...ITEM, resourceType: 'campaign', resourceId: 'new', resourceLabel: null }} />, {
      role: 'admin',
    });
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('says when an assistant made the request, with its token’s name, as the audit log does', async () => {
    const { unmount } = await renderUi(
      <ApprovalCard item={{ ...ITEM, requestedVia: { channel: 'mcp', tokenName: 'support assistant' } }} />,
      { role: 'admin' },
    );
    expect(screen.getByTestId('approval').textContent).toContain(
      "requested by Ada Admin, through an assistant (MCP · token 'support assistant') on",
    );
    unmount();
    await renderUi(<ApprovalCard item={ITEM} />, { role: 'admin' });
    expect(screen.getByTestId('approval').textContent).toContain('requested by Ada Admin on');
  });

  it('shows the requester that another admin must decide, with no buttons', async () => {
    await renderUi(<ApprovalCard item={{ ...ITEM, canDecide: false }} />, { role: 'admin' });
    expect(screen.getByText('You asked for this: another admin must approve or reject it.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('does not send a decision without a reason, naming the field', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    const { user } = await renderUi(<ApprovalCard item={ITEM} />, { role: 'admin' });
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText(/reason/i, { selector: '.mantine-InputWrapper-error' })).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('puts the server’s refusal in front of the approver, in the card and in a notification that outlives it', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      new Response(
        JSON.stringify([
          { error: { message: REFUSAL, code: -32009, data: { code: 'CONFLICT', httpStatus: 409, path: 'approvals.approve' } } },
        ]),
        { status: 409, headers: { 'content-type': 'application/json' } },
      ),
    );
    const { user } = await renderUi(<ApprovalCard item={ITEM} />, { role: 'admin' });
    await user.type(screen.getByLabelText('Reason'), 'Checked the booking');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    const shown = await screen.findAllByText(REFUSAL);
    // Once in the card's alert, once in the notification (the card leaves the inbox when the list refetches).
    expect(shown).toHaveLength(2);
    expect(within(screen.getByTestId('approval')).getByRole('alert').textContent).toContain(REFUSAL);
  });
});
