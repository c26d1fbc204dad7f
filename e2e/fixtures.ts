import { test as base, expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { SAMPLE_PASSWORD } from '@ops/shared';

export type Role = 'admin' | 'admin2' | 'support' | 'exec' | 'oncall';

export const STAFF_EMAIL: Record<Role, string> = {
  admin: 'admin@ops.example',
  admin2: 'admin2@ops.example',
  support: 'support@ops.example',
  exec: 'exec@ops.example',
  oncall: 'oncall@ops.example',
};

/** Signs in through the login form, as a person would, and waits to leave the login page. */
export async function loginAs(page: Page, role: Role): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(STAFF_EMAIL[role]);
  await page.getByLabel('Password', { exact: true }).fill(SAMPLE_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * Specs run one at a time against one server started on a fresh sample database (PGlite or Postgres), so they
 * must not open the database themselves: drive the UI, or the HTTP API with `page.request`.
 */
/** The server counts the CSP violation reports browsers send it (report-uri); read from its /metrics. */
async function cspReportCount(request: APIRequestContext): Promise<number> {
  const text = await (await request.get('/metrics')).text();
  const m = /^csp_violation_reports_total (\d+(?:\.\d+)?)/m.exec(text);
  return m ? Number(m[1]) : 0;
}

/**
 * Every spec runs under the console's Content-Security-Policy and fails on a violation: the page's console
 * (Chromium logs each refused script or style) and the server's report counter, which also catches pages that a
 * spec opens in contexts of its own.
 */
export const test = base.extend<{ loginAs: (role: Role) => Promise<void>; cspGuard: undefined }>({
  loginAs: async ({ page }, use) => {
    await use((role) => loginAs(page, role));
  },
  cspGuard: [
    async ({ page, request }, use) => {
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      const before = await cspReportCount(request);
      await use(undefined);
      expect(violations, 'Content-Security-Policy violations in the page console').toEqual([]);
      expect((await cspReportCount(request)) - before, 'Content-Security-Policy violation reports').toBe(0);
    },
    { auto: true },
  ],
});

export { expect };

/** Calls a tRPC mutation over HTTP with the page's session cookie (for protocol checks the UI prevents). */
export async function trpcMutation(page: Page, path: string, input: unknown): Promise<{ status: number; body: unknown }> {
  const res = await page.request.post(`/trpc/${path}`, { data: input, headers: { 'content-type': 'application/json' } });
  return { status: res.status(), body: await res.json() };
}

/**
 * Opens the spotlight with its shortcut, once the console's frame has drawn (the shortcut is live from then), and
 * gives its search box.
 */
export async function openSpotlightBox(page: Page): Promise<Locator> {
  await expect(page.getByRole('button', { name: 'Search (Ctrl+K)' })).toBeVisible();
  await page.keyboard.press('Control+K');
  return page.getByPlaceholder(/Jump to/);
}

/** Finds Sarah (a planted sample student) through the one-box search API and opens her person page. */
export async function openSarahPage(page: Page): Promise<string> {
  const res = await page.request.get(
    `/trpc/support.search?input=${encodeURIComponent(JSON.stringify({ q: 'sarah.chen@example.com' }))}`,
  );
  const body = (await res.json()) as { result: { data: { results: Array<{ userId: string | null }> } } };
  const userId = body.result.data.results[0]?.userId;
  if (!userId) throw new Error('sample data has no sarah.chen@example.com');
  await page.goto(`/support/users/${userId}`);
  return userId;
}
