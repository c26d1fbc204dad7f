import { describe, expect, it } from 'vitest';
import { label, plural } from './labels.js';

describe('label', () => {
  it('turns codes into the words a person reads', () => {
    expect(label('PARTIALLY_REFUNDED')).toBe('Partly refunded');
    expect(label('split_under_12h')).toBe('Half refunded, half paid to the instructor (under 12 h)');
    expect(label('refunds.create')).toBe('Refund');
    expect(label('refunds.create.execute')).toBe('Refund');
  });

  it('spells out a code it does not know instead of showing it raw', () => {
    expect(label('payout_hold_released')).toBe('Payout hold released');
    expect(label('instructors.verifyOverride')).toBe('Instructors verify override');
    expect(label(null)).toBe('—');
  });
});

describe('plural', () => {
  it('agrees with the count', () => {
    expect(plural(1, 'dispute')).toBe('1 dispute');
    expect(plural(0, 'dispute')).toBe('0 disputes');
    expect(plural(1204, 'match', 'matches')).toBe('1,204 matches');
  });
});
