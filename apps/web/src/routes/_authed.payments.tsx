import { Code, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import {
  refundMethodLabel,
  refundProblem,
  sentence,
  type FailedPaymentRow,
  type OverduePaymentRow,
  type PendingRefundRow,
  type RefundAttention,
} from '@ops/shared';
import { DataTable, type DataTableColumn } from '../components/DataTable/DataTable';
import { moneyColumn, whenColumn } from '../components/DataTable/columns';
import { SectionCard } from '../components/SectionCard';
import { bookingColumn } from '../features/bookings/BookingLink';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';

export const Route = createFileRoute('/_authed/payments')({
  beforeLoad: ({ context }) => requirePermission(context, 'health.read'),
  loader: ({ context }) => context.queryClient.ensureQueryData(trpc.payments.pipeline.queryOptions()),
  component: PaymentsPage,
});

/**
 * One list of the pipeline under its title and count ("+" when the server stopped at its limit), or "None.", with
 * its CSV.
 */
function PipelineTable<Row>({
  title,
  limit,
  total,
  rows,
  ...table
}: {
  title: string;
  limit: number;
  /** The whole count when the server knows it (the rows may be fewer). */
  total?: number;
  rows: Row[];
  name: string;
  storageKey: string;
  columns: Array<DataTableColumn<Row>>;
  rowKey: (row: Row) => string;
}) {
  const count = total !== undefined ? String(total) : `${rows.length}${rows.length >= limit ? '+' : ''}`;
  return (
    <SectionCard title={`${title} (${count})`} titleGap="xs" aria-label={title}>
      {rows.length === 0 ? <Text c="dimmed">None.</Text> : <DataTable {...table} rows={rows} csv tableProps={{ fz: 'sm' }} />}
    </SectionCard>
  );
}

/** Every list here leads with the booking, the list's own time and the amount. */
function pipelineColumns<Row extends { bookingId: string; shortId: string; amountCents: number }>(
  time: DataTableColumn<Row>,
  ...rest: Array<DataTableColumn<Row>>
): Array<DataTableColumn<Row>> {
  return [bookingColumn((r) => r.bookingId, 'sm'), time, moneyColumn('amount', 'Amount', (r) => r.amountCents), ...rest];
}

const overdueColumns = pipelineColumns<OverduePaymentRow>(
  whenColumn('due', 'Due', (p) => p.dueAt),
  {
    key: 'intent',
    title: 'Payment intent',
    sortValue: (p) => p.paymentIntentId,
    render: (p) => <Code>{p.paymentIntentId}</Code>,
  },
);

const failureColumns = pipelineColumns<FailedPaymentRow>(
  whenColumn('failed', 'Failed', (p) => p.failedAt),
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
);

const refundColumns = pipelineColumns<PendingRefundRow>(
  whenColumn('requested', 'Requested', (r) => r.createdAt),
  { key: 'method', title: 'Method', sortValue: refundMethodLabel, render: refundMethodLabel },
  {
    key: 'stripe',
    title: 'Stripe refund',
    sortValue: (r) => r.stripeRefundId ?? r.error,
    render: (r) => (r.stripeRefundId ? <Code>{r.stripeRefundId}</Code> : (r.error ?? '—')),
  },
);

const attentionColumns = pipelineColumns<RefundAttention>(
  whenColumn('requested', 'Requested', (r) => r.createdAt),
  {
    key: 'problem',
    title: 'Problem',
    sortValue: (r) => r.kind,
    csv: refundProblem,
    render: (r) => sentence(refundProblem(r)),
  },
);

/** The payments pipeline behind the command center's counts, every row linked to its booking. */
function PaymentsPage() {
  const { data } = useSuspenseQuery(trpc.payments.pipeline.queryOptions());
  const authorizations = data.overdue.filter((p) => p.kind === 'authorize');
  const captures = data.overdue.filter((p) => p.kind === 'capture');
  return (
    <Stack gap="md">
      <Title order={2}>Payments pipeline</Title>
      <Text size="sm" c="dimmed">
        An authorisation (once the instructor has confirmed the booking) or a capture is overdue {data.graceMinutes} minutes after
        its scheduled time.
      </Text>
      <PipelineTable
        title="Refunds needing a person"
        limit={data.limit}
        total={data.refundsNeedingAttention.stuck + data.refundsNeedingAttention.failed}
        name="Refunds needing a person"
        storageKey="payments.attention"
        columns={attentionColumns}
        rows={data.refundsNeedingAttention.items}
        rowKey={(r) => r.refundId}
      />
      {[
        { title: 'Overdue authorisations', rows: authorizations },
        { title: 'Overdue captures', rows: captures },
      ].map(({ title, rows }) => (
        <PipelineTable
          key={title}
          title={title}
          limit={data.limit}
          name={title}
          storageKey="payments.overdue"
          columns={overdueColumns}
          rows={rows}
          rowKey={(p) => p.paymentId}
        />
      ))}
      <PipelineTable
        title="Failed payments (7 days)"
        limit={data.limit}
        name="Failed payments"
        storageKey="payments.failures"
        columns={failureColumns}
        rows={data.failures}
        rowKey={(p) => p.paymentId}
      />
      <PipelineTable
        title="Refunds and releases pending at Stripe"
        limit={data.limit}
        name="Pending refunds and releases"
        storageKey="payments.refunds"
        columns={refundColumns}
        rows={data.pendingRefunds}
        rowKey={(r) => r.refundId}
      />
    </Stack>
  );
}
