import { readFile } from 'node:fs/promises';
import { test, expect, loginAs } from './fixtures';

const DAY = 86_400_000;
const businessDay = (daysAgo: number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() - daysAgo * DAY),
  );

test('a new exec opens Funnel for the last 30 days: the planted dip is the one significant claim', async ({ page }) => {
  await loginAs(page, 'exec');
  await page.goto('/funnel?preset=last_30_days&compare=previous_period');
  const insights = page.getByLabel('Insights');
  await expect(insights.getByText(/^Dip: Started a booking → Booking confirmed/)).toBeVisible();
  // Its effect comes with an interval, and it is the only claim marked significant.
  await expect(insights.getByText(/95 % CI −\d/).first()).toBeVisible();
  await expect(insights.getByText('significant', { exact: true })).toHaveCount(1);
  // No step rate above 100 %: every step tile reads at most 100.0 %.
  const tiles = page.locator('[data-metric="stepConversion"]');
  await expect(tiles).toHaveCount(5);
  for (const text of await tiles.allTextContents()) {
    const m = /(\d+(?:\.\d)?)%/.exec(text);
    if (m) expect(Number(m[1])).toBeLessThanOrEqual(100);
  }
});

test('every tile carries its definition as a tooltip', async ({ page }) => {
  await loginAs(page, 'exec');
  for (const path of ['/revenue', '/funnel', '/supply', '/search-demand', '/brief']) {
    await page.goto(path);
    const tiles = page.locator('[data-metric]');
    await expect(tiles.first()).toBeVisible();
    const n = await tiles.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) await expect(tiles.nth(i).getByRole('img', { name: /^Definition of / })).toHaveCount(1);
    if (path === '/revenue') {
      await page.getByRole('img', { name: 'Definition of Net revenue' }).hover();
      await expect(page.getByRole('tooltip')).toContainText('refunds of lessons that were in GMV');
    }
  }
});

test('the growth brief shows the spike and the dip, each linking to its chart, and the zero-result searches', async ({
  page,
}) => {
  await loginAs(page, 'exec');
  await page.getByRole('link', { name: 'Growth brief' }).first().click();
  await expect(page.getByRole('heading', { name: 'Growth brief', level: 2 })).toBeVisible();
  const highlights = page.getByLabel('Highlights', { exact: true });
  await expect(highlights.getByText(`Revenue spike on ${businessDay(12)}`)).toBeVisible();
  const concerns = page.getByLabel('Concerns', { exact: true });
  await expect(concerns.getByText(/Dip: Started a booking → Booking confirmed/)).toBeVisible();
  await expect(page.getByLabel('Top zero-result searches').getByRole('listitem')).toHaveCount(5);
  // Printing hides the navigation and buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await concerns.getByRole('link', { name: 'See the chart' }).first().click();
  await expect(page).toHaveURL(/\/funnel\?preset=last_30_days/);
  await expect(page.getByRole('heading', { name: 'Funnel', level: 2 })).toBeVisible();
});

test('search demand: zero-result searches, conversion, the period picker of every exec page and a CSV that matches', async ({
  page,
}) => {
  await loginAs(page, 'exec');
  await page.getByRole('link', { name: 'Search demand' }).first().click();
  await expect(page.getByRole('heading', { name: 'Search demand', level: 2 })).toBeVisible();
  const zero = page.getByLabel('Top zero-result searches list');
  await expect(zero.getByText(/\d (search|searches) found nothing/).first()).toBeVisible();
  await page.getByRole('combobox', { name: 'Period' }).click();
  await page.getByRole('option', { name: 'Last 90 days' }).click();
  await expect(page).toHaveURL(/preset=last_90_days/);
  await expect(page.getByText(/\(90 days, America\/New_York\) against /)).toBeVisible();
  const card = page.getByLabel('Top zero-result searches', { exact: true });
  await card.getByRole('button', { name: 'Show table' }).click();
  const rows = card.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const shown: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) shown.push(await rows.nth(i).locator('td').allTextContents());
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  const csv = (await readFile(await download.path(), 'utf8')).trim().split('\n').slice(1);
  expect(csv.length).toBe(shown.length);
  expect(csv[0]?.split(',')[0]).toBe(shown[0]?.[0]);
});

/**
 * The little of the browser this timer touches, typed here because the e2e project compiles without DOM types.
 * The functions below run in the page through Playwright's function calls (not string eval), so the console's CSP
 * applies to this spec as to every other.
 */
interface TimerWindow {
  __clickAt?: number;
  performance: { now(): number };
  requestAnimationFrame(callback: () => void): number;
  document: {
    addEventListener(type: string, listener: () => void, options: { capture: boolean; once: boolean }): void;
    querySelector(selector: string): { getAttribute(name: string): string | null } | null;
  };
}

test('period switch timing: click to redrawn revenue chart (printed, not asserted)', async ({ page }) => {
  await loginAs(page, 'exec');
  await page.goto('/revenue?preset=last_30_days&compare=previous_period');
  const chartPath = '[aria-label="Daily revenue"] .recharts-line path';
  await expect(page.locator(chartPath).first()).toBeVisible();
  const timings: Array<{ to: string; ms: number }> = [];
  // Each switch changes the days shown; the last one returns to a period already fetched (cached data).
  for (const to of ['Last 7 days', 'Last 90 days', 'Last 30 days', 'Last 7 days']) {
    const before = (await page.locator(chartPath).first().getAttribute('d')) ?? '';
    await page.getByRole('combobox', { name: 'Period' }).click();
    // The timer starts on the option's click: armed after the combobox opened.
    await page.evaluate(() => {
      const w = globalThis as unknown as TimerWindow;
      delete w.__clickAt;
      w.document.addEventListener('pointerdown', () => (w.__clickAt = w.performance.now()), { capture: true, once: true });
    });
    const redrawn = page.evaluate(
      ({ selector, previous }) =>
        new Promise<number>((resolve) => {
          const w = globalThis as unknown as TimerWindow;
          const check = (): void => {
            const d = w.document.querySelector(selector)?.getAttribute('d');
            if (d && d !== previous && w.__clickAt !== undefined) resolve(w.performance.now() - w.__clickAt);
            else w.requestAnimationFrame(check);
          };
          check();
        }),
      { selector: chartPath, previous: before },
    );
    await page.getByRole('option', { name: to }).click();
    timings.push({ to, ms: Math.round(await redrawn) });
  }
  const report = timings.map((t) => `${t.to}: ${t.ms} ms`).join(', ');
  console.log(`period switch, click → redrawn chart: ${report}`);
  test.info().annotations.push({ type: 'timing', description: report });
});
