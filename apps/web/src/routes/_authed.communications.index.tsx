import { Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { describeAudience } from '@ops/shared';
import { CampaignStatusBadge } from '../features/communications/CampaignStatusBadge';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';
import { AnchorLink, ButtonLink } from '../components/RouterLinks';

const search = z.object({ cursor: z.string().max(200).optional() });
const fmt = (n: number) => n.toLocaleString('en-US');

export const Route = createFileRoute('/_authed/communications/')({
  validateSearch: search,
  beforeLoad: ({ context }) => requirePermission(context, 'communications.send'),
  loaderDeps: ({ search: s }) => ({ cursor: s.cursor }),
  loader: ({ context, deps }) =>
    context.queryClient.ensureQueryData(trpc.communications.list.queryOptions({ cursor: deps.cursor ?? null, limit: 50 })),
  component: CommunicationsPage,
});

function CommunicationsPage() {
  const { cursor } = Route.useSearch();
  const data = useSuspenseQuery({
    ...trpc.communications.list.queryOptions({ cursor: cursor ?? null, limit: 50 }),
    refetchInterval: 5_000,
  }).data;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Communications</Title>
        <Group>
          <ButtonLink to="/communications/templates" variant="default">
            Templates
          </ButtonLink>
          <ButtonLink to="/communications/new">New campaign</ButtonLink>
        </Group>
      </Group>
      {data.pending.length > 0 && (
        <Card withBorder>
          <Title order={4} mb="xs">
            Waiting for approval
          </Title>
          <Stack gap={4}>
            {data.pending.map((p) => (
              <Text key={p.approvalId} size="sm">
                {p.summary} — requested by {p.requestedBy}, {new Date(p.requestedAt).toLocaleString()} ·{' '}
                <AnchorLink to="/approvals">Approvals inbox</AnchorLink>
              </Text>
            ))}
          </Stack>
        </Card>
      )}
      <Card withBorder>
        {data.items.length === 0 ? (
          <Text c="dimmed">No campaigns yet.</Text>
        ) : (
          <Table striped aria-label="Campaigns">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Campaign</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Audience</Table.Th>
                <Table.Th ta="right">Recipients</Table.Th>
                <Table.Th ta="right">Sent</Table.Th>
                <Table.Th ta="right">Failed</Table.Th>
                <Table.Th ta="right">Excluded</Table.Th>
                <Table.Th>Sent by</Table.Th>
                <Table.Th>Approved by</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <AnchorLink to="/communications/$campaignId" params={{ campaignId: c.id }}>
                      {c.name}
                    </AnchorLink>
                    <Text size="xs" c="dimmed">
                      {c.channels.join(' + ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <CampaignStatusBadge status={c.status} />
                  </Table.Td>
                  <Table.Td>{c.audience ? describeAudience(c.audience) : '—'}</Table.Td>
                  <Table.Td ta="right">{fmt(c.recipientsTotal)}</Table.Td>
                  <Table.Td ta="right">{fmt(c.sentCount)}</Table.Td>
                  <Table.Td ta="right">{fmt(c.failedCount)}</Table.Td>
                  <Table.Td ta="right">{fmt(c.excludedCount)}</Table.Td>
                  <Table.Td>{c.createdBy ?? '—'}</Table.Td>
                  <Table.Td>{c.approvedBy ?? '—'}</Table.Td>
                  <Table.Td>{new Date(c.createdAt).toLocaleString()}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {data.nextCursor && (
          <Group justify="flex-end" mt="sm">
            <ButtonLink to="/communications" search={{ cursor: data.nextCursor }} variant="default">
              Older campaigns
            </ButtonLink>
          </Group>
        )}
      </Card>
    </Stack>
  );
}
