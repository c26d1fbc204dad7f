import { FAILED_WEBHOOKS } from '@ops/db/seed/stories';
import { expect, openSarahPage, test } from './fixtures';

// An odd-numbered planted failure is linked to a real (stuck) payment, so its replay processes.
const PLANTED_EVENT = FAILED_WEBHOOKS.eventIds[5] ?? '';

test('on-call filters failed webhooks, replays a planted one and sees its linked entry', async ({ page, loginAs }) => {
  await loginAs('oncall');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Webhooks', exact: true }).click();
  await page.getByRole('link', { name: 'Failed only' }).click();
  await expect(page).toHaveURL(/status=failed/);
  const table = page.getByRole('table', { name: 'Webhook events' });
  await expect(table).toContainText(PLANTED_EVENT);
  await expect(table.getByRole('checkbox').first()).toBeVisible();

  await table.getByRole('link', { name: PLANTED_EVENT }).click();
  await expect(page.getByRole('heading', { name: /payment_intent\.succeeded|charge\.refunded/ })).toBeVisible();
  await expect(page.getByText('Headers (signatures redacted)')).toBeVisible();
  await expect(page.getByText('[redacted]').first()).toBeVisible();
  await expect(page.getByText('Not replayed.')).toBeVisible();

  await page.getByRole('button', { name: 'Replay', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(`Create a replay entry linked to ${PLANTED_EVENT}`)).toBeVisible();
  await dialog.getByLabel('Reason').fill('Capture timeout fixed; replaying');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByText(/Replay (processed|failed again|skipped)/).first()).toBeVisible();

  const replays = page.getByRole('table', { name: 'Linked replays' });
  await expect(replays).toBeVisible();
  await expect(replays).toContainText(PLANTED_EVENT);
  await replays.getByRole('link', { name: PLANTED_EVENT }).click();
  await expect(page.getByText('Replay of')).toBeVisible();

  // Back to the list it was opened from, filters kept.
  await page.getByRole('link', { name: 'Back to webhooks' }).click();
  await expect(page).toHaveURL(/\/webhooks\?status=failed$/);
  await expect(page.getByRole('link', { name: 'Failed only' })).toBeVisible();
});

test('an admin adjusts credit, finds it in Audit search, opens its diff; the chain verifies', async ({ page, loginAs }) => {
  await loginAs('admin');
  await openSarahPage(page);

  const reason = `Audit trail check ${Date.now()}`;
  await page.getByLabel('Amount').fill('7.25');
  await page.getByRole('button', { name: 'Preview' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason').fill(reason);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByText(/View audit entry #\d+/)).toBeVisible();

  await page.goto('/audit');
  await expect(page.getByRole('status').filter({ hasText: /Audit chain verified to #\d+/ })).toBeVisible();
  await page.getByLabel('Text in reason').fill(reason);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/q=/);
  const results = page.getByRole('table', { name: 'Audit entries' });
  await expect(results).toContainText('students.adjustCredit');
  await expect(results.getByRole('row')).toHaveCount(2);

  await results.getByRole('link', { name: /Open audit entry #\d+/ }).click();
  await expect(page.getByRole('heading', { name: /Audit entry #\d+/ })).toBeVisible();
  const diff = page.getByRole('table', { name: 'Changes' });
  // Money fields read in dollars, as the preview said them.
  await expect(diff.getByRole('row').filter({ hasText: 'Balance' })).toContainText('$');
  await expect(diff.getByRole('row').filter({ hasText: 'Amount' })).toContainText('$7.25');
  await expect(diff).not.toContainText('balanceCents');
  await expect(page.getByText(reason)).toBeVisible();
  await expect(page.getByText('hash verifies')).toBeVisible();

  // The person's activity and the resource's history both hold the entry.
  await page.getByRole('link', { name: /History of user/ }).click();
  await expect(page.getByRole('heading', { name: /History of user/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Audit entries' })).toContainText(reason);
  await page.getByRole('link', { name: 'admin@ops.example' }).first().click();
  await expect(page.getByRole('heading', { name: 'Activity of admin@ops.example' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Audit entries' })).toContainText(reason);
});
