import { describe, expect, it } from 'vitest';
import { day, statusColor, when } from './format';

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

  it('colours good, bad and inert states apart', () => {
    expect(statusColor('succeeded')).toBe('green');
    expect(statusColor('failed')).toBe('red');
    expect(statusColor('dead')).toBe('red');
    expect(statusColor('cancelled')).toBe('gray');
    expect(statusColor('pending')).toBe('yellow');
  });
});
