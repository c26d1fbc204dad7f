import '@mantine/charts/styles.css';
import { Group, SegmentedControl, Stack, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { SearchDemandView } from '../features/search-demand/SearchDemandView';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';

const searchSchema = z.object({
  days: z
    .union([z.literal(7), z.literal(30), z.literal(90)])
    .catch(30)
    .default(30),
});

export const Route = createFileRoute('/_authed/search-demand')({
  validateSearch: searchSchema,
  beforeLoad: ({ context }) => requirePermission(context, 'analytics.read'),
  loaderDeps: ({ search }) => ({ days: search.days }),
  loader: ({ context, deps }) => context.queryClient.ensureQueryData(trpc.searchDemand.report.queryOptions(deps)),
  component: SearchDemandPage,
});

function SearchDemandPage() {
  const { days } = Route.useSearch();
  const navigate = Route.useNavigate();
  const report = useSuspenseQuery(trpc.searchDemand.report.queryOptions({ days })).data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Search demand</Title>
        <SegmentedControl
          aria-label="Trend window"
          value={String(days)}
          data={[
            { value: '7', label: '7 days' },
            { value: '30', label: '30 days' },
            { value: '90', label: '90 days' },
          ]}
          onChange={(v) => void navigate({ search: { days: v === '7' ? 7 : v === '90' ? 90 : 30 } })}
        />
      </Group>
      <SearchDemandView report={report} />
    </Stack>
  );
}
