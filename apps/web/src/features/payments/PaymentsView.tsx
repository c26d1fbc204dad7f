import { Code, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import {
  refundMethodLabel,
  refundProblem,
  sentence,
  type FailedPaymentRow,
  type OverduePaymentRow,
  type PaymentsPipeline,
  type PendingRefundRow,
  type RefundAttention,
} from '@ops/shared';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { moneyColumn, whenColumn } from '../../components/DataTable/columns';
import { AnchorLink } from '../../components/RouterLinks';
import { SectionCard } from '../../components/SectionCard';
import { bookingColumn } from '../bookings/BookingLink';

/**
 * One list of the pipeline under its title and count ("+" when the server stopped at its limit), or "None.", with
 * its CSV.
 */
function PipelineTable<Row>({
  title,
  limit,
  total,
  cut,
  aside,
  rows,
  ...table
}: {
  title: string;
  limit: number;
  /** The whole count when the server knows it (the rows may be fewer). */
  total?: number;
  /** Whether the server stopped at its limit, when the rows are a part of what it sent. */
  cut?: boolean;
  /** The list's own control, at its heading's right. */
  aside?: ReactNode;
  rows: Row[];
  name: string;
  storageKey: string;
  columns: Array<DataTableColumn<Row>>;
  rowKey: (row: Row) => string;
}) {
  const count = total !== undefined ? String(total) : `${rows.length}${(cut ?? rows.length >= limit) ? '+' : ''}`;
  return (
    <SectionCard title={`${title} (${count})`} titleGap="xs" aria-label={title} aside={aside}>
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

/**
 * The payments pipeline behind the command center's counts, every row linked to its booking. `within` '24h': only
 * the failed payments of the last 24 hours, the command center's count, instead of the week's.
 */
export function PaymentsView({ pipeline: data, within }: { pipeline: PaymentsPipeline; within?: '24h' }) {
  // The list is newest first: the last day's failures are all in it unless the whole list is (then its count says "+").
  const dayAgo = Date.now() - 24 * 3_600_000;
  const failures = within === '24h' ? data.failures.filter((p) => Date.parse(p.failedAt) >= dayAgo) : data.failures;
  const failuresCut = data.failures.length >= data.limit && failures.length === data.failures.length;
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
        title={within === '24h' ? 'Failed payments, last 24 h' : 'Failed payments, last 7 days'}
        limit={data.limit}
        cut={failuresCut}
        name="Failed payments"
        storageKey="payments.failures"
        columns={failureColumns}
        rows={failures}
        rowKey={(p) => p.paymentId}
        aside={
          within === '24h' ? (
            <AnchorLink to="/payments" search={{}} size="sm">
              Show the last 7 days
            </AnchorLink>
          ) : (
            <AnchorLink to="/payments" search={{ failures: '24h' }} size="sm">
              Only the last 24 hours
            </AnchorLink>
          )
        }
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
