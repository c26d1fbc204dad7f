import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { BookingPage } from '../features/bookings/BookingPage';
import { requirePermission } from '../lib/guard';

export const Route = createFileRoute('/_authed/bookings/$bookingId')({
  params: { parse: (p) => ({ bookingId: z.uuid().parse(p.bookingId) }), stringify: (p) => p },
  beforeLoad: ({ context }) => requirePermission(context, 'bookings.read'),
  loader: async ({ context, params }) => {
    // The booking first and alone (see the person's page); its trail streams in behind it.
    await context.queryClient.ensureQueryData(context.trpc.bookings.detail.queryOptions({ bookingId: params.bookingId }));
    void context.queryClient.prefetchQuery(context.trpc.support.trail.queryOptions({ bookingId: params.bookingId }));
  },
  component: BookingRoute,
});

function BookingRoute() {
  const { bookingId } = Route.useParams();
  return <BookingPage bookingId={bookingId} />;
}
