import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { z } from 'zod';
import { channelLabel, type SentMailPreview } from '@ops/shared';
import { buttonColumn, whenColumn } from '../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../components/DataTable/DataTable';
import { SectionCard } from '../components/SectionCard';
import { CampaignActions } from '../features/communications/CampaignActions';
import { CampaignOverview } from '../features/communications/CampaignOverview';
import { CampaignStatusBadge } from '../features/communications/CampaignStatusBadge';
import { MailPreview } from '../features/communications/MailPreview';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';

export const Route = createFileRoute('/_authed/communications/$campaignId')({
  params: { parse: (p) => ({ campaignId: z.uuid().parse(p.campaignId) }), stringify: (p) => p },
  beforeLoad: ({ context }) => requirePermission(context, 'communications.send'),
  loader: ({ context, params }) =>
    context.queryClient.ensureQueryData(context.trpc.communications.byId.queryOptions({ campaignId: params.campaignId })),
  component: CampaignPage,
});

const outboxStatus = (o: SentMailPreview): string => (o.status === 'failed' ? `failed: ${o.error ?? ''}` : o.status);

const outboxColumns: Array<DataTableColumn<SentMailPreview>> = [
  { key: 'recipient', title: 'Recipient', sortValue: (o) => o.recipient, render: (o) => o.recipient },
  { key: 'channel', title: 'Channel', sortValue: (o) => channelLabel(o.channel), render: (o) => channelLabel(o.channel) },
  { key: 'status', title: 'Status', sortValue: outboxStatus, render: outboxStatus },
  whenColumn('sent', 'Sent', (o) => o.sentAt),
];

function CampaignPage() {
  const { campaignId } = Route.useParams();
  // Live progress: poll every 2 s while the send is queued or running.
  const c = useSuspenseQuery({
    ...trpc.communications.byId.queryOptions({ campaignId }),
    refetchInterval: (q) => (q.state.data && ['queued', 'sending'].includes(q.state.data.status) ? 2_000 : false),
  }).data;
  const [openId, setOpenId] = useState<string | null>(null);
  const open = c.outbox.find((o) => o.id === openId) ?? null;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{c.name}</Title>
        <Group gap="xs">
          {c.channels.map((ch) => (
            <Badge key={ch} variant="outline">
              {channelLabel(ch)}
            </Badge>
          ))}
          <CampaignStatusBadge status={c.status} />
          <CampaignActions campaignId={c.id} status={c.status} />
        </Group>
      </Group>
      <CampaignOverview campaign={c} />
      <SectionCard title="Outbox (latest)" titleGap="xs">
        <Text size="xs" c="dimmed" mb="xs">
          Without SMTP configured, email stays on this machine: the exact message the mail server would have received is kept
          here.
        </Text>
        <DataTable
          name="Outbox"
          storageKey="communications.outbox"
          csv
          columns={[
            ...outboxColumns,
            buttonColumn<SentMailPreview>(
              'open',
              '',
              (o) => (o.id === openId ? 'Hide' : 'View message'),
              (o) => setOpenId(o.id === openId ? null : o.id),
            ),
          ]}
          rows={c.outbox}
          empty="Nothing sent yet."
        />
        {open && (
          <Stack mt="sm" gap="xs">
            <MailPreview title="Sent message" subject={open.subject} html={open.html} text={open.text} />
            {open.rawMessage && (
              <details>
                <summary>Raw message ({open.messageId})</summary>
                <Text component="pre" size="xs" style={{ whiteSpace: 'pre-wrap' }}>
                  {open.rawMessage}
                </Text>
              </details>
            )}
          </Stack>
        )}
      </SectionCard>
    </Stack>
  );
}
