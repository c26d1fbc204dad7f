import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { errorsIssueInputSchema } from '@ops/shared';
import { SourceStatusBadge } from '../components/SourceStatusBadge';
import { EventTag } from '../features/health/EventTag';
import { errorIssueSearchSchema } from '../features/health/search';
import { SentryPageLink } from '../features/health/SentryPageLink';
import { StackTrace } from '../features/health/StackTrace';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';
import { AnchorLink } from '../components/RouterLinks';
import { formatBusinessDateTime } from '../lib/business-time';

export const Route = createFileRoute('/_authed/health/errors/$issueId')({
  validateSearch: (raw) => errorIssueSearchSchema.parse(raw),
  params: { parse: (p) => ({ issueId: errorsIssueInputSchema.shape.id.parse(p.issueId) }), stringify: (p) => p },
  beforeLoad: ({ context }) => requirePermission(context, 'health.read'),
  loader: ({ context, params }) =>
    context.queryClient.ensureQueryData(context.trpc.health.errors.issue.queryOptions({ id: params.issueId })),
  component: IssuePage,
});

const seen = (iso: string | null) => (iso ? formatBusinessDateTime(iso) : 'not recorded');

/** One Sentry issue and the stack trace of its latest event. */
function IssuePage() {
  const { issueId } = Route.useParams();
  const { sort = 'freq' } = Route.useSearch();
  const { source, issue } = useSuspenseQuery(trpc.health.errors.issue.queryOptions({ id: issueId })).data;
  if (!issue) {
    return (
      <Stack>
        <Title order={2}>Error {issueId}</Title>
        <SourceStatusBadge status={source} />
        <Text c="dimmed">Sentry did not answer: {source.error ?? source.state}.</Text>
      </Stack>
    );
  }
  const event = issue.latestEvent;
  return (
    <Stack gap="md">
      <AnchorLink to="/health/errors" search={{ sort }} size="sm">
        ← All errors
      </AnchorLink>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={2}>{issue.title}</Title>
          <Text c="dimmed" ff="monospace" size="sm">
            {issue.shortId} · {issue.culprit}
          </Text>
        </Stack>
        <Group gap="xs">
          <Badge color={issue.level === 'error' || issue.level === 'fatal' ? 'red' : 'yellow'}>{issue.level}</Badge>
          <SourceStatusBadge status={source} />
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {[
          { label: 'Events', value: issue.count.toLocaleString(), count: true },
          { label: 'Users', value: issue.userCount.toLocaleString(), count: true },
          { label: 'First seen', value: seen(issue.firstSeen) },
          { label: 'Last seen', value: seen(issue.lastSeen) },
        ].map((f) => (
          <Card key={f.label} withBorder>
            <Text size="xs" c="dimmed">
              {f.label}
            </Text>
            <Text fw={f.count ? 700 : undefined}>{f.value}</Text>
          </Card>
        ))}
      </SimpleGrid>
      <SentryPageLink permalink={issue.permalink} source={source} />
      <Card withBorder>
        <Title order={4} mb="sm">
          Latest event{' '}
          {event ? (
            <Text span c="dimmed" size="sm" ff="monospace">
              {event.eventId} · {event.dateCreated ? formatBusinessDateTime(event.dateCreated) : 'time not recorded'}
            </Text>
          ) : null}
        </Title>
        {!event ? (
          <Text c="dimmed">Sentry holds no event for this issue.</Text>
        ) : (
          <Stack gap="md">
            {event.message && <Text>{event.message}</Text>}
            {event.tags.length > 0 && (
              <Group gap={4}>
                {event.tags.map((t) => (
                  <EventTag key={t.key} tag={t} />
                ))}
              </Group>
            )}
            {event.exceptions.length === 0 ? (
              <Text c="dimmed">This event carries no stack trace.</Text>
            ) : (
              event.exceptions.map((x, i) => <StackTrace key={`${x.type}-${i}`} exception={x} />)
            )}
          </Stack>
        )}
      </Card>
    </Stack>
  );
}
