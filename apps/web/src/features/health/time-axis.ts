import { addDays, localDate, startOfDayInstant } from '@ops/shared';

/**
 * A chart's time axis in the business zone (DESIGN.md): ticks at round times of that zone's clock, labelled with the
 * date wherever a tick starts another day, and the zone said once beside the chart instead of on every tick.
 */
const MINUTE = 60_000;
const DAY = 86_400_000;
/** Steps within a day, each a divisor of a day, so every day's ticks fall on the same round times. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720].map((m) => m * MINUTE);

/**
 * Ticks from `startMs` to `endMs` at the shortest round step that crosses the range in at most `max` steps, counted
 * from each day's start in the zone (a day's first tick is its midnight); over several days, midnights a whole number
 * of days apart.
 */
export function timeTicks(startMs: number, endMs: number, timeZone: string, max = 6): number[] {
  if (!(endMs > startMs)) return [startMs];
  const span = endMs - startMs;
  const step = STEPS.find((s) => span / s <= max);
  const everyDays = step === undefined ? Math.ceil(span / DAY / max) : 0;
  const ticks: number[] = [];
  let first = localDate(startMs, timeZone);
  // Over days, the first tick is the first midnight in the range and the others whole steps of days after it.
  if (step === undefined && startOfDayInstant(first, timeZone).getTime() < startMs) first = addDays(first, 1);
  for (let day = first, n = 0; n < 400; day = addDays(day, Math.max(everyDays, 1)), n++) {
    const dayStart = startOfDayInstant(day, timeZone).getTime();
    if (dayStart > endMs) break;
    const nextDay = startOfDayInstant(addDays(day, 1), timeZone).getTime();
    const at =
      step === undefined
        ? [dayStart]
        : Array.from({ length: Math.ceil((nextDay - dayStart) / step) }, (_, k) => dayStart + k * step);
    ticks.push(...at.filter((t) => t >= startMs && t <= endMs && t < nextDay));
  }
  return ticks;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(timeZone: string, kind: 'time' | 'date' | 'zone'): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(
      'en-US',
      kind === 'time'
        ? { timeZone, hour: 'numeric', minute: '2-digit' }
        : kind === 'date'
          ? { timeZone, month: 'short', day: 'numeric' }
          : { timeZone, timeZoneName: 'short' },
    );
    formats.set(key, f);
  }
  return f;
}

/**
 * A tick's label: its time ("2:30 PM"), with the date before it ("Nov 18, 12:00 AM") on the first tick and on every
 * tick that starts another day than the tick before it; only the date for ticks a day or more apart.
 */
export function timeTickLabel(ms: number, previousMs: number | null, timeZone: string, wholeDays = false): string {
  const date = format(timeZone, 'date').format(ms);
  if (wholeDays) return date;
  const time = format(timeZone, 'time').format(ms);
  const newDay = previousMs === null || localDate(previousMs, timeZone) !== localDate(ms, timeZone);
  return newDay ? `${date}, ${time}` : time;
}

/** The zone's abbreviation at an instant ("EST", "GMT+9"). */
export function zoneAbbreviation(ms: number, timeZone: string): string {
  return (
    format(timeZone, 'zone')
      .formatToParts(ms)
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  );
}

/** What the chart's times are read in: "EST", or "EDT, then EST" across a change of the clocks. */
export function axisZone(startMs: number, endMs: number, timeZone: string): string {
  const first = zoneAbbreviation(startMs, timeZone);
  const last = zoneAbbreviation(endMs, timeZone);
  return first === last ? first : `${first}, then ${last}`;
}
