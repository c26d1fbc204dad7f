import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { channelLabel, describeAudience, type CampaignSummary } from '@ops/shared';
import { DataTable, type DataTableColumn } from '../components/DataTable/DataTable';
import { CampaignStatusBadge } from '../features/communications/CampaignStatusBadge';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';
import { AnchorLink, ButtonLink } from '../components/RouterLinks';
import { SectionCard } from '../components/SectionCard';
import { formatBusinessDateTime } from '../lib/business-time';
import { dayColumn } from '../components/DataTable/columns';

const search = z.object({ cursor: z.string().max(200).optional().catch(undefined) });
const fmt = (n: number) => n.toLocaleString('en-US');

export const Route = createFileRoute('/_authed/communications/')({
  validateSearch: search,
  beforeLoad: ({ context }) => requirePermission(context, 'communications.send'),
  loaderDeps: ({ search: s }) => ({ cursor: s.cursor }),
  loader: ({ context, deps }) =>
    context.queryClient.ensureQueryData(
      context.trpc.communications.list.queryOptions({ cursor: deps.cursor ?? null, limit: 50 }),
    ),
  component: CommunicationsPage,
});

const count = (
  key: 'recipientsTotal' | 'sentCount' | 'failedCount' | 'excludedCount',
  title: string,
): DataTableColumn<CampaignSummary> => ({
  key,
  title,
  align: 'right',
  sortValue: (c) => c[key],
  render: (c) => fmt(c[key]),
});

const columns: Array<DataTableColumn<CampaignSummary>> = [
  {
    key: 'campaign',
    title: 'Campaign',
    sortValue: (c) => c.name,
    render: (c) => (
      <>
        <AnchorLink to="/communications/$campaignId" params={{ campaignId: c.id }}>
          {c.name}
        </AnchorLink>
        <Text size="xs" c="dimmed">
          {c.channels.map(channelLabel).join(' + ')}
        </Text>
      </>
    ),
  },
  { key: 'status', title: 'Status', sortValue: (c) => c.status, render: (c) => <CampaignStatusBadge status={c.status} /> },
  {
    key: 'audience',
    title: 'Audience',
    csv: (c) => (c.audience ? describeAudience(c.audience) : null),
    render: (c) => (c.audience ? describeAudience(c.audience) : '—'),
  },
  // Recipients are people; sent and failed count messages (one per person and channel).
  count('recipientsTotal', 'Recipients'),
  count('sentCount', 'Messages sent'),
  count('failedCount', 'Messages failed'),
  count('excludedCount', 'Excluded'),
  { key: 'sentBy', title: 'Sent by', sortValue: (c) => c.createdBy, render: (c) => c.createdBy ?? '—' },
  { key: 'approvedBy', title: 'Approved by', sortValue: (c) => c.approvedBy, render: (c) => c.approvedBy ?? '—' },
  dayColumn('created', 'Created', (c) => c.createdAt, { exportTime: true }),
];

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
        <SectionCard title="Waiting for approval" titleGap="xs">
          <Stack gap={4}>
            {data.pending.map((p) => (
              <Text key={p.approvalId} size="sm">
                {p.summary} — requested by {p.requestedBy}, {formatBusinessDateTime(p.requestedAt)} ·{' '}
                <AnchorLink to="/approvals">Approvals inbox</AnchorLink>
              </Text>
            ))}
          </Stack>
        </SectionCard>
      )}
      <Card withBorder>
        <DataTable
          name="Campaigns"
          storageKey="communications.campaigns"
          csv
          columns={columns}
          rows={data.items}
          empty="No campaigns yet."
          tableProps={{ striped: true }}
        />
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
