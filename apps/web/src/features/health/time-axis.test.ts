import { describe, expect, it } from 'vitest';
import { axisZone, timeTickLabel, timeTicks } from './time-axis';

const NY = 'America/New_York';
const at = (iso: string) => Date.parse(iso);
const labels = (ticks: number[], timeZone: string, wholeDays = false) =>
  ticks.map((t, i) => timeTickLabel(t, i > 0 ? (ticks[i - 1] ?? null) : null, timeZone, wholeDays));

describe('a chart time axis in the business zone', () => {
  it('puts six hours across midnight on round hours of the zone, with the date where a day starts', () => {
    // 9 PM EST on Nov 17 to 3 AM EST on Nov 18.
    const ticks = timeTicks(at('2026-11-18T02:00:00Z'), at('2026-11-18T08:00:00Z'), NY);
    expect(labels(ticks, NY)).toEqual([
      'Nov 17, 9:00 PM',
      '10:00 PM',
      '11:00 PM',
      'Nov 18, 12:00 AM',
      '1:00 AM',
      '2:00 AM',
      '3:00 AM',
    ]);
  });

  it('ticks an hour in round ten minutes, dated once', () => {
    const ticks = timeTicks(at('2026-11-17T15:04:00Z'), at('2026-11-17T16:04:00Z'), NY);
    expect(labels(ticks, NY)).toEqual(['Nov 17, 10:10 AM', '10:20 AM', '10:30 AM', '10:40 AM', '10:50 AM', '11:00 AM']);
  });

  it("ticks a week on the zone's midnights two days apart, by date", () => {
    const ticks = timeTicks(at('2026-11-10T15:00:00Z'), at('2026-11-17T15:00:00Z'), NY);
    expect(ticks.every((t) => new Date(t).toISOString().endsWith('T05:00:00.000Z'))).toBe(true);
    expect(labels(ticks, NY, true)).toEqual(['Nov 11', 'Nov 13', 'Nov 15', 'Nov 17']);
  });

  it("cuts days in the business zone, not the reader's: Tokyo's midnight is 15:00 UTC", () => {
    const ticks = timeTicks(at('2026-11-17T12:00:00Z'), at('2026-11-17T18:00:00Z'), 'Asia/Tokyo');
    expect(labels(ticks, 'Asia/Tokyo')[3]).toBe('Nov 18, 12:00 AM');
  });

  it('names the zone once, and both across a change of the clocks', () => {
    expect(axisZone(at('2026-11-17T00:00:00Z'), at('2026-11-17T06:00:00Z'), NY)).toBe('EST');
    expect(axisZone(at('2026-10-31T12:00:00Z'), at('2026-11-02T12:00:00Z'), NY)).toBe('EDT, then EST');
  });
});
