import '@mantine/charts/styles.css';
import { Group, Stack, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { PeriodPicker } from '../components/PeriodPicker';
import { periodInputOf, periodSearchSchema } from '../components/period-search';
import { SupplyView } from '../features/supply/SupplyView';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';

export const Route = createFileRoute('/_authed/supply')({
  validateSearch: periodSearchSchema,
  beforeLoad: ({ context }) => requirePermission(context, 'analytics.read'),
  loaderDeps: ({ search }) => periodInputOf(search),
  loader: ({ context, deps }) => context.queryClient.ensureQueryData(context.trpc.supply.report.queryOptions(deps)),
  component: SupplyPage,
});

function SupplyPage() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const report = useSuspenseQuery(trpc.supply.report.queryOptions(periodInputOf(search))).data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Supply and demand</Title>
        <PeriodPicker value={search} onChange={(next) => void navigate({ search: next })} />
      </Group>
      <SupplyView report={report} />
    </Stack>
  );
}
