import { describe, expect, it } from 'vitest';
import { diffValues } from './audit.js';

describe('diffValues', () => {
  it('lists changed, added and removed fields by path', () => {
    expect(
      diffValues(
        { balanceCents: 100, note: 'a', nested: { status: 'pending' } },
        { balanceCents: 250, nested: { status: 'paid' }, ledgerEntryId: 'x' },
      ),
    ).toEqual([
      { path: 'balanceCents', before: 100, after: 250, change: 'changed' },
      { path: 'ledgerEntryId', before: null, after: 'x', change: 'added' },
      { path: 'nested.status', before: 'pending', after: 'paid', change: 'changed' },
      { path: 'note', before: 'a', after: null, change: 'removed' },
    ]);
  });
  it('treats a missing before as all added, and equal values as no change', () => {
    expect(diffValues(null, { a: 1 })).toEqual([{ path: 'a', before: null, after: 1, change: 'added' }]);
    expect(diffValues({ a: [1, 2] }, { a: [1, 2] })).toEqual([]);
  });
});
