import { describe, expect, it } from 'vitest';
import { describeLessonTime } from './messages.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * 3_600_000).toISOString();

describe('describeLessonTime', () => {
  it('reads hours near the policy’s 24-hour line and days beyond two days, either side of now', () => {
    expect(describeLessonTime(at(23.5), NOW)).toBe('lesson in 23.5 h');
    expect(describeLessonTime(at(-2), NOW)).toBe('lesson 2.0 h ago');
    expect(describeLessonTime(at(47.9), NOW)).toBe('lesson in 47.9 h');
    expect(describeLessonTime(at(72), NOW)).toBe('lesson in 3 days');
    // Not "241.1 h ago".
    expect(describeLessonTime(at(-241.1), NOW)).toBe('lesson 10 days ago');
  });
});
