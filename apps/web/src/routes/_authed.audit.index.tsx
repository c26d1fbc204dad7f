import { Badge, Button, Card, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useRef, useState } from 'react';
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

type AuditItem = ReturnType<typeof useAuditItems>[number];
function useAuditItems(search: AuditSearch) {
  return useSuspenseInfiniteQuery(listOptions(search)).data.pages.flatMap((p) => p.items);
}

/** One entry; memoised so loading another page renders only the rows that come into view. */
const AuditRow = memo(function AuditRow({
  e,
  index,
  measure,
}: {
  e: AuditItem;
  index: number;
  measure: (el: Element | null) => void;
}) {
  return (
    <Table.Tr ref={measure} data-index={index}>
      <Table.Td>
        <AnchorLink to="/audit/$auditId" params={{ auditId: e.id }} aria-label={`Open audit entry #${e.id}`}>
          #{e.id}
        </AnchorLink>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatBusinessDateTime(e.occurredAt)}</Text>
      </Table.Td>
      <Table.Td>
        <AnchorLink to="/audit" search={{ actor: e.actorEmail }} size="sm">
          {e.actorEmail}
        </AnchorLink>
      </Table.Td>
      <Table.Td>
        <Code>{e.action}</Code>
      </Table.Td>
      <Table.Td>
        {e.channel === 'mcp' ? (
          <Badge variant="light" color="grape" title={e.tokenName ? `token: ${e.tokenName}` : undefined}>
            mcp{e.tokenName ? ` · ${e.tokenName}` : ''}
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            web
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <AnchorLink to="/audit" search={{ resourceType: e.resourceType, resourceId: e.resourceId }} size="sm">
          {e.resourceType} {e.resourceId.length > 13 ? `${e.resourceId.slice(0, 8)}…` : e.resourceId}
        </AnchorLink>
      </Table.Td>
      <Table.Td maw={360}>
        <Text size="sm" lineClamp={2}>
          {e.reason}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
});

/**
 * Only the rows in and near the window are in the DOM (spacer rows keep the scroll height), so 10,000 entries
 * scroll as smoothly as 50 and "Load more" costs the same deep in the list as at the top.
 */
function AuditRows({ items }: { items: AuditItem[] }) {
  const body = useRef<HTMLTableSectionElement>(null);
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    setOffset(body.current ? body.current.getBoundingClientRect().top + window.scrollY : 0);
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: items.length,
    estimateSize: () => 45,
    overscan: 10,
    scrollMargin: offset,
  });
  const rows = virtualizer.getVirtualItems();
  const top = rows.length > 0 ? (rows[0]?.start ?? 0) - virtualizer.options.scrollMargin : 0;
  const bottom = rows.length > 0 ? virtualizer.getTotalSize() - ((rows.at(-1)?.end ?? 0) - virtualizer.options.scrollMargin) : 0;
  return (
    <Table.Tbody ref={body}>
      {top > 0 && (
        <tr aria-hidden>
          <td colSpan={7} style={{ height: top, padding: 0, border: 0 }} />
        </tr>
      )}
      {rows.map((r) => {
        const e = items[r.index];
        return e ? <AuditRow key={e.id} e={e} index={r.index} measure={virtualizer.measureElement} /> : null;
      })}
      {bottom > 0 && (
        <tr aria-hidden>
          <td colSpan={7} style={{ height: bottom, padding: 0, border: 0 }} />
        </tr>
      )}
    </Table.Tbody>
  );
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
          <Table striped highlightOnHover aria-label="Audit entries">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>When</Table.Th>
                <Table.Th>Actor</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Channel</Table.Th>
                <Table.Th>Resource</Table.Th>
                <Table.Th>Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <AuditRows items={items} />
          </Table>
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
