import { describe, expect, it } from 'vitest';
import { fieldsFromSearch, searchFromFields } from './filter-fields';

const KEYS = ['actor', 'q', 'from'] as const;

/** As a route's zod schema reads the URL: every filter optional. */
interface Search {
  actor?: string;
  q?: string;
  from?: string;
  adminOnly?: boolean;
}

describe('filter fields', () => {
  it('fills a field for every filter, empty where the URL sets none', () => {
    const search: Search = { actor: 'ana@example.com', adminOnly: true };
    expect(fieldsFromSearch(search, KEYS)).toEqual({
      actor: 'ana@example.com',
      q: '',
      from: '',
    });
  });

  it('puts the trimmed fields in the URL and leaves out the empty and blank ones', () => {
    expect(searchFromFields({ actor: '  ana@example.com ', q: '   ', from: '' }, KEYS)).toEqual({ actor: 'ana@example.com' });
  });

  it('reads back the search it was filled from', () => {
    const search: Search = { q: 'refund', from: '2026-11-01' };
    expect(searchFromFields(fieldsFromSearch(search, KEYS), KEYS)).toEqual(search);
  });
});
