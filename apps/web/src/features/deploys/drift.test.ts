import { describe, expect, it } from 'vitest';
import { driftReason } from './drift';

describe('driftReason', () => {
  it('names what the target runs against the deploy that did not reach it', () => {
    const expected = { version: '3.10.7', sha: 'bf38970', deployedAt: '2026-11-28T13:40:00.000Z' };
    expect(driftReason({ version: '3.10.6', environment: 'production', expected })).toBe(
      'Runs 3.10.6, but 3.10.7 was deployed Nov 28, 2026, 8:40 AM EST: that deploy did not reach it, or it was rolled back.',
    );
  });

  it('without a recorded deploy, says it differs from its neighbours', () => {
    expect(driftReason({ version: null, environment: 'preview', expected: null })).toBe(
      'Runs another build, unlike most preview targets.',
    );
  });
});
