import { Text } from '@mantine/core';
import { label, refundMethodLabel, type SupportRefundRow } from '@ops/shared';
import { moneyColumn, whenColumn } from '../../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { bookingColumn } from '../bookings/BookingLink';
import { statusColumn } from '../support/StatusBadge';

const status = (r: SupportRefundRow): string => (r.status === 'pending' ? 'pending at Stripe' : label(r.status));
/** Why a failed refund failed, else why it was made. */
const detail = (r: SupportRefundRow): string => (r.status === 'failed' && r.error ? r.error : r.reason);

const createdColumn = whenColumn<SupportRefundRow>('when', 'When', (r) => r.createdAt);

const refundBookingColumn = bookingColumn<SupportRefundRow>((r) => r.bookingId);

const restColumns: Array<DataTableColumn<SupportRefundRow>> = [
  { key: 'method', title: 'Method', sortValue: refundMethodLabel, render: refundMethodLabel },
  statusColumn((r) => r.status, status),
  moneyColumn('amount', 'Amount', (r) => r.amountCents),
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

const withBooking = [createdColumn, refundBookingColumn, ...restColumns];
const withoutBooking = [createdColumn, ...restColumns];

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
      name={name}
      storageKey={showBooking ? 'support.refunds' : 'support.booking-refunds'}
      csv="refunds.csv"
      columns={showBooking ? withBooking : withoutBooking}
      rows={rows}
      empty={empty}
      tableProps={{ striped: true, fz: 'sm' }}
    />
  );
}
