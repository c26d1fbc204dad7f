import { Badge, Button, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { DataTable, downloadCsv, type DataTableColumn } from '../components/DataTable/DataTable';
import type { AuditListItem } from '@ops/shared';
import { AuditFilters } from '../features/audit/AuditFilters';
import { ChainBadge } from '../features/audit/ChainBadge';
import { auditFilters, auditSearchSchema, type AuditSearch } from '../features/audit/filters';
import { requirePermission } from '../lib/guard';
import { errorMessage, trpc } from '../lib/trpc';
import { AnchorLink, ButtonLink } from '../components/RouterLinks';
import { formatBusinessDateTime } from '../lib/business-time';

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

const columns: Array<DataTableColumn<AuditListItem>> = [
  {
    key: 'id',
    title: '#',
    hideable: false,
    sortValue: (e) => e.id,
    render: (e) => (
      <AnchorLink to="/audit/$auditId" params={{ auditId: e.id }} aria-label={`Open audit entry #${e.id}`}>
        #{e.id}
      </AnchorLink>
    ),
  },
  {
    key: 'when',
    title: 'When',
    sortValue: (e) => e.occurredAt,
    render: (e) => <Text size="sm">{formatBusinessDateTime(e.occurredAt)}</Text>,
  },
  {
    key: 'actor',
    title: 'Actor',
    sortValue: (e) => e.actorEmail,
    render: (e) => (
      <AnchorLink to="/audit" search={{ actor: e.actorEmail }} size="sm">
        {e.actorEmail}
      </AnchorLink>
    ),
  },
  { key: 'action', title: 'Action', sortValue: (e) => e.action, render: (e) => <Code>{e.action}</Code> },
  {
    key: 'channel',
    title: 'Channel',
    sortValue: (e) => e.channel,
    render: (e) =>
      e.channel === 'mcp' ? (
        <Badge variant="light" color="grape" title={e.tokenName ? `token: ${e.tokenName}` : undefined}>
          mcp{e.tokenName ? ` · ${e.tokenName}` : ''}
        </Badge>
      ) : (
        <Text size="sm" c="dimmed">
          web
        </Text>
      ),
  },
  {
    key: 'resource',
    title: 'Resource',
    sortValue: (e) => `${e.resourceType} ${e.resourceId}`,
    render: (e) => (
      <AnchorLink to="/audit" search={{ resourceType: e.resourceType, resourceId: e.resourceId }} size="sm">
        {e.resourceType} {e.resourceId.length > 13 ? `${e.resourceId.slice(0, 8)}…` : e.resourceId}
      </AnchorLink>
    ),
  },
  {
    key: 'reason',
    title: 'Reason',
    width: 360,
    sortValue: (e) => e.reason,
    render: (e) => (
      <Text size="sm" lineClamp={2}>
        {e.reason}
      </Text>
    ),
  },
];

function heading(s: AuditSearch): string {
  if (s.resourceType && s.resourceId) return `History of ${s.resourceType} ${s.resourceId}`;
  if (s.actor) return `Activity of ${s.actor}`;
  if (s.adminOnly) return 'Recent admin actions';
  if (s.channel === 'mcp') return 'Actions by assistants (mcp)';
  return 'Audit log';
}

/** Every change made through the console: search, a person's activity, a resource's history, CSV export. */
function AuditPage() {
  const search = Route.useSearch();
  const navigate = useNavigate({ from: '/audit/' });
  const query = useSuspenseInfiniteQuery(listOptions(search));
  const items = query.data.pages.flatMap((p) => p.items);
  // Each row carries an id to link to and its place in the list, by which the scroll benchmark counts loaded rows.
  const place = new Map(items.map((e, i) => [e.id, i]));
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
        <DataTable
          aria-label="Audit entries"
          storageKey="audit.entries"
          columns={columns}
          rows={items}
          rowKey={(e) => String(e.id)}
          rowProps={(e) => ({ id: `audit-row-${e.id}`, 'data-index': place.get(e.id) })}
          empty="No audit entries match."
          hasMore={query.hasNextPage}
          onLoadMore={() => void query.fetchNextPage()}
          loadingMore={query.isFetchingNextPage}
          tableProps={{ striped: true, highlightOnHover: true }}
        />
      </Card>
    </Stack>
  );
}
