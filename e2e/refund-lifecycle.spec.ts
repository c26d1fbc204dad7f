import type { APIRequestContext } from '@playwright/test';
import { SARAH } from '@ops/db/seed/stories';
import { expect, test } from './fixtures';

/**
 * A card refund as Stripe really runs it: held `pending` by the bank, then `failed`. The Stripe stand-in's test
 * hooks (sample mode only) play the bank; on the transition the stand-in delivers `refund.failed` to the console's
 * webhook endpoint, signed, as Stripe would. The stand-in listens on E2E_PORT + 1500 (e2e/start-server.ts).
 */
const STANDIN = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1500}`;

interface UserView {
  bookings: Array<{
    id: string;
    status: string;
    paymentStatus: string | null;
    disputed: boolean;
    amountRefundedCents: number | null;
  }>;
}

/** One of Sarah's past lessons whose card payment is captured, undisputed and not refunded yet. */
async function refundableLesson(request: APIRequestContext): Promise<string> {
  const res = await request.get(`/trpc/support.user?input=${encodeURIComponent(JSON.stringify({ userId: SARAH.userId }))}`);
  const view = ((await res.json()) as { result: { data: UserView } }).result.data;
  const lesson = view.bookings.find(
    (b) => b.status === 'completed' && b.paymentStatus === 'captured' && !b.disputed && (b.amountRefundedCents ?? 0) === 0,
  );
  if (!lesson) throw new Error('sample data has no captured, unrefunded lesson of Sarah Chen');
  return lesson.id;
}

test('an admin watches a card refund go pending at Stripe, then fail, and the booking become refundable again', async ({
  page,
  loginAs,
}) => {
  await loginAs('admin');
  const bookingId = await refundableLesson(page.request);
  await page.goto(`/bookings/${bookingId}`);
  const leftBefore = (await page.getByText(/^Left to refund: \$[\d,.]+$/).textContent()) ?? '';
  expect(leftBefore).not.toBe('Left to refund: $0.00');

  // The bank will hold the next refund.
  const next = await page.request.post(`${STANDIN}/_standin/refunds/next`, { data: { status: 'pending' } });
  expect(next.status()).toBe(200);

  await page.getByRole('button', { name: 'Refund', exact: true }).click();
  await page.getByRole('combobox', { name: 'Override code' }).click();
  await page.getByRole('option', { name: /^PLATFORM_ERROR/ }).click();
  await page.getByRole('button', { name: 'Preview' }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund booking' });
  await expect(dialog.getByText(/to the card ending/).first()).toBeVisible();
  await dialog.getByLabel('Reason').fill('Video link failed; refund to card');
  await dialog.getByRole('button', { name: 'Confirm' }).click();

  const refunds = page.getByRole('table', { name: 'Booking refunds' });
  const row = refunds.getByRole('row').filter({ hasText: 'Video link failed; refund to card' });
  await expect(row.getByText('pending at Stripe')).toBeVisible();
  await expect(page.getByText('Left to refund: $0.00')).toBeVisible();

  // Stripe's answer comes later: the bank returns the money.
  const listed = await page.request.get(`${STANDIN}/_standin/refunds`);
  const made = ((await listed.json()) as { data: Array<{ id: string; status: string; metadata: Record<string, string> }> }).data;
  const refund = made.find((r) => r.metadata.booking_id === bookingId && r.status === 'pending');
  expect(refund).toBeDefined();
  const moved = await page.request.post(`${STANDIN}/_standin/refunds/${refund?.id ?? ''}/transition`, {
    data: { status: 'failed', failureReason: 'expired_or_canceled_card' },
  });
  expect(moved.status()).toBe(200);
  expect(await moved.json()).toMatchObject({ delivery: { type: 'refund.failed', status: 200 } });

  // No reload: the page asks again while a refund is pending.
  const failedRow = refunds.getByRole('row').filter({ hasText: /the card it was going back to has expired or was canceled/ });
  await expect(failedRow.getByText('Failed', { exact: true })).toBeVisible();
  await expect(failedRow).toContainText('Nothing was refunded; the amount is refundable again.');
  await expect(page.getByText(leftBefore, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Refund', exact: true })).toBeEnabled();
});
