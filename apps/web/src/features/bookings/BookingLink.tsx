import type { MantineSize } from '@mantine/core';
import type { ReactNode } from 'react';
import type { DataTableColumn } from '../../components/DataTable/DataTable';
import { AnchorLink, UnlinkedText } from '../../components/RouterLinks';
import { useCan } from '../../lib/use-me';

/**
 * Words naming a booking, opening its page for those who may read bookings; for others (an exec on the payments
 * pipeline) the same words without a link, rather than a link to a page that refuses them. Monospace by default, for
 * a short id; without `size` it takes the surrounding text's size.
 */
export function BookingLink({
  bookingId,
  children,
  size,
  monospace = true,
}: {
  bookingId: string;
  children: ReactNode;
  size?: MantineSize;
  monospace?: boolean;
}) {
  const ff = monospace ? 'monospace' : undefined;
  if (!useCan('bookings.read'))
    return (
      <UnlinkedText size={size} ff={ff}>
        {children}
      </UnlinkedText>
    );
  return (
    <AnchorLink to="/bookings/$bookingId" params={{ bookingId }} size={size} ff={ff}>
      {children}
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
    render: (row) => (
      <BookingLink bookingId={bookingId(row)} size={size}>
        {row.shortId}
      </BookingLink>
    ),
  };
}
