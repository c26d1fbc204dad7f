import { isUuid } from '@ops/shared';
import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';
import { AnchorLink } from '../../components/RouterLinks';
import { BookingLink } from '../bookings/BookingLink';
import { PersonLink } from '../support/PersonLink';

/**
 * Where a Sentry tag leads in the console: its user (Sentry writes `user` as "id:<id>") to the person's page, its
 * booking to the booking's page, its request to the request's trace in the logs, its release to the deploy that
 * shipped it; other tags lead nowhere.
 */
export function tagTarget(key: string, value: string): 'user' | 'booking' | 'request' | 'release' | null {
  if (key === 'user' && isUuid(value.replace(/^id:/, ''))) return 'user';
  if (key === 'release' && value.length > 0) return 'release';
  if (key === 'booking_id' && isUuid(value)) return 'booking';
  if (key === 'request_id' && value.length > 0) return 'request';
  return null;
}

/** One tag of a Sentry event, as a link to what it names when the console has a page for it. */
export function EventTag({ tag }: { tag: { key: string; value: string } }) {
  const badge = (children: ReactNode) => (
    <Badge variant="outline" size="sm" tt="none">
      {children}
    </Badge>
  );
  const text = `${tag.key}: ${tag.value}`;
  switch (tagTarget(tag.key, tag.value)) {
    case 'user':
      return badge(
        <PersonLink userId={tag.value.replace(/^id:/, '')} size="xs">
          {text}
        </PersonLink>,
      );
    case 'booking':
      return badge(
        <BookingLink bookingId={tag.value} size="xs" monospace={false}>
          {text}
        </BookingLink>,
      );
    case 'request':
      return badge(
        <AnchorLink to="/logs" search={{ requestId: tag.value }} size="xs">
          {text}
        </AnchorLink>,
      );
    case 'release':
      return badge(
        <AnchorLink to="/deploys" search={{ release: tag.value }} size="xs">
          {text}
        </AnchorLink>,
      );
    case null:
      return badge(text);
  }
}
