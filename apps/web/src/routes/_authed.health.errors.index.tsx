import { Badge, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { ERROR_SORT_LABELS, ERROR_SORTS, type ErrorIssueSummary } from '@ops/shared';
import { DataTable, type DataTableColumn } from '../components/DataTable/DataTable';
import { SourceStatusBadge } from '../components/SourceStatusBadge';
import { errorsSearchSchema } from '../features/health/search';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';
import { AnchorLink } from '../components/RouterLinks';
import { whenColumn } from '../components/DataTable/columns';

export const Route = createFileRoute('/_authed/health/errors/')({
  validateSearch: (raw) => errorsSearchSchema.parse(raw),
  beforeLoad: ({ context }) => requirePermission(context, 'health.read'),
  loaderDeps: ({ search }) => ({ sort: search.sort }),
  loader: ({ context, deps }) =>
    context.queryClient.ensureQueryData(context.trpc.health.errors.top.queryOptions({ sort: deps.sort })),
  component: ErrorsPage,
});

const columns: Array<DataTableColumn<ErrorIssueSummary>> = [
  {
    key: 'issue',
    title: 'Issue',
    sortValue: (i) => i.title,
    csv: (i) => `${i.shortId} ${i.title}`,
    render: (i) => (
      <Stack gap={0}>
        <Group gap={6}>
          <Badge size="xs" color={i.level === 'fatal' || i.level === 'error' ? 'red' : 'yellow'}>
            {i.level}
          </Badge>
          {/* The list's order goes along, so the issue's way back returns to it. */}
          <AnchorLink to="/health/errors/$issueId" params={{ issueId: i.id }} search={true}>
            {i.title}
          </AnchorLink>
        </Group>
        <Text size="xs" c="dimmed" ff="monospace">
          {i.shortId} · {i.culprit}
        </Text>
      </Stack>
    ),
  },
  { key: 'project', title: 'Project', sortValue: (i) => i.project, render: (i) => i.project },
  { key: 'events', title: 'Events', align: 'right', sortValue: (i) => i.count, render: (i) => i.count.toLocaleString() },
  { key: 'users', title: 'Users', align: 'right', sortValue: (i) => i.userCount, render: (i) => i.userCount.toLocaleString() },
  // Newest first sorts by when an issue was first seen: the column shows the time the order follows.
  whenColumn('firstSeen', 'First seen', (i) => i.firstSeen),
  whenColumn('lastSeen', 'Last seen', (i) => i.lastSeen),
];

/** Sentry's top unresolved issues of the last 24 h, by frequency, users or newest. */
function ErrorsPage() {
  const { sort } = Route.useSearch();
  const navigate = useNavigate({ from: '/health/errors/' });
  const { source, issues } = useSuspenseQuery(trpc.health.errors.top.queryOptions({ sort })).data;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Errors</Title>
        <SourceStatusBadge status={source} />
      </Group>
      <Text c="dimmed" size="sm">
        Unresolved issues seen in the last 24 hours; events and users are counted over those 24 hours.
      </Text>
      <SegmentedControl
        w="fit-content"
        aria-label="Sort"
        value={sort}
        onChange={(v) => void navigate({ search: { sort: v } })}
        data={ERROR_SORTS.map((s) => ({ value: s, label: ERROR_SORT_LABELS[s] }))}
      />
      <Card withBorder>
        {issues === null ? (
          <Text c="dimmed">
            {source.state === 'not_configured'
              ? 'Sentry is not configured (SENTRY_ORG, SENTRY_TOKEN).'
              : `Sentry did not answer: ${source.error ?? source.state}.`}
          </Text>
        ) : issues.length === 0 ? (
          <Text c="green">No unresolved errors in the last 24 hours.</Text>
        ) : (
          <DataTable
            name="Top errors"
            storageKey="errors.top"
            csv
            columns={columns}
            rows={issues}
            tableProps={{ striped: true }}
          />
        )}
      </Card>
    </Stack>
  );
}
