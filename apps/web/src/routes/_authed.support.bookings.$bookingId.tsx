import { createFileRoute, redirect } from '@tanstack/react-router';

/** A booking page's former address, kept so saved links and tickets still open it. */
export const Route = createFileRoute('/_authed/support/bookings/$bookingId')({
  beforeLoad: ({ params }) => {
    throw redirect({ to: '/bookings/$bookingId', params, replace: true });
  },
});
