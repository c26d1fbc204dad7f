import type { Browser, Page } from '@playwright/test';
import { expect, loginAs, test } from './fixtures';

async function asOther(browser: Browser, role: 'admin2'): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginAs(page, role);
  return page;
}

test('admin targets students inactive 60 days, sees the count and a rendered sample, sends and watches it complete', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  await loginAs(page, 'admin');
  await page.goto('/communications');
  await page.getByRole('link', { name: 'New campaign' }).click();

  await page.getByLabel('Campaign name').fill('We miss you');
  await page.getByLabel('Subject').fill('We miss you, {{firstName}}');
  await page.getByLabel('Message').fill('Hi {{firstName}},\n\nIt has been a while. Book a lesson this week.');
  await page.getByRole('radio', { name: 'Students' }).check();
  await page.getByRole('radio', { name: 'Inactive 60 days (no booking)' }).check();

  const panel = page.getByLabel('Audience preview');
  const count = panel.getByTestId('audience-count');
  // Until the chosen audience is counted, the panel says it is updating (the figures are the previous audience's).
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  await expect(count).toHaveText(/^[1-9][\d,]* recipients$/);
  await expect(panel.getByLabel('Sample recipients').getByRole('listitem').first()).toContainText('***');
  await expect(panel.getByText(/^As .+ will see it$/)).toBeVisible();
  await expect(panel.getByLabel('Subject line')).toContainText('Subject: We miss you, ');
  await expect(panel.getByText(/excluded \(\d+ suspended/)).toBeVisible();
  const recipients = Number((await count.innerText()).replace(/[^\d]/g, ''));
  const needsApproval = await panel.getByText('Needs a second admin').isVisible();

  await page.getByRole('button', { name: 'Preview' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send campaign' });
  await expect(
    dialog.getByText(`Email to ${recipients.toLocaleString('en-US')} ${recipients === 1 ? 'person' : 'people'}`),
  ).toBeVisible();
  await dialog.getByLabel('Reason').fill('Win-back campaign for inactive students');
  await dialog.getByRole('button', { name: needsApproval ? 'Request approval' : 'Confirm' }).click();

  if (needsApproval) {
    await expect(page.getByText('Sent for approval')).toBeVisible();
    const other = await asOther(browser, 'admin2');
    await other.goto('/approvals');
    const card = other.getByTestId('approval').filter({ hasText: 'We miss you' });
    await card.getByLabel('Reason').fill('Audience checked');
    await card.getByRole('button', { name: 'Approve' }).click();
    await expect(other.getByText('Approved and executed')).toBeVisible();
    await page.goto('/communications');
    await page.getByRole('link', { name: 'We miss you' }).first().click();
  }

  await expect(page).toHaveURL(/\/communications\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('recipients-total')).toHaveText(recipients.toLocaleString('en-US'));
  // Progress comes in live (polling) until the worker finishes every batch.
  await expect(page.getByTestId('campaign-status')).toHaveText('completed', { timeout: 200_000 });
  await expect(page.getByTestId('sent-count')).toHaveText(recipients.toLocaleString('en-US'));
  await expect(page.getByTestId('failed-count')).toHaveText('0');

  await page.getByRole('button', { name: 'View message' }).first().click();
  await expect(page.getByText(/^Subject: We miss you, /)).toBeVisible();

  await page.goto('/communications');
  const row = page.getByRole('row').filter({ hasText: 'We miss you' });
  await expect(row.getByText('completed')).toBeVisible();
});
