import { describe, expect, it } from 'vitest';
import { parseSearch, stringifySearch } from './search-params';

describe('search params', () => {
  it('reads digits, decimals and null as the text in the address', () => {
    expect(parseSearch('?q=4867&release=4.10&big=12345678901234567890&n=null')).toEqual({
      q: '4867',
      release: '4.10',
      big: '12345678901234567890',
      n: 'null',
    });
  });

  it('reads structured values as JSON, and links written by the former default still read the same', () => {
    expect(parseSearch('?adminOnly=true&entity=%7B%22type%22%3A%22booking%22%2C%22id%22%3A%22b1%22%7D&q=%224867%22')).toEqual({
      adminOnly: true,
      entity: { type: 'booking', id: 'b1' },
      q: '4867',
    });
  });

  it('writes what it reads back unchanged', () => {
    const search = { q: '4867', months: 6, adminOnly: true, text: 'true', entity: { type: 'user', id: 'u1' } };
    const url = stringifySearch(search);
    expect(url).toContain('q=4867&');
    expect(url).toContain('text=%22true%22');
    expect(parseSearch(url)).toEqual({ ...search, months: '6' });
  });
});
