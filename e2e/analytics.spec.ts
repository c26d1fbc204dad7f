import { readFile } from 'node:fs/promises';
import { test, expect, loginAs } from './fixtures';

const DAY = 86_400_000;
/** The planted spike's day (REVENUE_SPIKE.daysAgo = 12) in the business zone. */
function spikeDay(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/New_York',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(Date.now() - 12 * DAY));
}

test('an exec reads revenue against last year, sees the spike and the funnel dip, and the CSV matches the table', async ({
  page,
}) => {
  await loginAs(page, 'exec');
  await page.getByRole('link', { name: 'Revenue' }).first().click();
  await expect(page.getByRole('heading', { name: 'Revenue', level: 2 })).toBeVisible();

  await page.getByRole('combobox', { name: 'Period' }).click();
  await page.getByRole('option', { name: 'Last 30 days' }).click();
  await page.getByRole('combobox', { name: 'Compare with' }).click();
  await page.getByRole('option', { name: 'Same period last year' }).click();
  await expect(page).toHaveURL(/preset=last_30_days/);
  await expect(page).toHaveURL(/compare=year/);

  // The planted spike is named among the highlights.
  await expect(page.getByLabel('Highlights and concerns').getByText(`Revenue spike on ${spikeDay()}`)).toBeVisible();

  // Funnel: an insight names the step by its stages' labels.
  await page.getByRole('link', { name: 'Funnel' }).first().click();
  await expect(page.getByRole('heading', { name: 'Funnel', level: 2 })).toBeVisible();
  await expect(
    page
      .getByLabel('Insights')
      .getByText(/Started a booking → Booking confirmed/)
      .first(),
  ).toBeVisible();

  // Download the funnel CSV and compare it with the table shown.
  const card = page.getByLabel('Funnel', { exact: true });
  await card.getByRole('button', { name: 'Show table' }).click();
  const table = page.getByRole('table', { name: 'Funnel table' });
  await expect(table).toBeVisible();
  const rows = table.locator('tbody tr');
  const shown: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) shown.push(await rows.nth(i).locator('td').allTextContents());
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  const path = await download.path();
  const csv = (await readFile(path, 'utf8'))
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','));
  expect(csv.length).toBe(shown.length);
  csv.forEach((row, i) => {
    // Same cells; an empty CSV cell is shown as "—".
    expect(row.map((c) => (c === '' ? '—' : c))).toEqual(shown[i]);
  });
  expect(shown.find((r) => r[0] === 'Booking confirmed')).toBeDefined();
});
