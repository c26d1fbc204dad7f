import type { Browser, Page } from '@playwright/test';
import { MARCUS, SARAH } from '@ops/db/seed/stories';
import { expect, loginAs, test } from './fixtures';

/** A second signed-in staff member in their own browser context (their own session cookie). */
async function asOther(browser: Browser, role: 'admin2'): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginAs(page, role);
  return page;
}

test('admin refunds a lesson less than 12 hours away and sees the 50/50 split explained before confirming', async ({ page }) => {
  await loginAs(page, 'admin');
  await page.goto(`/bookings/${SARAH.soonBookingId}`);
  await page.getByRole('button', { name: 'Refund', exact: true }).click();
  await page.getByRole('button', { name: 'Preview' }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund booking' });
  await expect(
    dialog.getByText(/Less than 12 hours before the lesson: 50 % as credit \(\$[\d.,]+\), 50 % paid to the instructor/).first(),
  ).toBeVisible();
  await expect(dialog.getByText(/of credit to the student's account/)).toBeVisible();
  await expect(dialog.getByText(/to the instructor \(late-cancellation share\)/)).toBeVisible();
  await dialog.getByLabel('Reason').fill('Student fell ill; late cancellation');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByText('Refund recorded:')).toBeVisible();
  await expect(page.getByText('Left to refund: $0.00')).toBeVisible();
  // Done is done: the form closes, so a second refund is a new decision and not a second click on Confirm.
  await expect(page.getByRole('region', { name: 'Refund form' })).toHaveCount(0);
});

test('admin suspends the planted instructor: every effect listed, a second admin approves, the page shows the result', async ({
  page,
  browser,
}) => {
  await loginAs(page, 'admin');
  await page.goto(`/support/users/${MARCUS.userId}`);
  const flags = page.getByLabel('Account flags');
  await expect(flags).toContainText('Active');
  await page.getByRole('button', { name: 'Suspend instructor' }).click();
  const dialog = page.getByRole('dialog', { name: 'Suspend instructor' });
  await expect(dialog.getByText(`${MARCUS.upcomingBookingIds.length} cancellations (slots released)`)).toBeVisible();
  // His upcoming lessons are only authorized, not charged: the totals call their money back releases, not refunds.
  await expect(
    dialog.getByText(new RegExp(`^${MARCUS.upcomingBookingIds.length} releases totalling \\$[\\d.,]+ \\(never charged\\)$`)),
  ).toBeVisible();
  await expect(
    dialog.getByText(new RegExp(`^Hold ${MARCUS.pendingPayoutIds.length} pending payouts totalling \\$`)),
  ).toBeVisible();
  await expect(dialog.getByText(/^Email \d+ people \(the instructor and \d+ students\)/)).toBeVisible();
  for (const shortId of MARCUS.upcomingShortIds) await expect(dialog.getByText(new RegExp(`^Cancel ${shortId}`))).toBeVisible();
  await dialog.getByLabel('Reason').fill('Safety complaint under investigation');
  await dialog.getByLabel(/^Type .* to confirm$/).fill(MARCUS.userId);
  await dialog.getByRole('button', { name: 'Request approval' }).click();
  await expect(page.getByText('Sent for approval')).toBeVisible();

  const other = await asOther(browser, 'admin2');
  await other.goto('/approvals');
  const card = other.getByTestId('approval').filter({ hasText: 'Suspend instructor Marcus R.' });
  await card.getByLabel('Reason').fill('Checked the complaint');
  await card.getByRole('button', { name: 'Approve' }).click();
  await expect(other.getByText('Approved and executed')).toBeVisible();
  await expect(other.getByRole('link', { name: /^View audit entry #\d+$/ })).toBeVisible();

  await page.reload();
  await expect(flags).toContainText('Suspended');
  const bookings = page.getByRole('table', { name: 'Bookings' });
  for (const shortId of MARCUS.upcomingShortIds) {
    await expect(bookings.getByRole('row').filter({ hasText: shortId })).toContainText('Cancelled');
  }
  await expect(page.getByText('Payouts are on hold.')).toBeVisible();
});

test('a $600+ refund waits for a second admin in Approvals', async ({ page, browser }) => {
  await loginAs(page, 'admin');
  await page.goto(`/bookings/${SARAH.bigBookingId}`);
  await page.getByRole('button', { name: 'Refund', exact: true }).click();
  await page.getByRole('button', { name: 'Preview' }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund booking' });
  await expect(dialog.getByText('Needs a second admin', { exact: true })).toBeVisible();
  await dialog.getByLabel('Reason').fill('Family emergency, full refund');
  await dialog.getByRole('button', { name: 'Request approval' }).click();
  await expect(page.getByText('Sent for approval')).toBeVisible();

  await page.goto('/approvals');
  const mine = page.getByTestId('approval').filter({ hasText: SARAH.bigShortId });
  await expect(mine.getByText('another admin must approve or reject it')).toBeVisible();
  await expect(mine.getByRole('button', { name: 'Approve' })).toHaveCount(0);

  const other = await asOther(browser, 'admin2');
  await other.goto('/approvals');
  const card = other.getByTestId('approval').filter({ hasText: SARAH.bigShortId });
  await expect(card.getByText(/Refund \$640\.00|Release \$640\.00/).first()).toBeVisible();
  await card.getByLabel('Reason').fill('Verified with the student');
  await card.getByRole('button', { name: 'Approve' }).click();
  await expect(other.getByText('Approved and executed')).toBeVisible();
});
