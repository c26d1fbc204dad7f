import '@mantine/charts/styles.css';
import { Group, Stack, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { PeriodPicker } from '../components/PeriodPicker';
import { periodInputOf, periodSearchSchema } from '../components/period-search';
import { RevenueView } from '../features/revenue/RevenueView';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';

export const Route = createFileRoute('/_authed/revenue')({
  validateSearch: periodSearchSchema,
  beforeLoad: ({ context }) => requirePermission(context, 'analytics.read'),
  loaderDeps: ({ search }) => periodInputOf(search),
  loader: ({ context, deps }) =>
    Promise.all([
      context.queryClient.ensureQueryData(context.trpc.revenue.report.queryOptions(deps)),
      context.queryClient.ensureQueryData(context.trpc.revenue.liabilities.queryOptions(deps)),
    ]),
  component: RevenuePage,
});

function RevenuePage() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const input = periodInputOf(search);
  const report = useSuspenseQuery(trpc.revenue.report.queryOptions(input)).data;
  const liabilities = useSuspenseQuery(trpc.revenue.liabilities.queryOptions(input)).data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Revenue</Title>
        <PeriodPicker value={search} onChange={(next) => void navigate({ search: next })} />
      </Group>
      <RevenueView report={report} liabilities={liabilities} />
    </Stack>
  );
}
