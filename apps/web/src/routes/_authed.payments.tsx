import { Card, Code, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { formatCents, type FailedPaymentRow, type OverduePaymentRow, type PendingRefundRow } from '@ops/shared';
import { DataTable, type DataTableColumn } from '../components/DataTable/DataTable';
import { AnchorLink } from '../components/RouterLinks';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';
import { formatBusinessDateTime } from '../lib/business-time';

export const Route = createFileRoute('/_authed/payments')({
  beforeLoad: ({ context }) => requirePermission(context, 'health.read'),
  loader: ({ context }) => context.queryClient.ensureQueryData(trpc.payments.pipeline.queryOptions()),
  component: PaymentsPage,
});

const when = (iso: string) => (iso ? formatBusinessDateTime(iso) : '—');

function BookingLink({ bookingId, shortId }: { bookingId: string; shortId: string }) {
  return (
    <AnchorLink to="/bookings/$bookingId" params={{ bookingId }} size="sm" ff="monospace">
      {shortId}
    </AnchorLink>
  );
}

function Section({ title, count, limit, children }: { title: string; count: number; limit: number; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-label={title}>
      <Title order={4} mb="xs">
        {title} ({count}
        {count >= limit ? '+' : ''})
      </Title>
      {count === 0 ? <Text c="dimmed">None.</Text> : children}
    </Card>
  );
}

function bookingColumn<Row extends { bookingId: string; shortId: string }>(): DataTableColumn<Row> {
  return {
    key: 'booking',
    title: 'Booking',
    sortValue: (r) => r.shortId,
    render: (r) => <BookingLink bookingId={r.bookingId} shortId={r.shortId} />,
  };
}

function amountColumn<Row extends { amountCents: number }>(): DataTableColumn<Row> {
  return {
    key: 'amount',
    title: 'Amount',
    align: 'right',
    sortValue: (r) => r.amountCents,
    csv: (r) => formatCents(r.amountCents),
    render: (r) => formatCents(r.amountCents),
  };
}

const overdueColumns: Array<DataTableColumn<OverduePaymentRow>> = [
  bookingColumn(),
  { key: 'due', title: 'Due', sortValue: (p) => p.dueAt || null, render: (p) => when(p.dueAt) },
  amountColumn(),
  {
    key: 'intent',
    title: 'Payment intent',
    sortValue: (p) => p.paymentIntentId,
    render: (p) => <Code>{p.paymentIntentId}</Code>,
  },
];

const failureColumns: Array<DataTableColumn<FailedPaymentRow>> = [
  bookingColumn(),
  { key: 'failed', title: 'Failed', sortValue: (p) => p.failedAt || null, render: (p) => when(p.failedAt) },
  amountColumn(),
  {
    key: 'why',
    title: 'Why',
    sortValue: (p) => p.failureCode,
    csv: (p) => [p.failureCode, p.failureMessage].filter(Boolean).join(' '),
    render: (p) => (
      <>
        {p.failureCode && <Code>{p.failureCode}</Code>} {p.failureMessage}
      </>
    ),
  },
];

const refundColumns: Array<DataTableColumn<PendingRefundRow>> = [
  bookingColumn(),
  { key: 'requested', title: 'Requested', sortValue: (r) => r.createdAt || null, render: (r) => when(r.createdAt) },
  amountColumn(),
  { key: 'method', title: 'Method', sortValue: (r) => r.method, render: (r) => r.method },
  {
    key: 'stripe',
    title: 'Stripe refund',
    sortValue: (r) => r.stripeRefundId ?? r.error,
    render: (r) => (r.stripeRefundId ? <Code>{r.stripeRefundId}</Code> : (r.error ?? '—')),
  },
];

/** The payments pipeline behind the command center's counts, every row linked to its booking. */
function PaymentsPage() {
  const { data } = useSuspenseQuery(trpc.payments.pipeline.queryOptions());
  const authorizations = data.overdue.filter((p) => p.kind === 'authorize');
  const captures = data.overdue.filter((p) => p.kind === 'capture');
  return (
    <Stack gap="md">
      <Title order={2}>Payments pipeline</Title>
      <Text size="sm" c="dimmed">
        A scheduled authorisation or capture is overdue {data.graceMinutes} minutes after its time.
      </Text>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {[
          { title: 'Overdue authorisations', rows: authorizations },
          { title: 'Overdue captures', rows: captures },
        ].map(({ title, rows }) => (
          <Section key={title} title={title} count={rows.length} limit={data.limit}>
            <DataTable
              aria-label={title}
              storageKey="payments.overdue"
              filename={`${title.toLowerCase().replace(/ /g, '-')}.csv`}
              columns={overdueColumns}
              rows={rows}
              rowKey={(p) => p.paymentId}
              tableProps={{ fz: 'sm' }}
            />
          </Section>
        ))}
      </SimpleGrid>
      <Section title="Failed payments (7 days)" count={data.failures.length} limit={data.limit}>
        <DataTable
          aria-label="Failed payments"
          storageKey="payments.failures"
          filename="failed-payments.csv"
          columns={failureColumns}
          rows={data.failures}
          rowKey={(p) => p.paymentId}
          tableProps={{ fz: 'sm' }}
        />
      </Section>
      <Section title="Refunds pending at Stripe" count={data.pendingRefunds.length} limit={data.limit}>
        <DataTable
          aria-label="Pending refunds"
          storageKey="payments.refunds"
          filename="pending-refunds.csv"
          columns={refundColumns}
          rows={data.pendingRefunds}
          rowKey={(r) => r.refundId}
          tableProps={{ fz: 'sm' }}
        />
      </Section>
    </Stack>
  );
}
