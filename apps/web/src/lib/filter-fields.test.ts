import { describe, expect, it } from 'vitest';
import { fieldsFromSearch, searchFromFields } from './filter-fields';

const KEYS = ['actor', 'q', 'from'] as const;

describe('filter fields', () => {
  it('fills a field for every filter, empty where the URL sets none', () => {
    expect(fieldsFromSearch({ actor: 'ana@example.com', adminOnly: true }, KEYS)).toEqual({
      actor: 'ana@example.com',
      q: '',
      from: '',
    });
  });

  it('puts the trimmed fields in the URL and leaves out the empty and blank ones', () => {
    expect(searchFromFields({ actor: '  ana@example.com ', q: '   ', from: '' }, KEYS)).toEqual({ actor: 'ana@example.com' });
  });

  it('reads back the search it was filled from', () => {
    const search = { q: 'refund', from: '2026-11-01' };
    expect(searchFromFields(fieldsFromSearch(search, KEYS), KEYS)).toEqual(search);
  });
});
