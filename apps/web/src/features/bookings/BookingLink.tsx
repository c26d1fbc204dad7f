import type { MantineSize } from '@mantine/core';
import type { DataTableColumn } from '../../components/DataTable/DataTable';
import { AnchorLink } from '../../components/RouterLinks';

/** A booking's short id in monospace, opening the booking's page. Without `size` it takes the anchor's own size. */
export function BookingLink({ bookingId, shortId, size }: { bookingId: string; shortId: string; size?: MantineSize }) {
  return (
    <AnchorLink to="/bookings/$bookingId" params={{ bookingId }} size={size} ff="monospace">
      {shortId}
    </AnchorLink>
  );
}

/** A Booking column: the booking's short id linking to its page, sorted and exported by the short id. */
export function bookingColumn<Row extends { shortId: string }>(
  bookingId: (row: Row) => string,
  size?: MantineSize,
): DataTableColumn<Row> {
  return {
    key: 'booking',
    title: 'Booking',
    sortValue: (row) => row.shortId,
    render: (row) => <BookingLink bookingId={bookingId(row)} shortId={row.shortId} size={size} />,
  };
}
