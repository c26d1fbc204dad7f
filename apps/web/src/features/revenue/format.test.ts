import { describe, expect, it } from 'vitest';
import { comparisonWords, daysWords } from './format';

describe('comparisonWords', () => {
  it('names whole comparison days, or its last day up to the time of day as a clock reads it', () => {
    const zone = 'America/New_York';
    expect(comparisonWords(null, null, zone)).toBe('');
    expect(comparisonWords({ from: '2026-10-03', to: '2026-11-01' }, null, zone)).toBe(' against 2026-10-03 to 2026-11-01');
    // 18:53 UTC is 1:53 PM in New York (EST from Nov 1): no leading zero, as every other time on the page.
    expect(comparisonWords({ from: '2026-11-30', to: '2026-11-30' }, '2026-11-30T18:53:00.000Z', zone)).toBe(
      ' against 2026-11-30 up to the same time of day (1:53 PM)',
    );
    expect(comparisonWords({ from: '2026-10-02', to: '2026-10-31' }, '2026-10-31T14:05:00.000Z', zone)).toBe(
      ' against 2026-10-02 to 2026-10-31, its last day up to the same time of day (10:05 AM)',
    );
  });

  it('on a comparison day whose clocks changed, says the cut is as far into the day, not the same clock time', () => {
    // Now is 5:45 PM on Dec 1; Nov 1 had 25 hours, so 17 h 45 min into it is 4:45 PM by its clock.
    expect(comparisonWords({ from: '2026-10-03', to: '2026-11-01' }, '2026-11-01T21:45:00.000Z', 'America/New_York')).toBe(
      ' against 2026-10-03 to 2026-11-01, its last day as far into the day as today is (4:45 PM by its clock: the clocks changed that day)',
    );
  });
});

describe('daysWords', () => {
  it('names a single day once, and a longer period by its first and last day', () => {
    expect(daysWords({ from: '2026-12-03', to: '2026-12-03' })).toBe('2026-12-03');
    expect(daysWords({ from: '2026-11-01', to: '2026-11-30' })).toBe('2026-11-01 to 2026-11-30');
    expect(comparisonWords({ from: '2026-12-02', to: '2026-12-02' }, null, 'America/New_York')).toBe(' against 2026-12-02');
  });
});
