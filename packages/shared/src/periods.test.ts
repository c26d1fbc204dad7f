import { describe, expect, it } from 'vitest';
import {
  COMPARISONS,
  PERIOD_PRESETS,
  addDays,
  addMonths,
  changeBps,
  comparisonMisfit,
  comparisonPeriod,
  comparisonUntil,
  dayFieldIssue,
  daysOf,
  figureChange,
  formatBps,
  periodInputSchema,
  localDate,
  periodFromDates,
  PeriodInputError,
  resolvePeriod,
  sameTimeOfDay,
  clocksChangeOn,
  shownPointsBetween,
  startOfDayInstant,
} from './index.js';

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

  it('refuses a custom day that is not on the calendar, naming the field, where resolving it would throw', () => {
    const result = periodInputSchema.safeParse({ preset: 'custom', from: '2026-02-30', to: '2026-13-01' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['from', 'expected a date as YYYY-MM-DD'],
      ['to', 'expected a date as YYYY-MM-DD'],
    ]);
    expect(periodInputSchema.safeParse({ preset: 'custom', from: '2024-02-29', to: '2024-03-01' }).success).toBe(true);
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
    const last7 = resolvePeriod({ preset: 'last_7_days' }, new Date('2026-11-22T17:00:00Z'), NY);
    const week = comparisonPeriod(last7, 'week', NY);
    expect(week && [week.from, week.to]).toEqual(['2026-11-09', '2026-11-15']);
    expect(comparisonPeriod(p, 'none', NY)).toBeNull();
  });

  it('refuses a shifted comparison of a period longer than its shift: the last 30 days share 23 with a week earlier', () => {
    const now = new Date('2026-12-03T09:35:00Z');
    const last30 = resolvePeriod({ preset: 'last_30_days' }, now, NY);
    expect(() => comparisonPeriod(last30, 'week', NY)).toThrow(
      'compare: "Same period last week" needs a period of 7 days or fewer (this one has 30): it would overlap the period itself',
    );
    const last90 = resolvePeriod({ preset: 'last_90_days' }, now, NY);
    expect(() => comparisonPeriod(last90, 'month', NY)).toThrow(PeriodInputError);
    expect(comparisonPeriod(last90, 'year', NY)?.days).toBe(90);
    expect(comparisonMisfit('previous_period', 10_000)).toBeNull();
  });

  it('reads a custom range only up to today, and refuses one that starts after today, naming From', () => {
    // 04:35 in New York on Dec 3: the days after it have not happened, and are not zero days.
    const now = new Date('2026-12-03T09:35:00Z');
    const p = resolvePeriod({ preset: 'custom', from: '2026-12-01', to: '2026-12-31' }, now, NY);
    expect([p.from, p.to, p.days]).toEqual(['2026-12-01', '2026-12-03', 3]);
    // Ending today, its comparison is cut at the same time of day, as for any period that ends today.
    expect(comparisonUntil(p, comparisonPeriod(p, 'previous_period', NY), now, NY)).toBe('2026-11-30T09:35:00.000Z');
    expect(() => resolvePeriod({ preset: 'custom', from: '2027-01-01', to: '2027-01-31' }, now, NY)).toThrow(
      'from: the period starts after today (2026-12-03)',
    );
  });

  it('compares "same period last month" with as many days from the same date, not with the calendar month', () => {
    // Nov 2–Dec 1 is 30 days; Oct 2–Nov 1 would be 31, and the percent change would not be like for like.
    const p = resolvePeriod({ preset: 'last_30_days' }, new Date('2026-12-01T17:00:00Z'), NY);
    const month = comparisonPeriod(p, 'month', NY);
    expect(month && [month.from, month.to, month.days]).toEqual(['2026-10-02', '2026-10-31', 30]);
    // This month on its 31st day against February: 31 days from Feb 1 would reach into March itself.
    const march = resolvePeriod({ preset: 'this_month' }, new Date('2026-03-31T17:00:00Z'), NY);
    const feb = comparisonPeriod(march, 'month', NY);
    expect(feb && [feb.from, feb.to, feb.days]).toEqual(['2026-02-01', '2026-02-28', 28]);
    const leap = comparisonPeriod(periodFromDates('2028-02-29', '2028-03-06', NY), 'year', NY);
    expect(leap && [leap.from, leap.to]).toEqual(['2027-02-28', '2027-03-06']);
  });

  it('gives every comparison of every preset as many days as its period, all year round, never reaching into it', () => {
    for (let day = '2026-01-01'; day <= '2026-12-31'; day = addDays(day, 1)) {
      const now = new Date(startOfDayInstant(day, NY).getTime() + 10 * 3_600_000);
      for (const preset of PERIOD_PRESETS.filter((x) => x !== 'custom')) {
        const p = resolvePeriod({ preset }, now, NY);
        for (const c of COMPARISONS.filter((x) => x !== 'none')) {
          const at = `${day} ${preset} ${c}`;
          // A period longer than the comparison's shift is refused, naming the field, rather than compared with itself.
          if (comparisonMisfit(c, p.days)) {
            expect(() => comparisonPeriod(p, c, NY), at).toThrow(/^compare: /);
            continue;
          }
          const cmp = comparisonPeriod(p, c, NY);
          expect(cmp && cmp.to < p.from, at).toBe(true);
          // As many days, but for a month's or year's same-length window cut where the period starts.
          if (cmp && cmp.to !== addDays(p.from, -1)) expect(cmp.days, at).toBe(p.days);
          else expect(cmp?.days ?? 0, at).toBeLessThanOrEqual(p.days);
        }
      }
    }
  });

  it('reads the comparison of a period that ends today up to the same time of day on its last day', () => {
    const now = new Date('2026-11-22T15:30:00Z'); // 10:30 in New York
    const today = resolvePeriod({ preset: 'today' }, now, NY);
    const yesterday = comparisonPeriod(today, 'previous_period', NY);
    expect(comparisonUntil(today, yesterday, now, NY)).toBe('2026-11-21T15:30:00.000Z');
    // Thirty days by 10:30 against the thirty days before, by 10:30 of their last day: 29.4 days each.
    const last30 = resolvePeriod({ preset: 'last_30_days' }, now, NY);
    const before = comparisonPeriod(last30, 'previous_period', NY);
    expect(before?.to).toBe('2026-10-23');
    expect(comparisonUntil(last30, before, now, NY)).toBe('2026-10-23T14:30:00.000Z');
    // A period of whole days is compared with whole days.
    const past = resolvePeriod({ preset: 'yesterday' }, now, NY);
    expect(comparisonUntil(past, comparisonPeriod(past, 'week', NY), now, NY)).toBeNull();
    expect(comparisonUntil(today, null, now, NY)).toBeNull();
  });

  it('matches the elapsed time across a clock change, and never runs past the end of the day', () => {
    // 01:30 on the 25-hour Nov 1 is 2.5 hours in; the 24-hour Oct 31 at 2.5 hours in reads 02:30.
    expect(sameTimeOfDay('2026-10-31', new Date('2026-11-01T06:30:00Z'), NY).toISOString()).toBe('2026-10-31T06:30:00.000Z');
    // 23:30 on the 25-hour day is 24.5 hours in: the 24-hour day before stops at its end.
    expect(sameTimeOfDay('2026-10-31', new Date('2026-11-02T04:30:00Z'), NY).toISOString()).toBe(
      startOfDayInstant('2026-11-01', NY).toISOString(),
    );
  });

  it('knows the days whose clocks change: 23 and 25 hours in New York, none in a zone without daylight time', () => {
    expect(clocksChangeOn('2026-03-08', NY)).toBe(true);
    expect(clocksChangeOn('2026-11-01', NY)).toBe(true);
    expect(clocksChangeOn('2026-11-02', NY)).toBe(false);
    expect(clocksChangeOn('2026-11-01', 'Asia/Tokyo')).toBe(false);
  });

  it('clamps month arithmetic to the end of the month', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
  });

  it('refuses a custom range without both ends, naming the field', () => {
    expect(() => resolvePeriod({ preset: 'custom', from: '2026-01-01' }, new Date(), NY)).toThrow(/from/);
  });

  it('reports relative change in basis points, or null where a percent means nothing', () => {
    expect(changeBps(150, 100)).toBe(5000);
    expect(changeBps(50, 100)).toBe(-5000);
    expect(changeBps(10, 0)).toBeNull();
    // $38.40 to −$4.82 is not "−112.6%"; to $0 is told as the difference too, as is anything against a loss.
    expect(changeBps(-482, 3840)).toBeNull();
    expect(changeBps(0, 3840)).toBe(-10_000);
    expect(changeBps(500, -200)).toBeNull();
  });

  it('tells a change across zero as the difference, anything else in percent', () => {
    expect(figureChange(-482, 3840)).toEqual({ unit: 'difference', amount: -4322 });
    expect(figureChange(5, 0)).toEqual({ unit: 'difference', amount: 5 });
    expect(figureChange(16_290_000, 14_816_250)).toEqual({ unit: 'percent', bps: 994.68 });
    expect(figureChange(5, null)).toBeNull();
  });

  it('gives the difference of two rates as the rates read, so a reader subtracting the shown figures agrees', () => {
    // 78.46 % and 78.44 % read 78.5 % and 78.4 %: +0.1 points, not 0.0.
    expect(shownPointsBetween(7_846, 7_844)).toBe(10);
    // 53.36 % and 53.84 % read 53.4 % and 53.8 %: −0.4 points, not −0.5.
    expect(shownPointsBetween(5_336, 5_384)).toBe(-40);
    expect(shownPointsBetween(1_412, 1_416, 2)).toBe(-4);
    expect(shownPointsBetween(null, 5_000)).toBeNull();
    for (let now = 0; now <= 10_000; now += 7)
      for (const then of [0, 4_999, 5_005, 7_845, 9_999]) {
        const d = shownPointsBetween(now, then);
        const read = (bps: number) => Number(formatBps(bps, 1).slice(0, -1));
        expect(d, `${now} ${then}`).toBe(Math.round((read(now) - read(then)) * 100));
      }
  });
});

describe('dayFieldIssue', () => {
  it('names the field and what is wrong with a typed day, and passes a day that has happened or an empty field', () => {
    expect(dayFieldIssue('From', '2026-13-45', '2026-05-14')).toBe('From: not a date (YYYY-MM-DD)');
    expect(dayFieldIssue('To', '2026-02-30', '2026-05-14')).toBe('To: not a date (YYYY-MM-DD)');
    expect(dayFieldIssue('From', '14/05/2026', '2026-05-14')).toBe('From: not a date (YYYY-MM-DD)');
    expect(dayFieldIssue('From', '2026-05-15', '2026-05-14')).toBe('From: after today (2026-05-14)');
    expect(dayFieldIssue('From', '2026-05-14', '2026-05-14')).toBeNull();
    expect(dayFieldIssue('To', '2026-05-20', '2026-05-14')).toBeNull();
    expect(dayFieldIssue('From', '', '2026-05-14')).toBeNull();
  });
});
