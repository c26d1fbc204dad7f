import { Badge, Card, Group, Text } from '@mantine/core';
import { NOTE_KIND_LABELS, type SupportNoteRow } from '@ops/shared';
import { BookingLink } from '../bookings/BookingLink';
import { when } from './format';

/** One support note: its kind, the booking it is about (when asked to link it), when and by whom, and the text. */
export function NoteCard({ note: n, linkBooking = false }: { note: SupportNoteRow; linkBooking?: boolean }) {
  return (
    <Card withBorder padding="xs">
      <Group gap="xs">
        <Badge size="sm" variant="light">
          {NOTE_KIND_LABELS[n.kind]}
        </Badge>
        {linkBooking && n.shortId && n.bookingId && (
          <BookingLink bookingId={n.bookingId} size="sm">
            {n.shortId}
          </BookingLink>
        )}
        <Text size="xs" c="dimmed">
          {when(n.createdAt)} · {n.authorEmail ?? 'system'}
        </Text>
      </Group>
      <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
        {n.body}
      </Text>
    </Card>
  );
}
