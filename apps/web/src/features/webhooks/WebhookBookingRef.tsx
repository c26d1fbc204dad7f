import { Group } from '@mantine/core';
import { AnchorLink } from '../../components/RouterLinks';
import { BookingLink } from '../bookings/BookingLink';

/**
 * A delivery's booking: its id opens the booking (plain text for a role that may not read bookings), and a small
 * separate link lists every delivery about the same booking in the ledger.
 */
export function WebhookBookingRef({ bookingId }: { bookingId: string }) {
  return (
    <Group gap={6} wrap="nowrap" align="baseline">
      <BookingLink bookingId={bookingId} size="sm">
        {bookingId}
      </BookingLink>
      <AnchorLink to="/webhooks" search={{ entity: bookingId }} size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        its webhooks
      </AnchorLink>
    </Group>
  );
}
