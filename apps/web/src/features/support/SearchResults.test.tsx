import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SearchResult } from '@ops/shared';
import { renderUi } from '../../test/render';
import { SearchResults } from './SearchResults';

const DAY_MS = 86_400_000;

function person(userId: string, displayName: string, lastBookingAt: string | null): SearchResult {
  return {
    kind: 'user',
    userId,
    bookingId: null,
    shortId: null,
    role: 'student',
    status: 'active',
    bookingStatus: null,
    displayName,
    maskedEmail: 's***n@example.com',
    maskedPhone: null,
    matchedOn: 'name',
    exact: false,
    city: null,
    joinedAt: '2026-01-14T15:00:00.000Z',
    lastBookingAt,
  };
}

/** The "Latest lesson" cell of the row naming this person. */
function latestLessonOf(name: string): string {
  const table = screen.getByRole('table', { name: 'Search results' });
  const headers = within(table)
    .getAllByRole('columnheader')
    .map((h) => h.textContent ?? '');
  const column = headers.findIndex((h) => h.startsWith('Latest lesson'));
  const row = within(table)
    .getAllByRole('row')
    .find((r) => r.textContent?.includes(name));
  return row ? (within(row).getAllByRole('cell')[column]?.textContent ?? '') : '';
}

describe('SearchResults', () => {
  it('tells a booked lesson still to come from one already held, and says so when the person has none', async () => {
    const past = new Date(Date.now() - 20 * DAY_MS).toISOString();
    const future = new Date(Date.now() + 3 * DAY_MS).toISOString();
    await renderUi(
      <SearchResults
        results={[person('u1', 'Sarah C.', future), person('u2', 'Samuel M.', past), person('u3', 'Sam N.', null)]}
      />,
    );
    expect(latestLessonOf('Sarah C.')).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4} · upcoming$/);
    expect(latestLessonOf('Samuel M.')).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
    expect(latestLessonOf('Sam N.')).toBe('—');
  });
});
