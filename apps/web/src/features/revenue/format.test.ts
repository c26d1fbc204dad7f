import { describe, expect, it } from 'vitest';
import { comparisonWords } from './format';

describe('comparisonWords', () => {
  it('names whole comparison days, or its last day up to the time of day as a clock reads it', () => {
    const zone = 'America/New_York';
    expect(comparisonWords(null, null, zone)).toBe('');
    expect(comparisonWords({ from: '2026-10-03', to: '2026-11-01' }, null, zone)).toBe(' against 2026-10-03 to 2026-11-01');
    // 18:53 UTC is 1:53 PM in New York (EST from Nov 1): no leading zero, as every other time on the page.
    expect(comparisonWords({ from: '2026-11-30', to: '2026-11-30' }, '2026-11-30T18:53:00.000Z', zone)).toBe(
      ' against 2026-11-30 up to the same time of day (1:53 PM)',
    );
    expect(comparisonWords({ from: '2026-10-03', to: '2026-11-01' }, '2026-11-01T15:05:00.000Z', zone)).toBe(
      ' against 2026-10-03 to 2026-11-01, its last day up to the same time of day (10:05 AM)',
    );
  });
});
