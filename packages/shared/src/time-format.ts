/**
 * How the console writes an instant for people (DESIGN.md): in the business time zone, never the reader's, so the web
 * page, a preview's warning and an action's message all read "Nov 17, 2026, 10:04 AM EST" for the same moment.
 */
export type TimeStyle = 'date' | 'minute' | 'millisecond';

const formats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone and style: `toLocaleString` with options builds a new one on every call, which long lists feel. */
function formatter(timeZone: string, style: TimeStyle): Intl.DateTimeFormat {
  const key = `${style}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    const day = { timeZone, year: 'numeric', month: 'short', day: 'numeric' } as const;
    const time = { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' } as const;
    f = new Intl.DateTimeFormat(
      'en-US',
      style === 'date'
        ? day
        : style === 'minute'
          ? { ...day, ...time }
          : { ...day, ...time, second: '2-digit', fractionalSecondDigits: 3 },
    );
    formats.set(key, f);
  }
  return f;
}

/**
 * An instant (ISO text, epoch milliseconds or a Date) as it reads in `timeZone`: "Nov 17, 2026" (`date`),
 * "Nov 17, 2026, 10:04 AM EST" (`minute`, the default) or "Nov 17, 2026, 10:04:07.215 AM EST" (`millisecond`).
 */
export function formatInZone(at: string | number | Date, timeZone: string, style: TimeStyle = 'minute'): string {
  return formatter(timeZone, style).format(new Date(at));
}
