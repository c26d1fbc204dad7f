import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { AuditFilters } from '../features/audit/AuditFilters';
import { AuditTable } from '../features/audit/AuditTable';
import { ChainBadge } from '../features/audit/ChainBadge';
import { auditFilters, auditSearchSchema, type AuditSearch } from '../features/audit/filters';
import { requirePermission } from '../lib/guard';
import { errorMessage, trpc } from '../lib/trpc';
import { ButtonLink } from '../components/RouterLinks';

const listOptions = (search: AuditSearch) =>
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
      context.queryClient.ensureInfiniteQueryData(listOptions(deps)),
      context.queryClient.ensureQueryData(trpc.audit.actors.queryOptions()),
    ]),
  component: AuditPage,
});

function useAuditItems(search: AuditSearch) {
  return useSuspenseInfiniteQuery(listOptions(search)).data.pages.flatMap((p) => p.items);
}

function heading(s: AuditSearch): string {
  if (s.resourceType && s.resourceId) return `History of ${s.resourceType} ${s.resourceId}`;
  if (s.actor) return `Activity of ${s.actor}`;
  if (s.adminOnly) return 'Recent admin actions';
  if (s.channel === 'mcp') return 'Actions by assistants (mcp)';
  return 'Audit log';
}

function download(filename: string, csv: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}

/** Every change made through the console: search, a person's activity, a resource's history, CSV export. */
function AuditPage() {
  const search = Route.useSearch();
  const navigate = useNavigate({ from: '/audit/' });
  const query = useSuspenseInfiniteQuery(listOptions(search));
  const items = useAuditItems(search);
  const exportCsv = useMutation(trpc.audit.exportCsv.mutationOptions());
  const runExport = () =>
    exportCsv.mutateAsync(auditFilters(search)).then(
      (out) => {
        download(out.filename, out.csv);
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
        {items.length === 0 ? (
          <Text c="dimmed">No audit entries match.</Text>
        ) : (
          <AuditTable items={items} aria-label="Audit entries" />
        )}
        {query.hasNextPage && (
          <Group justify="center" mt="md">
            <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
              Load more
            </Button>
          </Group>
        )}
      </Card>
    </Stack>
  );
}
