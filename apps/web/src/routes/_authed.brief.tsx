import { Button, Group, Stack, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { PeriodPicker } from '../components/PeriodPicker';
import { periodInputOf, periodSearchSchema } from '../components/period-search';
import { BriefView } from '../features/brief/BriefView';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';

export const Route = createFileRoute('/_authed/brief')({
  validateSearch: periodSearchSchema,
  beforeLoad: ({ context }) => requirePermission(context, 'analytics.read'),
  loaderDeps: ({ search }) => periodInputOf(search),
  loader: ({ context, deps }) => context.queryClient.ensureQueryData(context.trpc.brief.report.queryOptions(deps)),
  component: BriefPage,
});

function BriefPage() {
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  const report = useSuspenseQuery(trpc.brief.report.queryOptions(periodInputOf(search))).data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Growth brief</Title>
        <Group className="no-print" align="flex-end">
          <PeriodPicker value={search} onChange={(next) => void navigate({ search: next })} />
          <Button variant="default" onClick={() => window.print()}>
            Print
          </Button>
        </Group>
      </Group>
      <BriefView report={report} />
    </Stack>
  );
}
