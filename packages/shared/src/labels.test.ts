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

describe('audited actions on the support pages', () => {
  it('read as what happened, never as a permission or procedure name', () => {
    expect(label('users.pii.reveal')).toBe('Revealed personal details');
    expect(label('support.revealPii')).toBe('Revealed personal details');
    expect(label('students.adjustCredit.execute')).toBe('Credit adjusted');
    for (const action of [
      'refunds.create',
      'bookings.cancel',
      'bookings.complete',
      'bookings.release',
      'bookings.note',
      'students.adjustCredit',
      'students.suspend',
      'students.unsuspend',
      'instructors.suspend',
      'instructors.unsuspend',
      'instructors.payoutHold',
      'instructors.commissionTier',
      'instructors.verificationOverride',
      'support.addNote',
      'support.resendNotification',
      'users.pii.reveal',
      'privacy.export',
      'privacy.erase',
      'approvals.requested',
      'approvals.rejected',
      'webhooks.replay',
    ]) {
      const spelledOut = action
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .replace(/[._-]+/g, ' ')
        .toLowerCase();
      expect(label(action).toLowerCase(), action).not.toBe(spelledOut);
    }
  });
});

describe('plural', () => {
  it('agrees with the count', () => {
    expect(plural(1, 'dispute')).toBe('1 dispute');
    expect(plural(0, 'dispute')).toBe('0 disputes');
    expect(plural(1204, 'match', 'matches')).toBe('1,204 matches');
  });
});
