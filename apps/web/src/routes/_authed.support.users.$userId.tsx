import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { User360Page } from '../features/support/User360Page';
import { requirePermission } from '../lib/guard';

export const Route = createFileRoute('/_authed/support/users/$userId')({
  params: { parse: (p) => ({ userId: z.uuid().parse(p.userId) }), stringify: (p) => p },
  beforeLoad: ({ context }) => requirePermission(context, 'users.read'),
  loader: async ({ context, params }) => {
    // The 360 comes first and alone: on a busy server the vendor-backed panels' work would hold it up. They are
    // asked for as soon as it has arrived and stream in behind it.
    await context.queryClient.ensureQueryData(context.trpc.support.user.queryOptions({ userId: params.userId }));
    void context.queryClient.prefetchQuery(context.trpc.support.stripe.queryOptions({ userId: params.userId }));
    void context.queryClient.prefetchQuery(context.trpc.support.trail.queryOptions({ userId: params.userId }));
  },
  component: UserRoute,
});

function UserRoute() {
  const { userId } = Route.useParams();
  return <User360Page userId={userId} />;
}
