import { describe, expect, it } from 'vitest';
import { diffFieldLabel, diffValueText, diffValues } from './audit.js';

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

describe('diffFieldLabel and diffValueText', () => {
  it('read a field ending in Cents as money under what it measures', () => {
    expect(diffFieldLabel('balanceCents')).toBe('Balance');
    expect(diffFieldLabel('totals.platformFeeCents')).toBe('Totals platform fee');
    expect(diffValueText('balanceCents', 4500)).toBe('$45.00');
    expect(diffValueText('refund.amountCents', -1250)).toBe('-$12.50');
  });
  it('leave other fields, and a money field holding no whole number, as recorded', () => {
    expect(diffFieldLabel('status')).toBe('status');
    expect(diffFieldLabel('centsOwed')).toBe('centsOwed');
    expect(diffValueText('attempts', 2)).toBe('2');
    expect(diffValueText('balanceCents', null)).toBe('—');
    expect(diffValueText('balanceCents', 'n/a')).toBe('n/a');
    expect(diffValueText('events', [{ id: 1 }])).toBe('[{"id":1}]');
  });
});
