import { Badge } from '@mantine/core';
import { label } from '@ops/shared';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { Money } from '../../components/Money';
import { formatBusinessDateTime } from '../../lib/business-time';
import { statusColor } from '../support/format';

/** One of an instructor's payouts, as the instructor page and the support 360 both read it. */
export interface PayoutRow {
  id: string;
  scheduledFor: string;
  status: string;
  holdReason: string | null;
  amountCents: number;
}

const columns: Array<DataTableColumn<PayoutRow>> = [
  {
    key: 'scheduled',
    title: 'Scheduled',
    sortValue: (p) => p.scheduledFor,
    csv: (p) => formatBusinessDateTime(p.scheduledFor),
    render: (p) => formatBusinessDateTime(p.scheduledFor),
  },
  {
    key: 'status',
    title: 'Status',
    sortValue: (p) => label(p.status),
    render: (p) => (
      <Badge size="sm" variant="light" color={statusColor(p.status)}>
        {label(p.status)}
      </Badge>
    ),
  },
  { key: 'hold', title: 'Hold reason', sortValue: (p) => p.holdReason, render: (p) => p.holdReason ?? '—' },
  {
    key: 'amount',
    title: 'Amount',
    align: 'right',
    sortValue: (p) => p.amountCents,
    csv: (p) => (p.amountCents / 100).toFixed(2),
    render: (p) => <Money cents={p.amountCents} size="sm" />,
  },
];

/** An instructor's payouts from our database (Stripe's own view is the payout account panel). */
export function PayoutsTable({ rows }: { rows: PayoutRow[] }) {
  return (
    <DataTable
      aria-label="Payouts"
      storageKey="instructors.payouts"
      filename="payouts.csv"
      columns={columns}
      rows={rows}
      rowKey={(p) => p.id}
      empty="No payouts."
      tableProps={{ striped: true, fz: 'sm' }}
    />
  );
}
