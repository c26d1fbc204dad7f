import { SAMPLE_PASSWORD } from '@ops/shared';
import { expect, loginAs, openSarahPage, STAFF_EMAIL, test, trpcMutation, type Role } from './fixtures';

const NAV_BY_ROLE: Record<Exclude<Role, 'admin2'>, { visible: string[]; hidden: string[] }> = {
  admin: {
    visible: ['Command center', 'Support', 'Revenue', 'Funnel', 'Cohorts', 'Webhooks', 'Audit', 'Approvals', 'Communications'],
    hidden: [],
  },
  support: {
    visible: ['Command center', 'Support', 'Webhooks', 'Audit'],
    hidden: ['Revenue', 'Funnel', 'Cohorts', 'Approvals', 'Communications'],
  },
  exec: {
    visible: ['Command center', 'Revenue', 'Funnel', 'Cohorts'],
    hidden: ['Support', 'Webhooks', 'Audit', 'Approvals', 'Communications'],
  },
  oncall: {
    visible: ['Command center', 'Support', 'Webhooks', 'Audit'],
    hidden: ['Revenue', 'Funnel', 'Cohorts', 'Approvals', 'Communications'],
  },
};

for (const [role, nav] of Object.entries(NAV_BY_ROLE) as Array<
  [Exclude<Role, 'admin2'>, { visible: string[]; hidden: string[] }]
>) {
  test(`${role} signs in and sees only the navigation of the role`, async ({ page }) => {
    await loginAs(page, role);
    const menu = page.getByRole('navigation', { name: 'Main navigation' });
    for (const label of nav.visible) await expect(menu.getByRole('link', { name: label, exact: true })).toBeVisible();
    for (const label of nav.hidden) await expect(menu.getByRole('link', { name: label, exact: true })).toHaveCount(0);
  });
}

test('the navigation marks one area as the current page, the deepest one the page is under', async ({ page }) => {
  await loginAs(page, 'oncall');
  const menu = page.getByRole('navigation', { name: 'Main navigation' });
  const current = menu.locator('[aria-current="page"]');
  for (const [path, area] of [
    ['/health', 'Command center'],
    ['/health/metrics', 'Metrics'],
    ['/health/errors/4821', 'Errors'],
  ] as const) {
    await page.goto(path);
    await expect(current, path).toHaveCount(1);
    await expect(current, path).toHaveAccessibleName(area);
  }
});

test('the login page lists the sample accounts and refuses a wrong password', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByText('admin@ops.example')).toBeVisible();
  await page.getByLabel('Email').fill('admin@ops.example');
  await page.getByLabel('Password', { exact: true }).fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Email or password is wrong');
});

test('a page the role cannot open shows a clear 403, not an error in the console', async ({ page }) => {
  await loginAs(page, 'exec');
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto('/audit');
  await expect(page.getByText('403')).toBeVisible();
  expect(errors).toEqual([]);
});

test('an address no page answers says so inside the console, after sign-in, and leads home', async ({ page }) => {
  await page.goto('/exec/revenue');
  await page.waitForURL((url) => url.pathname.startsWith('/login'));
  await page.getByLabel('Email').fill(STAFF_EMAIL.exec);
  await page.getByLabel('Password', { exact: true }).fill(SAMPLE_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const notFound = page.getByRole('alert', { name: 'Page not found' });
  await expect(notFound).toContainText('Nothing in the console lives at /exec/revenue');
  await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Revenue' })).toBeVisible();
  await notFound.getByRole('link', { name: 'Go to your home page' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/brief');
});

test('a malformed id in a link is a missing record, not a failed page, and a foreign redirect still signs in', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto('/login?redirect=%2F%2Fexample.org%2Fphish');
  await page.getByLabel('Email').fill(STAFF_EMAIL.support);
  await page.getByLabel('Password', { exact: true }).fill(SAMPLE_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL((url) => url.origin !== 'https://example.org' && url.pathname === '/support');
  await page.goto('/bookings/not-a-uuid');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(page.getByText('the id in the address is not a valid id')).toBeVisible();
  await expect(page.getByText('This page failed to load')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('an exec reads the payments pipeline with bookings named, not linked to pages the role cannot open', async ({ page }) => {
  await loginAs(page, 'exec');
  await page.goto('/payments');
  // The planted overdue captures are there on every start.
  const overdue = page.getByRole('table', { name: 'Overdue captures' });
  const shortId = overdue.getByRole('cell').first();
  await expect(shortId).toHaveText(/^[0-9A-Z]{8}$/);
  await expect(shortId.getByRole('link')).toHaveCount(0);
  await expect(overdue.getByRole('link', { name: /^[0-9A-Z]{8}$/ })).toHaveCount(0);
});

test('an admin adjusts credit: preview, confirm, audit entry', async ({ page }) => {
  await loginAs(page, 'admin');
  await openSarahPage(page);
  const balance = page.getByTestId('support-credit-balance');
  await expect(balance).toBeVisible();
  const before = (await balance.textContent()) ?? '';
  await page.getByLabel('Amount').fill('12.50');
  await page.getByRole('button', { name: 'Preview' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('Add $12.50 of credit for Sarah C.')).toBeVisible();
  await expect(dialog.getByText(/Balance .* → /)).toBeVisible();
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog.getByText('Reason is required')).toBeVisible();
  await dialog.getByLabel('Reason').fill('Goodwill for a late instructor');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByText(/View audit entry #\d+/)).toBeVisible();
  await expect(balance).not.toHaveText(before);
  await expect(page.getByRole('table', { name: 'Credit ledger' })).toContainText('Goodwill for a late instructor');
});

test('a reused confirmation token is refused with a clear message', async ({ page }) => {
  await loginAs(page, 'admin');
  const userId = await openSarahPage(page);
  const preview = await trpcMutation(page, 'students.adjustCredit.preview', { userId, amountCents: 100 });
  expect(preview.status).toBe(200);
  const token = (preview.body as { result: { data: { confirmToken: string } } }).result.data.confirmToken;
  const first = await trpcMutation(page, 'students.adjustCredit.execute', { confirmToken: token, reason: 'first use' });
  expect(first.status).toBe(200);
  const second = await trpcMutation(page, 'students.adjustCredit.execute', { confirmToken: token, reason: 'second use' });
  expect(second.status).toBe(409);
  expect(JSON.stringify(second.body)).toContain('already used');
});

test('an expired preview cannot be confirmed', async ({ page }) => {
  await page.clock.install();
  await loginAs(page, 'admin');
  await openSarahPage(page);
  await page.getByLabel('Amount').fill('5');
  await page.getByRole('button', { name: 'Preview' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(/Expires in/)).toBeVisible();
  await page.clock.fastForward('05:01');
  await expect(dialog.getByText('Preview expired — close and preview again')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Confirm' })).toBeDisabled();
});

test("a student's or an instructor's own address opens their person page", async ({ page }) => {
  await loginAs(page, 'support');
  const userId = await openSarahPage(page);
  for (const kind of ['students', 'instructors']) {
    await page.goto(`/${kind}/${userId}`);
    await expect(page).toHaveURL(new RegExp(`/support/users/${userId}$`));
    await expect(page.getByRole('heading', { name: 'Sarah C.', level: 2 })).toBeVisible();
  }
});
