import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { SARAH } from '@ops/db/seed/stories';
import { expect, loginAs, test } from './fixtures';

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return result.structuredContent ?? {};
}

test('an admin creates a token, an assistant refunds Sarah over /mcp, and the audit page shows it with channel mcp', async ({
  page,
  baseURL,
}) => {
  await loginAs(page, 'admin');
  await page.getByRole('button', { name: 'Account' }).click();
  await page.getByRole('menuitem', { name: 'API tokens' }).click();
  await expect(page.getByRole('heading', { name: 'API tokens' })).toBeVisible();
  await page.getByLabel('Name').fill('e2e assistant');
  await page.getByLabel('Expires in (days)').fill('7');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').textContent())?.trim() ?? '';
  expect(token).toMatch(/^ops_pat_/);
  await expect(page.getByRole('table', { name: 'Your API tokens' }).getByText('e2e assistant')).toBeVisible();

  const client = new Client({ name: 'e2e-assistant', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL('/mcp', baseURL), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  try {
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const listed = await client.listTools(cursor ? { cursor } : {});
      names.push(...listed.tools.map((t) => t.name));
      cursor = listed.nextCursor;
    } while (cursor);
    expect(names).toEqual(
      expect.arrayContaining(['support_lookup', 'support_booking_detail', 'refunds_create_preview', 'refunds_create_execute']),
    );

    const lookup = (await call(client, 'support_lookup', { q: 'sarah.chen@example.com' })) as {
      results: Array<{ userId: string }>;
    };
    const userId = lookup.results[0]?.userId;
    expect(userId).toBe(SARAH.userId);
    const person = (await call(client, 'support_user_360', { userId })) as { bookings: Array<{ id: string; status: string }> };
    expect(person.bookings.map((b) => b.id)).toContain(SARAH.disputedBookingId);
    const detail = (await call(client, 'support_booking_detail', { bookingId: SARAH.disputedBookingId })) as {
      booking: { shortId: string };
    };
    expect(detail.booking.shortId).toBe(SARAH.disputedShortId);

    // A disputed charge cannot be refunded (the bank holds the money). Refund $50 of one of her earlier lessons
    // instead, which no other spec touches: after a delivered lesson a refund needs an override code.
    const earlier = person.bookings.find(
      (b) => b.status === 'completed' && b.id !== SARAH.disputedBookingId && b.id !== SARAH.refundedBookingId,
    );
    expect(earlier).toBeDefined();
    const preview = (await call(client, 'refunds_create_preview', {
      bookingId: earlier?.id,
      amountCents: 5_000,
      overrideCode: 'PLATFORM_ERROR',
    })) as {
      confirmToken: string;
      effects: Array<{ label: string }>;
      requiresApproval: boolean;
    };
    expect(preview.effects.length).toBeGreaterThan(0);
    expect(preview.requiresApproval).toBe(false);
    const done = (await call(client, 'refunds_create_execute', {
      confirmToken: preview.confirmToken,
      reason: 'Student fell ill; late cancellation',
    })) as { auditId: number; message: string };
    expect(done.message).toContain('Refund recorded');

    await page.goto('/audit?channel=mcp');
    const row = page.getByRole('row').filter({ hasText: `#${done.auditId}` });
    await expect(row.getByText('refunds.create')).toBeVisible();
    // The channel's badge with the token's name beside it.
    await expect(row.getByText('e2e assistant', { exact: true })).toBeVisible();
    await expect(row.getByText('admin@ops.example')).toBeVisible();
  } finally {
    await client.close();
  }
});
