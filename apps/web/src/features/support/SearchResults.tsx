import { Badge, Group, Text } from '@mantine/core';

import type { SearchResult } from '@ops/shared';
import { day, statusColor } from './format';
import { label } from '@ops/shared';
import { DataTable, type DataTableColumn, type DataTableProps } from '../../components/DataTable/DataTable';
import { WithNote } from '../../components/DataTable/columns';
import { AnchorLink } from '../../components/RouterLinks';

/** What a result matched on (and what the box read the text as), in words. */
export const MATCHED: Record<SearchResult['matchedOn'], string> = {
  user_id: 'user id',
  booking_id: 'booking id',
  email: 'email',
  phone: 'phone',
  short_id: 'booking short id',
  stripe_id: 'Stripe id',
  name: 'name',
};

/** Where a search result leads: the person's 360, or the booking page for a booking match. */
export function resultLink(
  r: SearchResult,
): { to: '/support/users/$userId'; params: { userId: string } } | { to: '/bookings/$bookingId'; params: { bookingId: string } } {
  return r.kind === 'booking' && r.bookingId
    ? { to: '/bookings/$bookingId', params: { bookingId: r.bookingId } }
    : { to: '/support/users/$userId', params: { userId: r.userId } };
}

/** The one the box opens on Enter: the single exact match, or the only result. */
export function openOnEnter(results: SearchResult[]): SearchResult | null {
  const exact = results.filter((r) => r.exact);
  if (exact.length === 1) return exact[0] ?? null;
  return results.length === 1 ? (results[0] ?? null) : null;
}

/** The person's latest lesson, past or booked: "Dec 4, 2026 · upcoming" when it is still to come. */
function latestLesson(r: SearchResult): string | null {
  if (r.lastBookingAt === null) return null;
  return Date.parse(r.lastBookingAt) > Date.now() ? `${day(r.lastBookingAt)} · upcoming` : day(r.lastBookingAt);
}

const personName = (r: SearchResult): string =>
  r.kind === 'booking' ? `Booking ${r.shortId ?? ''} · ${r.displayName}` : r.displayName;

const columns: Array<DataTableColumn<SearchResult>> = [
  {
    key: 'person',
    title: 'Person',
    sortValue: personName,
    render: (r) => <AnchorLink {...resultLink(r)}>{personName(r)}</AnchorLink>,
  },
  { key: 'role', title: 'Role', sortValue: (r) => label(r.role), render: (r) => label(r.role) },
  {
    key: 'status',
    title: 'Status',
    sortValue: (r) => label(r.status),
    render: (r) => (
      <Badge color={statusColor(r.status)} variant="light">
        {label(r.status)}
      </Badge>
    ),
  },
  { key: 'city', title: 'City', sortValue: (r) => r.city, render: (r) => r.city ?? '—' },
  {
    key: 'joined',
    title: 'Joined',
    sortValue: (r) => r.joinedAt,
    csv: (r) => (r.joinedAt ? day(r.joinedAt) : null),
    render: (r) => <span style={{ whiteSpace: 'nowrap' }}>{r.joinedAt ? day(r.joinedAt) : '—'}</span>,
  },
  {
    key: 'latest',
    title: 'Latest lesson',
    sortValue: (r) => r.lastBookingAt,
    csv: latestLesson,
    render: (r) => <span style={{ whiteSpace: 'nowrap' }}>{latestLesson(r) ?? '—'}</span>,
  },
  {
    key: 'contact',
    title: 'Contact',
    sortValue: (r) => r.maskedEmail,
    csv: (r) => [r.maskedEmail, r.maskedPhone].filter(Boolean).join(' '),
    render: (r) => (
      <WithNote note={r.maskedPhone}>
        <Text size="sm">{r.maskedEmail}</Text>
      </WithNote>
    ),
  },
  {
    key: 'matched',
    title: 'Matched on',
    sortValue: (r) => MATCHED[r.matchedOn],
    csv: (r) => `${MATCHED[r.matchedOn]}${r.exact ? ' (exact)' : ''}`,
    render: (r) => (
      <Group gap={4}>
        <Text size="sm">{MATCHED[r.matchedOn]}</Text>
        {r.exact && (
          <Badge size="xs" variant="outline">
            exact
          </Badge>
        )}
      </Group>
    ),
  },
];

/** The one-box search's matches, best first as the server ranks them (a header click re-sorts). */
export function SearchResults({
  results,
  hasMore,
  onLoadMore,
  loadingMore,
}: { results: SearchResult[] } & Pick<DataTableProps<SearchResult>, 'hasMore' | 'onLoadMore' | 'loadingMore'>) {
  return (
    <DataTable
      name="Search results"
      storageKey="support.search-results"
      csv
      columns={columns}
      rows={results}
      rowKey={(r) => `${r.kind}:${r.bookingId ?? r.userId}`}
      empty="No matches."
      tableProps={{ striped: true, highlightOnHover: true }}
      hasMore={hasMore}
      onLoadMore={onLoadMore}
      loadingMore={loadingMore}
      loadMoreLabel="Show more"
    />
  );
}
