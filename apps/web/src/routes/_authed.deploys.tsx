import { Badge, Card, Code, Stack, Table, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { SourceStatusBadge } from '../components/SourceStatusBadge';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';

export const Route = createFileRoute('/_authed/deploys')({
  beforeLoad: ({ context }) => requirePermission(context, 'health.read'),
  loader: ({ context }) => context.queryClient.ensureQueryData(trpc.deploys.overview.queryOptions()),
  component: DeploysPage,
});

/** Every deploy target per environment against the deploy history (the same rows the charts mark). */
function DeploysPage() {
  const { data } = useSuspenseQuery(trpc.deploys.overview.queryOptions());
  return (
    <Stack gap="md">
      <Title order={2}>Deploys</Title>
      <SourceStatusBadge status={data.source} />
      {data.source.state !== 'ok' && (
        <Text c="dimmed">{data.source.state === 'not_configured' ? 'No deploy targets configured.' : `No data: ${data.source.error ?? data.source.state}.`}</Text>
      )}
      {data.overview.environments.map((env) => (
        <Card key={env.environment} withBorder component="section" aria-label={`Targets in ${env.environment}`}>
          <Title order={4} mb="xs" tt="capitalize">
            {env.environment}
          </Title>
          <Table fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Target</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Runs</Table.Th>
                <Table.Th>Last recorded deploy</Table.Th>
                <Table.Th ta="right">Response</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {env.targets.map((t) => (
                <Table.Tr key={t.name}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>
                    <Badge size="xs" color={!t.up ? 'red' : t.drift ? 'yellow' : 'green'}>
                      {!t.up ? 'down' : t.drift ? 'drift' : 'up'}
                    </Badge>
                    {t.error && (
                      <Text size="xs" c="red">
                        {t.error}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ff="monospace">
                    {t.version ?? '—'} {t.sha ? t.sha.slice(0, 7) : ''}
                  </Table.Td>
                  <Table.Td ff="monospace">
                    {t.expected ? `${t.expected.version} ${t.expected.sha.slice(0, 7)} · ${new Date(t.expected.deployedAt).toLocaleString()}` : '—'}
                  </Table.Td>
                  <Table.Td ta="right">{t.responseMs === null ? '—' : `${t.responseMs} ms`}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      ))}
      <Card withBorder component="section" aria-label="Deploy history">
        <Title order={4} mb="xs">
          History (30 days)
        </Title>
        {data.overview.history.length === 0 ? (
          <Text c="dimmed">No deploys recorded.</Text>
        ) : (
          <Table fz="sm" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Service</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>By</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.overview.history.map((d) => (
                <Table.Tr key={d.id} id={`deploy-${d.id}`}>
                  <Table.Td>{new Date(d.deployedAt).toLocaleString()}</Table.Td>
                  <Table.Td>{d.service}</Table.Td>
                  <Table.Td>
                    <Code>
                      {d.version} {d.sha.slice(0, 7)}
                    </Code>
                  </Table.Td>
                  <Table.Td>{d.deployedBy}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
