import { Button, Card, Group, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { useCallback, useMemo } from 'react';
import type { AuditListItem } from '@ops/shared';
import { AuditFilters } from '../features/audit/AuditFilters';
import { AuditTable } from '../features/audit/AuditTable';
import { ChainBadge } from '../features/audit/ChainBadge';
import { auditFilters, auditSearchSchema, type AuditSearch } from '../features/audit/filters';
import { requirePermission } from '../lib/guard';
import { errorMessage, trpc, type Trpc } from '../lib/trpc';
import { ButtonLink } from '../components/RouterLinks';
import { downloadCsv } from '../components/DataTable/DataTable';

const listOptions = (trpc: Trpc, search: AuditSearch) =>
  trpc.audit.search.infiniteQueryOptions(
    { ...auditFilters(search), limit: 50 },
    { getNextPageParam: (page) => page.nextCursor, initialCursor: null },
  );

export const Route = createFileRoute('/_authed/audit/')({
  validateSearch: (raw) => auditSearchSchema.parse(raw),
  beforeLoad: ({ context }) => requirePermission(context, 'audit.read'),
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) =>
    Promise.all([
      context.queryClient.ensureInfiniteQueryData(listOptions(context.trpc, deps)),
      context.queryClient.ensureQueryData(context.trpc.audit.actors.queryOptions()),
    ]),
  component: AuditPage,
});

function heading(s: AuditSearch): string {
  if (s.resourceType && s.resourceId) return `History of ${s.resourceType} ${s.resourceId}`;
  if (s.actor) return `Activity of ${s.actor}`;
  if (s.adminOnly) return 'Recent admin actions';
  if (s.channel === 'mcp') return 'Actions by assistants (mcp)';
  return 'Audit log';
}

/**
 * The entries and their "Load more": their own component, so fetching the next page re-renders the list alone, not
 * the filters and buttons above it.
 */
function AuditEntries({ search }: { search: AuditSearch }) {
  const query = useSuspenseInfiniteQuery(listOptions(trpc, search));
  const pages = query.data.pages;
  // One array per page loaded, not per render: the list keeps its rows (and any sort) while it re-renders. One
  // concat copies references in bulk: ten thousand rows join in well under a millisecond.
  const items = useMemo(() => ([] as AuditListItem[]).concat(...pages.map((p) => p.items)), [pages]);
  const { fetchNextPage } = query;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  return <AuditTable items={items} hasMore={query.hasNextPage} onLoadMore={loadMore} loadingMore={query.isFetchingNextPage} />;
}

/** Every change made through the console: search, a person's activity, a resource's history, CSV export. */
function AuditPage() {
  const search = Route.useSearch();
  const navigate = useNavigate({ from: '/audit/' });
  const exportCsv = useMutation(trpc.audit.exportCsv.mutationOptions());
  const runExport = () =>
    exportCsv.mutateAsync(auditFilters(search)).then(
      (out) => {
        downloadCsv(out.filename, out.csv);
        if (out.truncated)
          notifications.show({
            color: 'yellow',
            message: `Exported the newest ${out.rows} entries; narrow the filters for the rest.`,
          });
      },
      (error: unknown) => notifications.show({ color: 'red', title: 'Export failed', message: errorMessage(error) }),
    );
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{heading(search)}</Title>
        <ChainBadge />
      </Group>
      <Group gap="xs">
        <ButtonLink to="/audit" search={{}} variant="default" size="xs">
          Everything
        </ButtonLink>
        <ButtonLink to="/audit" search={{ adminOnly: true }} variant="default" size="xs">
          Recent admin actions
        </ButtonLink>
        <ButtonLink to="/audit" search={{ channel: 'mcp' }} variant="default" size="xs">
          By assistants (mcp)
        </ButtonLink>
        <Button variant="default" size="xs" onClick={() => void runExport()} loading={exportCsv.isPending}>
          Export CSV
        </Button>
      </Group>
      <Card withBorder>
        <AuditFilters key={JSON.stringify(search)} value={search} onApply={(next) => void navigate({ search: next })} />
      </Card>
      <Card withBorder>
        <AuditEntries search={search} />
      </Card>
    </Stack>
  );
}
