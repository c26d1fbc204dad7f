import { expect, loginAs, test } from './fixtures';

/**
 * The on-call's story on the sample server (every vendor served by its stand-in): overall status and each source's
 * state on the first paint, the top Sentry issue's stack trace, "p99 latency" over 24 h in the explorer, and an
 * alert silenced through the preview/confirm modal.
 */

const SOURCES = ['prometheus', 'sentry', 'alertmanager', 'deploys', 'payments', 'webhooks', 'jobs', 'growth', 'db_pool'];

test('on-call sees the command center, opens the top error, charts p99 latency and silences an alert', async ({ page }) => {
  await loginAs(page, 'oncall');
  await page.goto('/health');

  // First paint: the loader fetched the snapshot, so the verdict and every source's state are there at once.
  const overall = page.getByTestId('overall-status');
  await expect(overall).toBeVisible();
  await expect(overall).toHaveAttribute('data-level', /^(healthy|warning|critical)$/);
  await expect(overall.getByText(/^Production (is healthy|needs attention|has a critical problem)$/)).toBeVisible();
  await expect(overall.getByText(/Updated \d+ s ago/)).toBeVisible();
  const strip = page.getByLabel('Sources', { exact: true });
  for (const source of SOURCES) {
    const badge = strip.getByTestId(`source-${source}`);
    await expect(badge).toBeVisible();
    await expect(badge).toHaveAttribute('data-state', 'ok');
  }
  for (const section of ['Stability', 'Money', 'Growth & operations'])
    await expect(page.getByRole('heading', { name: section, level: 3 })).toBeVisible();

  // The top Sentry issue, then its stack trace.
  const topErrors = page.getByRole('region', { name: 'Top errors (24 h)' });
  const topIssue = topErrors.getByRole('link').filter({ hasNotText: 'All errors' }).first();
  const title = (await topIssue.textContent())?.trim() ?? '';
  expect(title.length).toBeGreaterThan(0);
  await topIssue.click();
  await expect(page).toHaveURL(/\/health\/errors\/[\w-]+$/);
  await expect(page.getByRole('heading', { name: title, level: 2 })).toBeVisible();
  const trace = page.getByRole('region', { name: /^Stack trace of / }).first();
  await expect(trace).toBeVisible();
  await expect(trace.getByText('in app').first()).toBeVisible();
  // Its release leads to the deploy that shipped it.
  await page.getByRole('link', { name: /^release: \w+@/ }).click();
  await expect(page).toHaveURL(/\/deploys\?release=/);
  await expect(page.getByRole('alert').getByText(/^Shipped by the \w+ deploy of /)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Deploy history' }).locator('tr[aria-current="true"]').first()).toBeVisible();

  // The explorer opens on the named metrics: one click charts one.
  await page.goto('/health/metrics');
  await page.getByRole('link', { name: 'error rate', exact: true }).click();
  await expect(page).toHaveURL(/metricId=error_rate/);
  await expect(page.getByTestId('metric-chart')).toHaveAttribute('aria-label', /^Chart: error rate, [1-9]\d* series/);

  // "p99 latency" over 24 h draws a chart.
  await page.goto('/health/metrics');
  await page.getByRole('combobox', { name: 'Metric' }).fill('p99 latency');
  await page.getByRole('option', { name: 'p99 latency', exact: true }).click();
  await page.getByRole('combobox', { name: 'Period' }).click();
  await page.getByRole('option', { name: 'Last 24 hours' }).click();
  await expect(page).toHaveURL(/metricId=latency_p99/);
  await expect(page).toHaveURL(/period=24h/);
  const chart = page.getByTestId('metric-chart');
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute('aria-label', /^Chart: p99 latency, [1-9]\d* series/);
  await expect(chart.locator('.recharts-line').first()).toBeVisible();

  // Silence the firing error-rate alert through the modal.
  await page.goto('/alerts');
  const alert = page.getByRole('article', { name: 'Alert HighErrorRate' });
  await expect(alert.getByText(/firing for \d+ (min|h)/)).toBeVisible();
  await alert.getByRole('button', { name: 'Silence…' }).click();
  await alert.getByLabel('Comment').fill('Known incident, fix deploying');
  await alert.getByRole('button', { name: 'Preview' }).click();
  const dialog = page.getByRole('dialog', { name: 'Silence HighErrorRate' });
  await expect(dialog.getByText(/^Silences 1 firing alert: HighErrorRate/)).toBeVisible();
  await dialog.getByLabel('Reason').fill('Error spike is the known deploy issue');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(alert.getByText('silenced', { exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Silences' }).getByText('oncall@ops.example')).toBeVisible();

  // Ending it early: the preview names the alert that fires again; once confirmed the alert is no longer silenced.
  await page.getByRole('table', { name: 'Silences' }).getByRole('button', { name: 'Expire…' }).click();
  const expire = page.getByRole('dialog', { name: 'Expire silence' });
  await expect(expire.getByText('1 firing alert fires and notifies again: HighErrorRate')).toBeVisible();
  await expire.getByLabel('Reason').fill('The fix is deployed');
  await expire.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('table', { name: 'Silences' })).toHaveCount(0);
  await expect(alert.getByText('silenced', { exact: true })).toHaveCount(0);

  // From the alert to its cause: what the rule watches, charted in the explorer without its threshold (the trend).
  await expect(alert.getByText('(fires when > 0.02)')).toBeVisible();
  await alert.getByRole('link', { name: 'Chart what the rule watches' }).click();
  await expect(page).toHaveURL(/\/health\/metrics\?.*promql=/);
  const watched = /^sum\(rate\(.*status=~"5\.\.".*\)\)$/;
  await expect(page.getByLabel('PromQL')).toHaveValue(watched);
  await expect(page.getByTestId('metric-chart')).toBeVisible();
  // A named metric empties the box; Back charts the query again and puts it back in the box.
  await page.getByRole('combobox', { name: 'Metric' }).fill('p99 latency');
  await page.getByRole('option', { name: 'p99 latency', exact: true }).click();
  await expect(page.getByLabel('PromQL')).toHaveValue('');
  await page.goBack();
  await expect(page).toHaveURL(/\/health\/metrics\?.*promql=/);
  await expect(page.getByLabel('PromQL')).toHaveValue(watched);
  await expect(page.getByRole('button', { name: 'Run query' })).toBeEnabled();
});

test('support can read the alerts but is offered no silence', async ({ page }) => {
  await loginAs(page, 'support');
  await page.goto('/alerts');
  await expect(page.getByRole('article', { name: 'Alert HighErrorRate' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Silence…' })).toHaveCount(0);
});

test('the command center’s former addresses still open its pages, search included', async ({ page }) => {
  await loginAs(page, 'oncall');
  await page.goto('/');
  await expect(page).toHaveURL(/\/health$/);
  await page.goto('/explore?metricId=error_rate&period=24h');
  await expect(page).toHaveURL(/\/health\/metrics\?metricId=error_rate&period=24h$/);
  await page.goto('/errors?sort=new');
  await expect(page).toHaveURL(/\/health\/errors\?sort=new$/);
});

test('a link to a metric the catalog does not have says so and lists the named metrics', async ({ page }) => {
  await loginAs(page, 'oncall');
  await page.goto('/health/metrics?metricId=error_rat&period=24h');
  await expect(page.getByRole('alert').filter({ hasText: 'No such metric' })).toContainText('“error_rat”');
  await page.getByRole('link', { name: 'error rate', exact: true }).click();
  await expect(page).toHaveURL(/metricId=error_rate/);
  await expect(page.getByRole('alert').filter({ hasText: 'No such metric' })).toHaveCount(0);
});
