import { expect, loginAs, test } from './fixtures';

/**
 * From symptom to cause on the sample server: the red error-rate line opens the explorer's chart, the Axiom and
 * Redis tiles are on the command center, a failed request's id on the logs page shows its log lines, its Sentry event
 * and the audit row together, and the dead-letter count opens the jobs page where one job is retried through the modal.
 */

test('on-call follows the error-rate line to its chart and sees the Axiom and Redis tiles', async ({ page }) => {
  await loginAs(page, 'oncall');
  await page.goto('/');
  const overall = page.getByTestId('overall-status');
  await overall.getByRole('link', { name: /^Error rate [\d.]+ % \(over / }).click();
  await expect(page).toHaveURL(/\/health\/metrics\?metricId=error_rate/);
  const chart = page.getByTestId('metric-chart');
  await expect(chart).toHaveAttribute('aria-label', /^Chart: error rate, [1-9]\d* series/i);

  await page.goto('/');
  const logsTile = page.getByRole('region', { name: 'Logs & latency SLO (1 h)' });
  await expect(logsTile.getByText(/Within 500 ms/)).toBeVisible();
  await expect(logsTile.getByRole('table', { name: 'Slowest operations' })).toBeVisible();
  await expect(page.getByLabel('Sources', { exact: true }).getByTestId('source-axiom')).toHaveAttribute('data-state', 'ok');
  const redisTile = page.getByRole('region', { name: 'Redis (broker & cache)' });
  await expect(redisTile).toBeVisible();
  // The embedded default has no REDIS_URL: the tile says so rather than showing zeros.
  await expect(redisTile.getByText('Not configured.')).toBeVisible();
});

test('on-call opens a failed request from the logs page: its log lines, Sentry event and audit row in one view', async ({
  page,
}) => {
  await loginAs(page, 'oncall');
  await page.goto('/logs?period=7d&status=502');
  const results = page.getByRole('region', { name: 'Search results' });
  const requestLink = results.getByRole('link', { name: /^req_/ }).first();
  const requestId = (await requestLink.textContent())?.trim() ?? '';
  expect(requestId).toMatch(/^req_/);
  await requestLink.click();
  // The trace keeps the search it was opened from, so going back returns to it.
  await expect(page).toHaveURL(new RegExp(`/logs\\?period=7d&status=502&requestId=${requestId}`));
  await expect(
    page.getByRole('region', { name: 'Log lines of this request' }).getByText(/stripe follow-up failed/),
  ).toBeVisible();
  const sentry = page.getByRole('region', { name: 'Sentry events of this request' });
  await expect(sentry.getByRole('link', { name: /^StripeConnectionError/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Audit rows of this request' }).getByRole('row')).not.toHaveCount(0);

  // The Sentry event by its id, and back to the request it carries.
  await sentry.getByRole('link', { name: /^StripeConnectionError/ }).click();
  await expect(page).toHaveURL(/\/logs\?period=7d&status=502&eventId=[0-9a-f]{32}/);
  await page.getByRole('link', { name: `Request ${requestId}: logs and audit` }).click();
  await expect(page).toHaveURL(new RegExp(`requestId=${requestId}`));
  await page.getByRole('link', { name: 'Back to log search' }).click();
  await expect(page).toHaveURL(/\/logs\?period=7d&status=502$/);
});

test('on-call opens the dead-letter count and retries one job through the modal', async ({ page }) => {
  await loginAs(page, 'oncall');
  await page.goto('/');
  const jobs = page.getByRole('region', { name: 'Background jobs' });
  await jobs.getByRole('link').filter({ hasText: /^\d+$/ }).last().click();
  await expect(page).toHaveURL(/\/jobs\?status=dead/);
  const table = page.getByRole('table', { name: 'Jobs' });
  await expect(table.getByRole('button', { name: /^Retry job \d+$/ }).first()).toBeVisible();
  const before = await table.getByRole('button', { name: /^Retry job \d+$/ }).count();
  expect(before).toBeGreaterThan(0);
  const retry = table.getByRole('button', { name: /^Retry job \d+$/ }).first();
  const id = ((await retry.getAttribute('aria-label')) ?? '').replace('Retry job ', '');
  await retry.click();
  const dialog = page.getByRole('dialog', { name: `Retry job #${id}` });
  await expect(dialog.getByText(new RegExp(`^Requeue job #${id} \\(`))).toBeVisible();
  await dialog.getByLabel('Reason').fill('Stripe recovered; retrying the capture');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(table.getByRole('button', { name: /^Retry job \d+$/ })).toHaveCount(before - 1);
});
