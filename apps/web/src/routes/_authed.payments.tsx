import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { PaymentsView } from '../features/payments/PaymentsView';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';

/** `failures=24h`: the failed payments of the last 24 hours, the command center's count, instead of the week's. */
const paymentsSearchSchema = z.object({ failures: z.enum(['24h']).optional().catch(undefined) });

export const Route = createFileRoute('/_authed/payments')({
  validateSearch: (raw) => paymentsSearchSchema.parse(raw),
  beforeLoad: ({ context }) => requirePermission(context, 'health.read'),
  loader: ({ context }) => context.queryClient.ensureQueryData(context.trpc.payments.pipeline.queryOptions()),
  component: PaymentsPage,
});

function PaymentsPage() {
  const pipeline = useSuspenseQuery(trpc.payments.pipeline.queryOptions()).data;
  const { failures } = Route.useSearch();
  return <PaymentsView pipeline={pipeline} within={failures} />;
}
