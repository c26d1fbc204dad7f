import { Badge, Text } from '@mantine/core';
import { label, type SupportBookingRow } from '@ops/shared';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { Money } from '../../components/Money';
import { bookingColumn } from '../bookings/BookingLink';
import { when } from './format';
import { StatusBadge, statusColumn } from './StatusBadge';

const amount = (b: SupportBookingRow): number => b.amountCents ?? b.priceCents;

function columnsFor(counterpart: string): Array<DataTableColumn<SupportBookingRow>> {
  return [
    bookingColumn((b) => b.id),
    {
      key: 'lesson',
      title: 'Lesson',
      sortValue: (b) => b.lessonStart,
      csv: (b) => `${when(b.lessonStart)} · ${b.serviceName}`,
      render: (b) => `${when(b.lessonStart)} · ${b.serviceName}`,
    },
    { key: 'counterpart', title: counterpart, sortValue: (b) => b.counterpartName, render: (b) => b.counterpartName },
    statusColumn((b) => b.status),
    {
      key: 'payment',
      title: 'Payment',
      sortValue: (b) => (b.paymentStatus ? label(b.paymentStatus) : null),
      csv: (b) => [b.paymentStatus ? label(b.paymentStatus) : '', b.disputed ? 'disputed' : ''].filter(Boolean).join(' · '),
      render: (b) =>
        b.paymentStatus ? (
          <StatusBadge status={b.paymentStatus} disputed={b.disputed} />
        ) : (
          b.disputed && (
            <Badge size="sm" color="red">
              disputed
            </Badge>
          )
        ),
    },
    {
      key: 'amount',
      title: 'Amount',
      align: 'right',
      sortValue: amount,
      csv: (b) => (amount(b) / 100).toFixed(2),
      render: (b) => (
        <>
          <Money cents={amount(b)} size="sm" />
          {b.amountRefundedCents ? (
            <Text size="xs" c="dimmed">
              refunded <Money cents={b.amountRefundedCents} size="xs" />
            </Text>
          ) : null}
        </>
      ),
    },
  ];
}

const STUDENT_COLUMNS = columnsFor('Instructor');
const INSTRUCTOR_COLUMNS = columnsFor('Student');

/** A person's latest bookings on their 360; the other party's column names the student or the instructor. */
export function UserBookingsTable({ rows, role }: { rows: SupportBookingRow[]; role: 'student' | 'instructor' }) {
  return (
    <DataTable
      name="Bookings"
      storageKey="support.user-bookings"
      csv
      columns={role === 'student' ? STUDENT_COLUMNS : INSTRUCTOR_COLUMNS}
      rows={rows}
      empty="No bookings."
      tableProps={{ striped: true, highlightOnHover: true, fz: 'sm' }}
    />
  );
}
