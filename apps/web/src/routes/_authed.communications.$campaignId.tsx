import { Badge, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { z } from 'zod';
import { channelLabel, describeAudience, plural, type SentMailPreview } from '@ops/shared';
import { buttonColumn, whenColumn } from '../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../components/DataTable/DataTable';
import { SectionCard } from '../components/SectionCard';
import { CampaignActions } from '../features/communications/CampaignActions';
import { CampaignStatusBadge } from '../features/communications/CampaignStatusBadge';
import { MailPreview } from '../features/communications/MailPreview';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';
import { formatBusinessDateTime } from '../lib/business-time';

const fmt = (n: number) => n.toLocaleString('en-US');

export const Route = createFileRoute('/_authed/communications/$campaignId')({
  params: { parse: (p) => ({ campaignId: z.uuid().parse(p.campaignId) }), stringify: (p) => p },
  beforeLoad: ({ context }) => requirePermission(context, 'communications.send'),
  loader: ({ context, params }) =>
    context.queryClient.ensureQueryData(trpc.communications.byId.queryOptions({ campaignId: params.campaignId })),
  component: CampaignPage,
});

function Stat({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {fmt(value)}
      </Text>
    </Card>
  );
}

const outboxStatus = (o: SentMailPreview): string => (o.status === 'failed' ? `failed: ${o.error ?? ''}` : o.status);

const outboxColumns: Array<DataTableColumn<SentMailPreview>> = [
  { key: 'recipient', title: 'Recipient', sortValue: (o) => o.recipient, render: (o) => o.recipient },
  { key: 'channel', title: 'Channel', sortValue: (o) => o.channel, render: (o) => o.channel },
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
  const totalMessages = c.recipientsTotal * Math.max(1, c.channels.length);
  const done = c.sentCount + c.failedCount;
  const pct = totalMessages > 0 ? Math.min(100, Math.round((done / totalMessages) * 100)) : c.status === 'completed' ? 100 : 0;
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
      <Card withBorder>
        <Group justify="space-between" mb={4}>
          <Text size="sm">
            {fmt(done)} of {plural(totalMessages, 'message')} processed
          </Text>
          <Text size="sm" fw={600} aria-live="polite" data-testid="campaign-status">
            {c.status}
          </Text>
        </Group>
        <Progress value={pct} aria-label="Send progress" animated={c.status === 'sending'} />
      </Card>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Stat label="Recipients" value={c.recipientsTotal} testId="recipients-total" />
        <Stat label="Messages sent" value={c.sentCount} testId="sent-count" />
        <Stat label="Messages failed" value={c.failedCount} testId="failed-count" />
        <Stat label="Excluded" value={c.excludedCount} testId="excluded-count" />
      </SimpleGrid>
      <Card withBorder>
        <Text size="sm">
          Audience: {c.audience ? describeAudience(c.audience) : '—'} · sent by {c.createdBy ?? '—'} · approved by{' '}
          {c.approvedBy ?? 'no approval needed'} · created {formatBusinessDateTime(c.createdAt)}
          {c.finishedAt ? ` · finished ${formatBusinessDateTime(c.finishedAt)}` : ''}
        </Text>
      </Card>
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
