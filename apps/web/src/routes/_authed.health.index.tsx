import { Group, Stack, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { GrowthSection, MoneySection, OverallStatus, SourceStrip, StabilitySection } from '../features/health/CommandCenter';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';

const REFRESH_MS = 30_000;

export const Route = createFileRoute('/_authed/health/')({
  beforeLoad: ({ context }) => requirePermission(context, 'health.read'),
  loader: ({ context }) => context.queryClient.ensureQueryData(context.trpc.health.snapshot.queryOptions()),
  component: CommandCenterPage,
});

/** The on-call's landing page: one snapshot of every source, refreshed every 30 s. */
function CommandCenterPage() {
  const query = useSuspenseQuery({
    ...trpc.health.snapshot.queryOptions(),
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
    staleTime: 5_000,
  });
  const snapshot = query.data;
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={2}>Command center</Title>
      </Group>
      <OverallStatus
        snapshot={snapshot}
        updatedAt={query.dataUpdatedAt}
        refreshFailure={
          // A failed refresh keeps the last snapshot on screen; it must not go on reading as live.
          query.isRefetchError ? { at: query.errorUpdatedAt, message: query.error.message } : null
        }
      />
      <SourceStrip sources={snapshot.sources} />
      <StabilitySection snapshot={snapshot} />
      <MoneySection snapshot={snapshot} />
      <GrowthSection snapshot={snapshot} />
    </Stack>
  );
}
