import { Badge, Text } from '@mantine/core';
import { label, type SupportRefundRow } from '@ops/shared';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { Money } from '../../components/Money';
import { AnchorLink } from '../../components/RouterLinks';
import { statusColor, when } from '../support/format';

const method = (r: SupportRefundRow): string => (r.kind === 'release' ? 'release (never charged)' : label(r.method));
const status = (r: SupportRefundRow): string => (r.status === 'pending' ? 'pending at Stripe' : label(r.status));
/** Why a failed refund failed, else why it was made. */
const detail = (r: SupportRefundRow): string => (r.status === 'failed' && r.error ? r.error : r.reason);

const whenColumn: DataTableColumn<SupportRefundRow> = {
  key: 'when',
  title: 'When',
  sortValue: (r) => r.createdAt,
  csv: (r) => when(r.createdAt),
  render: (r) => <span style={{ whiteSpace: 'nowrap' }}>{when(r.createdAt)}</span>,
};

const bookingColumn: DataTableColumn<SupportRefundRow> = {
  key: 'booking',
  title: 'Booking',
  sortValue: (r) => r.shortId,
  render: (r) => (
    <AnchorLink to="/bookings/$bookingId" params={{ bookingId: r.bookingId }} ff="monospace">
      {r.shortId}
    </AnchorLink>
  ),
};

const restColumns: Array<DataTableColumn<SupportRefundRow>> = [
  { key: 'method', title: 'Method', sortValue: method, render: method },
  {
    key: 'status',
    title: 'Status',
    sortValue: status,
    render: (r) => (
      <Badge size="sm" variant="light" color={statusColor(r.status)}>
        {status(r)}
      </Badge>
    ),
  },
  {
    key: 'amount',
    title: 'Amount',
    align: 'right',
    sortValue: (r) => r.amountCents,
    csv: (r) => (r.amountCents / 100).toFixed(2),
    render: (r) => <Money cents={r.amountCents} size="sm" />,
  },
  {
    key: 'override',
    title: 'Override',
    sortValue: (r) => (r.overrideCode ? label(r.overrideCode) : null),
    render: (r) => (r.overrideCode ? label(r.overrideCode) : '—'),
  },
  {
    key: 'detail',
    title: 'Reason',
    sortValue: detail,
    render: (r) => (
      <Text size="sm" c={r.status === 'failed' && r.error ? 'red' : 'dimmed'}>
        {detail(r)}
      </Text>
    ),
  },
];

const withBooking = [whenColumn, bookingColumn, ...restColumns];
const withoutBooking = [whenColumn, ...restColumns];

/** Refunds (and released authorisations) as the support pages list them; a person's list links each booking. */
export function RefundsTable({
  rows,
  label: name,
  empty,
  showBooking = false,
}: {
  rows: SupportRefundRow[];
  label: string;
  empty: string;
  showBooking?: boolean;
}) {
  return (
    <DataTable
      aria-label={name}
      storageKey={showBooking ? 'support.refunds' : 'support.booking-refunds'}
      filename="refunds.csv"
      columns={showBooking ? withBooking : withoutBooking}
      rows={rows}
      rowKey={(r) => r.id}
      empty={empty}
      tableProps={{ striped: true, fz: 'sm' }}
    />
  );
}
