import { Table, Text } from '@mantine/core';
import type { InstructorBookingRow } from '@ops/shared';
import { Money } from '../../components/Money';

export function InstructorBookingsTable({ rows, label, empty }: { rows: InstructorBookingRow[]; label: string; empty: string }) {
  if (rows.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    <Table striped aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Booking</Table.Th>
          <Table.Th>Lesson</Table.Th>
          <Table.Th>Student</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th ta="right">Price</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((b) => (
          <Table.Tr key={b.id}>
            <Table.Td>{b.shortId}</Table.Td>
            <Table.Td>{new Date(b.lessonStart).toLocaleString()}</Table.Td>
            <Table.Td>{b.studentName}</Table.Td>
            <Table.Td>{b.status}</Table.Td>
            <Table.Td ta="right">
              <Money cents={b.priceCents} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
