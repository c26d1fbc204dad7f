import { MARCUS, SARAH } from '@ops/db/seed/stories';
import { expect, test } from './fixtures';

/** "$1,234.56" or "-$3.00" → dollars. */
const dollars = (text: string): number => {
  const n = Number(text.replace(/[^0-9.]/g, ''));
  return text.includes('-') ? -n : n;
};

test.describe('support pages', () => {
  test('an admin adjusts Sarah’s credit and the card and the ledger show it without a reload', async ({ page, loginAs }) => {
    await loginAs('admin');
    await page.goto(`/support/users/${SARAH.userId}`);
    const card = page.getByTestId('support-credit-balance');
    await expect(card).toBeVisible();
    const before = dollars(await card.innerText());
    // A reload would also show the new state; the point is that none happens.
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });

    await page.getByRole('textbox', { name: 'Amount' }).fill('12.34');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText('Add $12.34 of credit', { exact: true })).toBeVisible();
    const reason = `Goodwill credit after a late instructor ${Date.now()}`;
    await dialog.getByLabel('Reason').fill(reason);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByText(/View audit entry #\d+/)).toBeVisible();

    await expect.poll(async () => dollars(await card.innerText())).toBeCloseTo(before + 12.34, 2);
    const row = page.getByRole('table', { name: 'Credit ledger' }).getByRole('row').filter({ hasText: reason });
    await expect(row).toContainText('$12.34');
    await expect(page.getByRole('table', { name: 'Audit trail' }).getByRole('row').filter({ hasText: reason })).toContainText(
      'Credit adjusted',
    );
    expect(navigations).toBe(0);
  });

  test('an instructor’s 360 shows their Stripe payout account, balance and payouts', async ({ page, loginAs }) => {
    await loginAs('support');
    await page.goto(`/support/users/${MARCUS.userId}`);
    const panel = page.getByLabel('Payout account', { exact: true });
    await expect(panel.getByTestId('payout-account-id')).toHaveText(/^acct_/);
    await expect(panel.getByText('Payouts enabled')).toBeVisible();
    await expect(panel.getByText('sample data')).toBeVisible();
    // Figures as Stripe reports them; earlier specs may hold or cancel some of Marcus's payouts, so no exact sums.
    await expect(panel.getByTestId('payout-balance-available')).toHaveText(/^\$[\d,]+\.\d{2}$/);
    await expect(panel.getByTestId('payout-balance-pending')).toHaveText(/^\$[\d,]+\.\d{2}$/);
    // Marcus's three paid payouts are history no action changes.
    const payouts = panel.getByRole('table', { name: 'Stripe payouts' });
    await expect(payouts.getByRole('row').filter({ hasText: 'Paid' })).toHaveCount(3);
  });

  test('a charge in Sarah’s Stripe panel leads to the booking it paid for', async ({ page, loginAs }) => {
    await loginAs('support');
    await page.goto(`/support/users/${SARAH.userId}`);
    const charges = page.getByRole('table', { name: 'Stripe charges' });
    await charges.getByRole('link', { name: new RegExp(`^Booking ${SARAH.disputedShortId} paid by ch_`) }).click();
    await page.waitForURL((url) => url.pathname === `/bookings/${SARAH.disputedBookingId}`);
    await expect(page.getByRole('heading', { name: `Booking ${SARAH.disputedShortId}` })).toBeVisible();
  });

  test('a booking link from before bookings had their own address still opens the booking', async ({ page, loginAs }) => {
    await loginAs('support');
    await page.goto(`/support/bookings/${SARAH.disputedBookingId}`);
    await page.waitForURL((url) => url.pathname === `/bookings/${SARAH.disputedBookingId}`);
    expect(new URL(page.url()).pathname).toBe(`/bookings/${SARAH.disputedBookingId}`);
    await expect(page.getByRole('heading', { name: `Booking ${SARAH.disputedShortId}` })).toBeVisible();
  });
});

test.describe('an agent whose browser is in Tokyo', () => {
  test.use({ timezoneId: 'Asia/Tokyo' });

  test('reads booking times in the business zone, with its abbreviation', async ({ page, loginAs }) => {
    await loginAs('support');
    await page.goto(`/bookings/${SARAH.disputedBookingId}`);
    const timeline = page.getByLabel('Booking timeline');
    await expect(timeline).toContainText(/\d{1,2}:\d{2} [AP]M E[SD]T/);
    await expect(timeline).not.toContainText('GMT+9');
  });
});
