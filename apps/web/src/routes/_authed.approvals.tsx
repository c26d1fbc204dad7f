import { SegmentedControl, Stack, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { z } from 'zod';
import { APPROVAL_VIEWS } from '@ops/shared';
import { ApprovalCard } from '../features/approvals/ApprovalCard';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';

const searchSchema = z.object({ view: z.enum(APPROVAL_VIEWS).catch('pending').default('pending') });

export const Route = createFileRoute('/_authed/approvals')({
  validateSearch: searchSchema,
  beforeLoad: ({ context }) => requirePermission(context, 'approvals.decide'),
  loaderDeps: ({ search }) => ({ view: search.view }),
  loader: ({ context, deps }) =>
    context.queryClient.ensureQueryData(context.trpc.approvals.list.queryOptions({ view: deps.view })),
  component: ApprovalsPage,
});

function ApprovalsPage() {
  const { view } = Route.useSearch();
  const navigate = useNavigate({ from: Route.fullPath });
  const items = useSuspenseQuery(trpc.approvals.list.queryOptions({ view })).data;
  return (
    <Stack>
      <Title order={2}>Approvals</Title>
      <SegmentedControl
        w="fit-content"
        value={view}
        onChange={(v) => void navigate({ search: { view: v === 'recent' ? 'recent' : 'pending' } })}
        data={[
          { value: 'pending', label: 'Waiting' },
          { value: 'recent', label: 'Decided' },
        ]}
        aria-label="Which requests"
      />
      {items.length === 0 ? (
        <Title order={5} c="dimmed">
          {view === 'pending' ? 'Nothing is waiting for a second admin.' : 'No decided requests yet.'}
        </Title>
      ) : (
        items.map((item) => <ApprovalCard key={item.id} item={item} />)
      )}
    </Stack>
  );
}
