import { Badge, Group, Table, Text } from '@mantine/core';

import type { SearchResult } from '@ops/shared';
import { day, statusColor } from './format';
import { label } from '@ops/shared';
import { AnchorLink } from '../../components/RouterLinks';

const MATCHED: Record<SearchResult['matchedOn'], string> = {
  user_id: 'user id',
  booking_id: 'booking id',
  email: 'email',
  phone: 'phone',
  short_id: 'booking short id',
  name: 'name',
};

/** Where a search result leads: the person's 360, or the booking page for a booking match. */
export function resultLink(
  r: SearchResult,
):
  | { to: '/support/users/$userId'; params: { userId: string } }
  | { to: '/support/bookings/$bookingId'; params: { bookingId: string } } {
  return r.kind === 'booking' && r.bookingId
    ? { to: '/support/bookings/$bookingId', params: { bookingId: r.bookingId } }
    : { to: '/support/users/$userId', params: { userId: r.userId } };
}

/** The one the box opens on Enter: the single exact match, or the only result. */
export function openOnEnter(results: SearchResult[]): SearchResult | null {
  const exact = results.filter((r) => r.exact);
  if (exact.length === 1) return exact[0] ?? null;
  return results.length === 1 ? (results[0] ?? null) : null;
}

export function SearchResults({ results }: { results: SearchResult[] }) {
  return (
    <Table striped highlightOnHover aria-label="Search results">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Person</Table.Th>
          <Table.Th>Role</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>City</Table.Th>
          <Table.Th>Joined</Table.Th>
          <Table.Th>Last lesson</Table.Th>
          <Table.Th>Contact</Table.Th>
          <Table.Th>Matched on</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {results.map((r) => (
          <Table.Tr key={`${r.kind}:${r.bookingId ?? r.userId}`}>
            <Table.Td>
              <AnchorLink {...resultLink(r)}>
                {r.kind === 'booking' ? `Booking ${r.shortId ?? ''} · ${r.displayName}` : r.displayName}
              </AnchorLink>
            </Table.Td>
            <Table.Td>{label(r.role)}</Table.Td>
            <Table.Td>
              <Badge color={statusColor(r.status)} variant="light">
                {label(r.status)}
              </Badge>
            </Table.Td>
            <Table.Td>{r.city ?? '—'}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.joinedAt ? day(r.joinedAt) : '—'}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{day(r.lastBookingAt)}</Table.Td>
            <Table.Td>
              <Text size="sm">{r.maskedEmail}</Text>
              {r.maskedPhone && (
                <Text size="xs" c="dimmed">
                  {r.maskedPhone}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                <Text size="sm">{MATCHED[r.matchedOn]}</Text>
                {r.exact && (
                  <Badge size="xs" variant="outline">
                    exact
                  </Badge>
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
