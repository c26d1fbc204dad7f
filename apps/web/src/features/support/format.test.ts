import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE } from '@ops/shared';
import { setBusinessTimeZone } from '../../lib/business-time';
import { day, matchCount, statusColor, when } from './format';

afterEach(() => setBusinessTimeZone(DEFAULT_TIME_ZONE));

describe('support page formats', () => {
  it('shows a dash for a missing time', () => {
    expect(when(null)).toBe('—');
    expect(day(null)).toBe('—');
  });

  it('writes the date with the time so rows from different days read apart', () => {
    const text = when('2026-11-17T15:04:00Z');
    expect(text).toMatch(/2026/);
    expect(text).toMatch(/\d{1,2}:04/);
    expect(day('2026-11-17T15:04:00Z')).toMatch(/2026/);
    expect(day('2026-11-17T15:04:00Z')).not.toMatch(/:04/);
  });

  it('shows every time in the business zone with its abbreviation, whatever the browser’s zone', () => {
    // 03:30 UTC on the 17th is still the evening of the 16th in New York.
    expect(when('2026-11-17T03:30:00Z', 'America/New_York')).toBe('Nov 16, 2026, 10:30 PM EST');
    expect(day('2026-11-17T03:30:00Z', 'America/New_York')).toBe('Nov 16, 2026');
    expect(when('2026-07-01T16:00:00Z', 'America/New_York')).toBe('Jul 1, 2026, 12:00 PM EDT');
    // The zone the layout adopted from the server is the default.
    setBusinessTimeZone('America/Los_Angeles');
    expect(when('2026-11-17T03:30:00Z')).toBe('Nov 16, 2026, 7:30 PM PST');
    expect(day('2026-11-17T07:30:00Z')).toBe('Nov 16, 2026');
  });

  it('colours good, bad and inert states apart', () => {
    expect(statusColor('succeeded')).toBe('green');
    expect(statusColor('failed')).toBe('red');
    expect(statusColor('dead')).toBe('red');
    expect(statusColor('cancelled')).toBe('gray');
    expect(statusColor('pending')).toBe('yellow');
  });

  it('counts matches, and says "1,000+" when the count stopped at its cap', () => {
    expect(matchCount(1, false)).toBe('1 match');
    expect(matchCount(25, false)).toBe('25 matches');
    expect(matchCount(1_000, false)).toBe('1,000 matches');
    expect(matchCount(1_000, true)).toBe('1,000+ matches');
  });
});
