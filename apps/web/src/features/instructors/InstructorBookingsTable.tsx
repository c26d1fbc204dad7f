import type { InstructorBookingRow } from '@ops/shared';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { Money } from '../../components/Money';
import { whenColumn } from '../../components/DataTable/columns';

const columns: Array<DataTableColumn<InstructorBookingRow>> = [
  { key: 'booking', title: 'Booking', sortValue: (b) => b.shortId, render: (b) => b.shortId },
  whenColumn('lesson', 'Lesson', (b) => b.lessonStart),
  { key: 'student', title: 'Student', sortValue: (b) => b.studentName, render: (b) => b.studentName },
  { key: 'status', title: 'Status', sortValue: (b) => b.status, render: (b) => b.status },
  {
    key: 'price',
    title: 'Price',
    align: 'right',
    sortValue: (b) => b.priceCents,
    csv: (b) => (b.priceCents / 100).toFixed(2),
    render: (b) => <Money cents={b.priceCents} />,
  },
];

export function InstructorBookingsTable({ rows, label, empty }: { rows: InstructorBookingRow[]; label: string; empty: string }) {
  return (
    <DataTable
      name={label}
      storageKey="instructor.bookings"
      csv
      columns={columns}
      rows={rows}
      empty={empty}
      tableProps={{ striped: true }}
    />
  );
}
