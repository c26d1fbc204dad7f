import { readFile } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import { FRAUD_STUDENT, SARAH } from '@ops/db/seed/stories';
import { addDays, DEFAULT_TIME_ZONE, localDate } from '@ops/shared';
import { readZip } from '../apps/server/src/domain/privacy/zip.js';
import { expect, loginAs, test } from './fixtures';

async function asOther(browser: Browser, role: 'admin2'): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await loginAs(page, role);
  return page;
}

async function query<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.get(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
  const body = (await res.json()) as { result: { data: T } };
  return body.result.data;
}

test('every page shows the environment in its header and tab title', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByLabel('Environment: development')).toHaveText('DEV');
  await expect(page).toHaveTitle('[DEV] Ops Console');
  await loginAs(page, 'support');
  await expect(page.getByRole('banner').getByLabel('Environment: development')).toBeVisible();
});

test('support exports Sarah’s data with a reason and downloads an archive matching her page', async ({ page }) => {
  await loginAs(page, 'support');
  await page.goto(`/support/users/${SARAH.userId}`);
  const panel = page.getByLabel('Privacy');
  await panel.getByRole('button', { name: 'Export data' }).click();
  const dialog = page.getByRole('dialog', { name: "Export this person's data" });
  await dialog.getByRole('button', { name: 'Export data' }).click();
  await expect(dialog.getByText(/^Reason is required/)).toBeVisible();
  await dialog.getByLabel('Reason').fill('Sarah asked for a copy of her data (ticket 5521)');
  await dialog.getByRole('button', { name: 'Export data' }).click();
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('link', { name: 'Download archive' }).click();
  const download = await downloading;
  const files = readZip(await readFile(await download.path()));
  const manifest = JSON.parse(files.get('manifest.json')?.toString() ?? '{}') as {
    userId: string;
    tables: Record<string, { rows: number }>;
  };
  expect(manifest.userId).toBe(SARAH.userId);
  const profile = JSON.parse(files.get('json/profile.json')?.toString() ?? '[]') as Array<{ email: string; first_name: string }>;
  expect(profile[0]).toMatchObject({ email: SARAH.email, first_name: SARAH.firstName });
  // The same counts the 360 page shows.
  await expect(page.getByText(`${manifest.tables.bookings?.rows ?? -1} bookings ·`)).toBeVisible();
  expect(manifest.tables.bookings?.rows).toBe(SARAH.bookingCount);
  expect(files.get('csv/bookings.csv')?.toString()).toContain(SARAH.disputedShortId);
  expect(files.get('csv/refunds.csv')?.toString()).toContain(SARAH.refundId);
  for (const t of ['payments', 'credits', 'notes', 'notifications', 'funnel_events', 'search_events', 'audit']) {
    expect(files.has(`csv/${t}.csv`) && files.has(`json/${t}.json`)).toBe(true);
  }
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(panel.getByRole('table', { name: 'Data exports' }).getByText('ready')).toBeVisible();
});

test('erasing Sarah is refused with the reasons', async ({ page }) => {
  await loginAs(page, 'admin');
  await page.goto(`/support/users/${SARAH.userId}`);
  await page.getByLabel('Privacy').getByRole('button', { name: 'Erase person' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Cannot erase this person yet' });
  await expect(alert).toContainText(/upcoming bookings? \(/);
  await expect(alert).toContainText(`1 open dispute (${SARAH.disputedShortId})`);
});

test('an admin erases a person, a second admin approves; their PII is gone, revenue and the audit chain hold', async ({
  page,
  browser,
}) => {
  await loginAs(page, 'admin');
  // The 90 days up to yesterday: they hold the person's lessons and refunds, while today's money moved by other specs
  // (the MCP spec's refund) reaches the rollups on their own minute and must not land between the two reads.
  const today = localDate(Date.now(), DEFAULT_TIME_ZONE);
  const period = { preset: 'custom', from: addDays(today, -90), to: addDays(today, -1) };
  const revenueBefore = (await query<{ totals: unknown }>(page, 'revenue.report', period)).totals;
  const byName = () =>
    query<{ results: Array<{ userId: string | null }> }>(page, 'support.search', {
      q: `${FRAUD_STUDENT.firstName} ${FRAUD_STUDENT.lastName}`,
    });
  expect((await byName()).results.map((r) => r.userId)).toContain(FRAUD_STUDENT.userId);
  await page.goto(`/support/users/${FRAUD_STUDENT.userId}`);
  await page.getByLabel('Privacy').getByRole('button', { name: 'Erase person' }).click();
  const dialog = page.getByRole('dialog', { name: 'Erase this person' });
  await expect(dialog.getByText(/^Delete: \d+ support notes?,/)).toBeVisible();
  await expect(dialog.getByText(/^Keep by law/)).toContainText(`${FRAUD_STUDENT.bookingCount} bookings`);
  await expect(dialog.getByText(/^Keep the audit rows about the person/)).toBeVisible();
  await dialog.getByLabel('Reason').fill('Right to be forgotten request (ticket 7781)');
  await dialog.getByLabel(/^Type .* to confirm$/).fill(FRAUD_STUDENT.userId);
  await dialog.getByRole('button', { name: 'Request approval' }).click();
  await expect(page.getByText('Sent for approval')).toBeVisible();

  const other = await asOther(browser, 'admin2');
  await other.goto('/approvals');
  const card = other.getByTestId('approval').filter({ hasText: 'Erase student' });
  await card.getByLabel('Reason').fill('Verified the requester’s identity');
  await card.getByRole('button', { name: 'Approve' }).click();
  await expect(other.getByText('Approved and executed')).toBeVisible();

  await page.goto(`/support/users/${FRAUD_STUDENT.userId}`);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(/^Erased /);
  await expect(page.getByText(FRAUD_STUDENT.lastName)).toHaveCount(0);
  const search = await query<{ results: unknown[] }>(page, 'support.search', { q: FRAUD_STUDENT.email });
  expect(search.results).toEqual([]);
  // Their name no longer finds them (it did before the erasure).
  expect((await byName()).results.map((r) => r.userId)).not.toContain(FRAUD_STUDENT.userId);
  // Nothing personal is left to export: an export is refused, naming the day of the erasure.
  const exported = await page.request.post('/trpc/privacy.export', {
    data: { userId: FRAUD_STUDENT.userId, reason: 'Check the erasure' },
    headers: { 'content-type': 'application/json' },
  });
  expect(exported.status()).toBe(412);
  expect(((await exported.json()) as { error: { message: string } }).error.message).toMatch(
    /^userId: this person was erased on [A-Z][a-z]{2} \d{1,2}, \d{4}$/,
  );
  expect((await query<{ totals: unknown }>(page, 'revenue.report', period)).totals).toEqual(revenueBefore);
  const chain = await query<{ brokenAtId: number | null; verifiedToId: number | null }>(page, 'audit.chain', { full: true });
  expect(chain.brokenAtId).toBeNull();
});
