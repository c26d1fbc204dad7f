import { describe, expect, it } from 'vitest';
import { addMonths, changeBps, comparisonPeriod, daysOf, localDate, resolvePeriod, startOfDayInstant } from './periods.js';

const NY = 'America/New_York';

describe('periods in the business time zone', () => {
  it('starts a New York day at 05:00Z in winter and 04:00Z in summer', () => {
    expect(startOfDayInstant('2026-01-15', NY).toISOString()).toBe('2026-01-15T05:00:00.000Z');
    expect(startOfDayInstant('2026-07-15', NY).toISOString()).toBe('2026-07-15T04:00:00.000Z');
  });

  it('starts a day whose midnight is skipped at the jump, and one whose midnight repeats at the first', () => {
    // Santiago jumps from 00:00 to 01:00 (-03); Havana falls back from 01:00 to 00:00, so its midnight happens twice.
    expect(startOfDayInstant('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(startOfDayInstant('2026-11-01', 'America/Havana').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(() => startOfDayInstant('2026-02-30', NY)).toThrow(RangeError);
  });

  it('gives the spring-forward day 23 hours and the fall-back day 25', () => {
    const spring = resolvePeriod(
      { preset: 'custom', from: '2026-03-08', to: '2026-03-08' },
      new Date('2026-03-20T12:00:00Z'),
      NY,
    );
    expect((Date.parse(spring.end) - Date.parse(spring.start)) / 3_600_000).toBe(23);
    const fall = resolvePeriod({ preset: 'custom', from: '2026-11-01', to: '2026-11-01' }, new Date('2026-11-20T12:00:00Z'), NY);
    expect((Date.parse(fall.end) - Date.parse(fall.start)) / 3_600_000).toBe(25);
  });

  it('decides "today" in the zone, not in UTC', () => {
    // 02:00 UTC on the 22nd is still the evening of the 21st in New York.
    const now = new Date('2026-11-22T02:00:00Z');
    expect(localDate(now, NY)).toBe('2026-11-21');
    expect(resolvePeriod({ preset: 'today' }, now, NY).from).toBe('2026-11-21');
  });

  it('names the same calendar date as Intl for instants all over every zone, the far-east and far-west ones included', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647);
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const intl = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
      for (let i = 0; i < 40; i++) {
        // Instants from 2011 (Samoa skipped a whole day) to 2031, to the second.
        const ms = Date.UTC(2011, 0, 1) + (next() % 631_152_000) * 1000;
        expect(localDate(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toBe(intl.format(ms));
      }
    }
  });

  it('resolves presets to inclusive day ranges', () => {
    const now = new Date('2026-11-22T17:00:00Z');
    const last7 = resolvePeriod({ preset: 'last_7_days' }, now, NY);
    expect([last7.from, last7.to, last7.days]).toEqual(['2026-11-16', '2026-11-22', 7]);
    expect(daysOf(last7)).toHaveLength(7);
    expect(resolvePeriod({ preset: 'this_month' }, now, NY).from).toBe('2026-11-01');
    expect(resolvePeriod({ preset: 'yesterday' }, now, NY).to).toBe('2026-11-21');
  });

  it('computes comparison periods', () => {
    const p = resolvePeriod({ preset: 'last_30_days' }, new Date('2026-11-22T17:00:00Z'), NY);
    const prev = comparisonPeriod(p, 'previous_period', NY);
    expect(prev && [prev.from, prev.to, prev.days]).toEqual(['2026-09-24', '2026-10-23', 30]);
    const year = comparisonPeriod(p, 'year', NY);
    expect(year && [year.from, year.to]).toEqual(['2025-10-24', '2025-11-22']);
    const week = comparisonPeriod(p, 'week', NY);
    expect(week?.to).toBe('2026-11-15');
    expect(comparisonPeriod(p, 'none', NY)).toBeNull();
  });

  it('clamps month arithmetic to the end of the month', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
  });

  it('refuses a custom range without both ends, naming the field', () => {
    expect(() => resolvePeriod({ preset: 'custom', from: '2026-01-01' }, new Date(), NY)).toThrow(/from/);
  });

  it('reports relative change in basis points, or null against zero', () => {
    expect(changeBps(150, 100)).toBe(5000);
    expect(changeBps(50, 100)).toBe(-5000);
    expect(changeBps(10, 0)).toBeNull();
  });
});
