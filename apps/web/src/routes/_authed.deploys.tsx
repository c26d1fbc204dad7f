import { Alert, Card, Code, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { deployShipped, shortSha, type DeployHistoryRow, type DeployTargetRow } from '@ops/shared';
import { millisecondsColumn, whenColumn } from '../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../components/DataTable/DataTable';
import { deployState, DeployStateBadge } from '../features/deploys/DeployStateBadge';
import { driftReason } from '../features/deploys/drift';
import { ReleaseNote } from '../features/deploys/ReleaseNote';
import { SourceStatusBadge } from '../components/SourceStatusBadge';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';
import { formatBusinessDateTime } from '../lib/business-time';
import { SectionCard } from '../components/SectionCard';

/**
 * `release`: an error tracker's release name (a Sentry event's tag links here), shown against the deploy that shipped it.
 * `deploy`: one deploy's id (a chart marker links here), marked in the history.
 */
const deploysSearchSchema = z.object({
  release: z.string().trim().min(1).max(200).optional().catch(undefined),
  deploy: z.string().trim().min(1).max(200).optional().catch(undefined),
});

export const Route = createFileRoute('/_authed/deploys')({
  validateSearch: (raw) => deploysSearchSchema.parse(raw),
  beforeLoad: ({ context }) => requirePermission(context, 'health.read'),
  loader: ({ context }) => context.queryClient.ensureQueryData(context.trpc.deploys.overview.queryOptions()),
  component: DeploysPage,
});

const targetColumns: Array<DataTableColumn<DeployTargetRow>> = [
  { key: 'target', title: 'Target', render: (t) => t.name, sortValue: (t) => t.name },
  {
    key: 'state',
    title: 'State',
    sortValue: deployState,
    render: (t) => (
      <>
        <DeployStateBadge target={t} />
        {deployState(t) === 'drift' && (
          <Text size="xs" c="dimmed">
            {driftReason(t)}
          </Text>
        )}
        {t.error && (
          <Text size="xs" c="red">
            {t.error}
          </Text>
        )}
      </>
    ),
  },
  {
    key: 'runs',
    title: 'Runs',
    csv: (t) => `${t.version ?? ''} ${shortSha(t.sha)}`.trim(),
    render: (t) => (
      <Text span ff="monospace" fz="inherit">
        {t.version ?? '—'} {shortSha(t.sha)}
      </Text>
    ),
  },
  {
    key: 'expected',
    title: 'Last recorded deploy',
    sortValue: (t) => t.expected?.deployedAt ?? null,
    csv: (t) => (t.expected ? `${t.expected.version} ${shortSha(t.expected.sha)} ${t.expected.deployedAt}` : null),
    render: (t) => (
      <Text span ff="monospace" fz="inherit">
        {t.expected
          ? `${t.expected.version} ${shortSha(t.expected.sha)} · ${formatBusinessDateTime(t.expected.deployedAt)}`
          : '—'}
      </Text>
    ),
  },
  millisecondsColumn('response', 'Response', (t) => t.responseMs),
];

const historyColumns: Array<DataTableColumn<DeployHistoryRow>> = [
  whenColumn('when', 'When', (d) => d.deployedAt),
  { key: 'service', title: 'Service', sortValue: (d) => d.service, render: (d) => d.service },
  {
    key: 'version',
    title: 'Version',
    sortValue: (d) => d.version,
    csv: (d) => `${d.version} ${shortSha(d.sha)}`,
    render: (d) => (
      <Code>
        {d.version} {shortSha(d.sha)}
      </Code>
    ),
  },
  { key: 'by', title: 'By', sortValue: (d) => d.deployedBy, render: (d) => d.deployedBy },
];

/** Every deploy target per environment against the deploy history (the same rows the charts mark). */
function DeploysPage() {
  const { data } = useSuspenseQuery(trpc.deploys.overview.queryOptions());
  const { release, deploy } = Route.useSearch();
  const shipped = release === undefined ? [] : data.overview.history.filter((d) => deployShipped(d, release));
  const marked = new Set(shipped.map((d) => d.id));
  if (deploy !== undefined) marked.add(deploy);
  const deployMissing = deploy !== undefined && !data.overview.history.some((d) => d.id === deploy);
  return (
    <Stack gap="md">
      <Title order={2}>Deploys</Title>
      {release !== undefined && <ReleaseNote release={release} shipped={shipped} />}
      {deployMissing && (
        <Alert color="gray" title="Deploy not in the history">
          The deploy a chart marked is older than the 30 days of history below.
        </Alert>
      )}
      <SourceStatusBadge status={data.source} />
      {data.source.state !== 'ok' && (
        <Text c="dimmed">
          {data.source.state === 'not_configured'
            ? 'No deploy targets configured.'
            : `No data: ${data.source.error ?? data.source.state}.`}
        </Text>
      )}
      {data.overview.environments.map((env) => (
        <Card key={env.environment} withBorder component="section" aria-label={`Targets in ${env.environment}`}>
          <Title order={4} mb="xs" tt="capitalize">
            {env.environment}
          </Title>
          <DataTable
            name={`Targets in ${env.environment}`}
            storageKey="deploys.targets"
            csv={`deploy-targets-${env.environment}.csv`}
            columns={targetColumns}
            rows={env.targets}
            rowKey={(t) => t.name}
            empty="No targets."
            tableProps={{ fz: 'sm' }}
          />
        </Card>
      ))}
      <SectionCard title="History (30 days)" titleGap="xs" aria-label="Deploy history">
        <DataTable
          name="Deploy history"
          storageKey="deploys.history"
          csv
          columns={historyColumns}
          rows={data.overview.history}
          rowProps={(d) =>
            marked.has(d.id)
              ? { id: `deploy-${d.id}`, 'aria-current': true, bg: 'var(--mantine-color-yellow-light)' }
              : { id: `deploy-${d.id}` }
          }
          empty="No deploys recorded."
          tableProps={{ fz: 'sm', striped: true }}
        />
      </SectionCard>
    </Stack>
  );
}
