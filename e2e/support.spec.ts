import { SARAH } from '@ops/db/seed/stories';
import { expect, test, trpcMutation } from './fixtures';
import type { Page } from '@playwright/test';

/** The one box on /support: type, press Enter, land where a single exact match leads. */
async function lookUp(page: Page, text: string): Promise<void> {
  await page.goto('/support');
  const box = page.getByLabel('Search', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

test.describe('support cockpit', () => {
  test('a support agent finds Sarah by email in any case, by phone, Stripe customer id and a booking short or refund id', async ({
    page,
    loginAs,
  }) => {
    await loginAs('support');
    for (const text of ['sarah.chen@example.com', 'SARAH.CHEN@EXAMPLE.COM', '(212) 555-0142', SARAH.stripeCustomerId]) {
      await lookUp(page, text);
      await page.waitForURL(`**/support/users/${SARAH.userId}`);
      await expect(page.getByRole('heading', { name: 'Sarah C.' })).toBeVisible();
      await expect(page.getByTestId('profile-email')).toHaveText('s***n@example.com');
    }
    await lookUp(page, `#${SARAH.disputedShortId}`);
    await page.waitForURL(`**/bookings/${SARAH.disputedBookingId}`);
    await expect(page.getByRole('heading', { name: `Booking ${SARAH.disputedShortId}` })).toBeVisible();
    await lookUp(page, SARAH.stripeRefundId);
    await page.waitForURL(`**/bookings/${SARAH.refundedBookingId}`);
    await expect(page.getByRole('heading', { name: `Booking ${SARAH.refundedShortId}` })).toBeVisible();
  });

  test('the disputed booking shows its full timeline, and a note added there stays', async ({ page, loginAs }) => {
    await loginAs('support');
    await page.goto(`/bookings/${SARAH.disputedBookingId}`);
    const timeline = page.getByLabel('Booking timeline');
    for (const step of [
      'Booking created',
      'Payment authorized',
      'Lesson',
      'Payment captured',
      'Settled',
      'Charge disputed',
      'Webhook stripe charge.dispute.created',
    ]) {
      await expect(timeline.getByText(step, { exact: false }).first()).toBeVisible();
    }
    await expect(page.getByText('Respond to the dispute with the lesson record')).toBeVisible();

    const body = `Called the student about the dispute ${Date.now()}`;
    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Dispute' }).click();
    await page.getByLabel('Note', { exact: true }).fill(body);
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect(page.getByLabel('Notes').getByText(body)).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Notes').getByText(body)).toBeVisible();
  });

  test('an agent resends a booking confirmation through the preview / confirm modal', async ({ page, loginAs }) => {
    await loginAs('support');
    await page.goto(`/bookings/${SARAH.soonBookingId}`);
    await page.getByRole('button', { name: 'Resend notification' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText('Email to s***n@example.com')).toBeVisible();
    await expect(dialog.getByText(`Hi Sarah`, { exact: false })).toBeVisible();
    await dialog.getByLabel('Reason').fill('Student cannot find the confirmation email');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByText(/View audit entry #\d+/)).toBeVisible();
    await expect(page.getByLabel('Booking timeline').getByText('Booking confirmation by email (sent)').first()).toBeVisible();
  });

  test('revealing Sarah’s email asks for a reason and shows up in her audit trail', async ({ page, loginAs }) => {
    await loginAs('support');
    await page.goto(`/support/users/${SARAH.userId}`);
    await expect(page.getByTestId('profile-email')).toHaveText('s***n@example.com');
    await page.getByRole('button', { name: 'Reveal' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Reveal details' }).click();
    await expect(dialog.getByText('Reason is required')).toBeVisible();
    const reason = `Verifying caller identity ${Date.now()}`;
    await dialog.getByLabel('Reason').fill(reason);
    await dialog.getByRole('button', { name: 'Reveal details' }).click();
    await expect(page.getByTestId('profile-email')).toHaveText(SARAH.email);
    const trail = page.getByRole('table', { name: 'Audit trail' });
    const row = trail.getByRole('row').filter({ hasText: reason });
    await expect(row).toBeVisible();
    await expect(row).toContainText('Revealed personal details');
  });

  test('the cross-source trail loads on its own and shows each source state', async ({ page, loginAs }) => {
    await loginAs('support');
    await page.goto(`/support/users/${SARAH.userId}`);
    const sources = page.getByLabel('Trail sources');
    await expect(sources.getByTestId('source-postgres')).toHaveAttribute('data-state', 'ok');
    await expect(sources.getByTestId('source-stripe')).toBeVisible();
    const trail = page.getByRole('table', { name: 'Cross-source trail' });
    await expect(trail).toBeVisible();
    // The trail pages 25 rows at a time; earlier specs add rows for Sarah, so the dispute may sit further down.
    const more = page.getByRole('region', { name: 'Trail' }).getByRole('button', { name: /^Show \d+ more \(/ });
    while (!((await trail.textContent()) ?? '').includes('charge.dispute.created') && (await more.count()) > 0)
      await more.click();
    await expect(trail).toContainText('charge.dispute.created');
  });

  test('Cmd-K finds Sarah by her phone', async ({ page, loginAs }) => {
    await loginAs('support');
    // The keyboard shortcut itself, once the shell is there.
    await expect(page.getByRole('button', { name: 'Search (Ctrl+K)' })).toBeVisible();
    await page.keyboard.press('ControlOrMeta+k');
    // Typed in one go, as a person used to the shortcut does: the keys before the box appears are not lost.
    await page.keyboard.type('212 555 0142');
    await expect(page.getByPlaceholder(/Jump to/)).toHaveValue('212 555 0142');
    await page
      .getByRole('button', { name: /Sarah C\./ })
      .first()
      .click();
    await page.waitForURL(`**/support/users/${SARAH.userId}`);
  });

  test('a support account sees no admin actions, and the server refuses them', async ({ page, loginAs }) => {
    await loginAs('support');
    await page.goto(`/support/users/${SARAH.userId}`);
    await expect(page.getByTestId('profile-email')).toBeVisible();
    await expect(page.getByRole('button', { name: /Suspend/ })).toHaveCount(0);
    await expect(page.getByLabel('Amount')).toHaveCount(0);
    await page.goto(`/bookings/${SARAH.bigBookingId}`);
    await expect(page.getByRole('heading', { name: `Booking ${SARAH.bigShortId}` })).toBeVisible();
    await expect(page.getByRole('button', { name: /Force cancel|Force complete/ })).toHaveCount(0);
    const credit = await trpcMutation(page, 'students.adjustCredit.preview', { userId: SARAH.userId, amountCents: 500 });
    expect(credit.status).toBe(403);
    const cancel = await trpcMutation(page, 'bookings.cancel.preview', { bookingId: SARAH.bigBookingId });
    expect(cancel.status).toBe(403);
  });
});
