import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../../test/render';
import { EventTag } from './EventTag';

const SARAH = '00005eed-0000-4000-8000-000000000101';
const BOOKING = '00005eed-0000-4000-8000-000000000114';

describe('EventTag', () => {
  it("links a Sentry event's user, booking, request and release to their pages in the console", async () => {
    await renderUi(
      <>
        <EventTag tag={{ key: 'user', value: `id:${SARAH}` }} />
        <EventTag tag={{ key: 'booking_id', value: BOOKING }} />
        <EventTag tag={{ key: 'request_id', value: 'req_700130fd6f01' }} />
        <EventTag tag={{ key: 'release', value: 'api@4.3.7' }} />
      </>,
      { role: 'oncall' },
    );
    const href = (name: string) => screen.getByRole('link', { name }).getAttribute('href');
    expect(href(`user: id:${SARAH}`)).toBe(`/support/users/${SARAH}`);
    expect(href(`booking_id: ${BOOKING}`)).toBe(`/bookings/${BOOKING}`);
    expect(href('request_id: req_700130fd6f01')).toBe('/logs?requestId=req_700130fd6f01');
    expect(href('release: api@4.3.7')).toBe('/deploys?release=api%404.3.7');
  });

  it('leaves a tag with no console page, or a user that is not an id, as text', async () => {
    await renderUi(
      <>
        <EventTag tag={{ key: 'environment', value: 'production' }} />
        <EventTag tag={{ key: 'user', value: 'email:sarah@example.com' }} />
      </>,
      { role: 'oncall' },
    );
    expect(screen.queryAllByRole('link')).toEqual([]);
    expect(screen.getByText('environment: production')).toBeTruthy();
  });

  it('names the person and the booking without a link for a role that may not open their pages', async () => {
    await renderUi(
      <>
        <EventTag tag={{ key: 'user', value: `id:${SARAH}` }} />
        <EventTag tag={{ key: 'booking_id', value: BOOKING }} />
        <EventTag tag={{ key: 'request_id', value: 'req_700130fd6f01' }} />
      </>,
      { role: 'exec' },
    );
    expect(screen.getByText(`user: id:${SARAH}`).closest('a')).toBeNull();
    expect(screen.getByText(`booking_id: ${BOOKING}`).closest('a')).toBeNull();
    expect(screen.getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual(['/logs?requestId=req_700130fd6f01']);
  });
});
