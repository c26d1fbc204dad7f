import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../../test/render';
import { WebhookBookingRef } from './WebhookBookingRef';

const BOOKING = '00005eed-0000-4000-8000-000000000114';

describe('WebhookBookingRef', () => {
  it("opens the booking from its id, and lists the booking's deliveries from a separate link", async () => {
    await renderUi(<WebhookBookingRef bookingId={BOOKING} />, { role: 'oncall' });
    expect(screen.getByRole('link', { name: BOOKING }).getAttribute('href')).toBe(`/bookings/${BOOKING}`);
    expect(screen.getByRole('link', { name: 'its webhooks' }).getAttribute('href')).toBe(`/webhooks?entity=${BOOKING}`);
  });
});
