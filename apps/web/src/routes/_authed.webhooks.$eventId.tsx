import { Alert, Card, Code, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';

import { z } from 'zod';
import { ReplayButton } from '../features/webhooks/ReplayButtons';
import { WebhookStatusBadge } from '../features/webhooks/StatusBadge';
import { DataTable, type DataTableColumn } from '../components/DataTable/DataTable';
import { WebhookBookingRef } from '../features/webhooks/WebhookBookingRef';
import { WebhookTable } from '../features/webhooks/WebhookTable';
import { webhookSearchSchema } from '../features/webhooks/filters';
import { PersonLink } from '../features/support/PersonLink';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';
import { useCan } from '../lib/use-me';
import { AnchorLink } from '../components/RouterLinks';
import { Field } from '../components/Field';
import { SectionCard } from '../components/SectionCard';
import { formatBusinessDateTime } from '../lib/business-time';

const headerColumns: Array<DataTableColumn<[string, string]>> = [
  { key: 'name', title: 'Header', hideable: false, sortValue: ([name]) => name, render: ([name]) => <Code>{name}</Code> },
  {
    key: 'value',
    title: 'Value',
    sortValue: ([, value]) => value,
    render: ([, value]) => <span style={{ wordBreak: 'break-all' }}>{value}</span>,
  },
];

export const Route = createFileRoute('/_authed/webhooks/$eventId')({
  params: { parse: (p) => ({ eventId: z.uuid().parse(p.eventId) }), stringify: (p) => p },
  // The ledger's filters it was opened from: "Back to webhooks" returns to the same list.
  validateSearch: (raw) => webhookSearchSchema.parse(raw),
  beforeLoad: ({ context }) => requirePermission(context, 'webhooks.read'),
  loader: ({ context, params }) =>
    context.queryClient.ensureQueryData(context.trpc.webhooks.byId.queryOptions({ id: params.eventId })),
  component: WebhookPage,
});

/** One delivery: payload, redacted headers, error, attempts, and the replays linked to it. */
function WebhookPage() {
  const { eventId } = Route.useParams();
  const listSearch = Route.useSearch();
  const w = useSuspenseQuery(trpc.webhooks.byId.queryOptions({ id: eventId })).data;
  const canReplay = useCan('webhooks.replay');
  return (
    <Stack gap="md">
      <AnchorLink to="/webhooks" search={listSearch} size="sm">
        Back to webhooks
      </AnchorLink>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2}>{w.type}</Title>
          <WebhookStatusBadge status={w.status} />
        </Group>
        {canReplay && w.status !== 'rejected' && <ReplayButton id={w.id} />}
      </Group>
      {w.error && (
        <Alert color="red" title="Error">
          {w.error}
        </Alert>
      )}
      <Card withBorder>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Field label="Source">{w.source}</Field>
          <Field label="Event id">{w.eventId ?? '(unverified)'}</Field>
          <Field label="Received">{formatBusinessDateTime(w.receivedAt)}</Field>
          <Field label="Processed">{w.processedAt ? formatBusinessDateTime(w.processedAt) : '—'}</Field>
          <Field label="Attempts">{w.attempts}</Field>
          <Field label="Duration">{w.durationMs === null ? '—' : `${w.durationMs} ms`}</Field>
          <Field label="Booking">{w.bookingId ? <WebhookBookingRef bookingId={w.bookingId} /> : '—'}</Field>
          <Field label="User">
            {w.userId ? (
              <PersonLink userId={w.userId} size="sm">
                {w.userId}
              </PersonLink>
            ) : (
              '—'
            )}
          </Field>
          <Field label="Payment">
            {/* A payment has no page of its own: its id lists every delivery about it (its booking is linked above). */}
            {w.paymentId ? (
              <AnchorLink to="/webhooks" search={{ entity: w.paymentId }} size="sm" title="Every delivery about this payment">
                {w.paymentId}
              </AnchorLink>
            ) : (
              '—'
            )}
          </Field>
        </SimpleGrid>
        {w.original && (
          <Text size="sm" mt="sm">
            Replay of{' '}
            <AnchorLink to="/webhooks/$eventId" params={{ eventId: w.original.id }} search={listSearch}>
              the original delivery ({w.original.status})
            </AnchorLink>
          </Text>
        )}
      </Card>
      <SectionCard title="Linked replays">
        <WebhookTable items={w.replays} label="Linked replays" empty="Not replayed." listSearch={listSearch} />
      </SectionCard>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <SectionCard title="Headers (signatures redacted)">
          <DataTable
            name="Headers"
            columns={headerColumns}
            rows={Object.entries(w.headers)}
            rowKey={([name]) => name}
            empty="No headers were kept."
          />
        </SectionCard>
        <SectionCard title="Payload">
          {w.payload === null ? (
            <Text c="dimmed">No trusted payload (the signature did not verify).</Text>
          ) : (
            <Code block aria-label="Payload" style={{ maxHeight: 480, overflow: 'auto' }}>
              {JSON.stringify(w.payload, null, 2)}
            </Code>
          )}
        </SectionCard>
      </SimpleGrid>
    </Stack>
  );
}
