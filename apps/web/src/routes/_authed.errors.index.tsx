import { Badge, Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { z } from 'zod';
import { ERROR_SORT_LABELS, ERROR_SORTS, type ErrorSort } from '@ops/shared';
import { SourceStatusBadge } from '../components/SourceStatusBadge';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';
import { AnchorLink } from '../components/RouterLinks';

const searchSchema = z.object({ sort: z.enum(ERROR_SORTS).default('freq').catch('freq') });

export const Route = createFileRoute('/_authed/errors/')({
  validateSearch: (raw) => searchSchema.parse(raw),
  beforeLoad: ({ context }) => requirePermission(context, 'health.read'),
  loaderDeps: ({ search }) => ({ sort: search.sort }),
  loader: ({ context, deps }) => context.queryClient.ensureQueryData(trpc.health.errors.top.queryOptions({ sort: deps.sort })),
  component: ErrorsPage,
});

/** Sentry's top unresolved issues of the last 24 h, by frequency, users or newest. */
function ErrorsPage() {
  const { sort } = Route.useSearch();
  const navigate = useNavigate({ from: '/errors/' });
  const { source, issues } = useSuspenseQuery(trpc.health.errors.top.queryOptions({ sort })).data;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Errors</Title>
        <SourceStatusBadge status={source} />
      </Group>
      <SegmentedControl
        w="fit-content"
        aria-label="Sort"
        value={sort}
        onChange={(v) => void navigate({ search: { sort: v as ErrorSort } })}
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
          <Table striped aria-label="Top errors">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Issue</Table.Th>
                <Table.Th>Project</Table.Th>
                <Table.Th ta="right">Events</Table.Th>
                <Table.Th ta="right">Users</Table.Th>
                <Table.Th>Last seen</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {issues.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>
                    <Stack gap={0}>
                      <Group gap={6}>
                        <Badge size="xs" color={i.level === 'fatal' || i.level === 'error' ? 'red' : 'yellow'}>
                          {i.level}
                        </Badge>
                        <AnchorLink to="/errors/$issueId" params={{ issueId: i.id }}>
                          {i.title}
                        </AnchorLink>
                      </Group>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {i.shortId} · {i.culprit}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td>{i.project}</Table.Td>
                  <Table.Td ta="right">{i.count.toLocaleString()}</Table.Td>
                  <Table.Td ta="right">{i.userCount.toLocaleString()}</Table.Td>
                  <Table.Td>{i.lastSeen ? new Date(i.lastSeen).toLocaleString() : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
