import { describe, expect, it } from 'vitest';
import { LATENCY_SLO_PERIOD, logsSearchInputSchema, MIN_DURATION_MS_MAX, sloMissedHref, sloMissedSearch } from './logs.js';

const issues = (input: Record<string, unknown>) =>
  logsSearchInputSchema.safeParse(input).error?.issues.map((i) => ({ path: i.path, message: i.message }));

describe('the log search\'s "slower than" filter', () => {
  it('takes a whole number of milliseconds, typed or from a link', () => {
    expect(logsSearchInputSchema.parse({ minDurationMs: 500 }).minDurationMs).toBe(500);
    expect(logsSearchInputSchema.parse({ minDurationMs: ' 750 ' }).minDurationMs).toBe(750);
    expect(logsSearchInputSchema.parse({ minDurationMs: MIN_DURATION_MS_MAX }).minDurationMs).toBe(MIN_DURATION_MS_MAX);
    expect(logsSearchInputSchema.parse({}).minDurationMs).toBeUndefined();
  });

  it('refuses a fraction, zero, a negative, too long a wait and text, naming the field', () => {
    const refused = [
      {
        path: ['minDurationMs'],
        message: `minDurationMs must be a whole number of milliseconds from 1 to ${MIN_DURATION_MS_MAX}`,
      },
    ];
    for (const bad of [12.5, 0, -300, MIN_DURATION_MS_MAX + 1, 'slow', '500ms', ''])
      expect(issues({ minDurationMs: bad }), String(bad)).toEqual(refused);
  });

  it("links a missed latency SLO to the requests slower than its threshold, over the SLO's window", () => {
    expect(sloMissedSearch(500)).toEqual({ period: LATENCY_SLO_PERIOD, minDurationMs: 500 });
    expect(sloMissedHref(500)).toBe('/logs?period=1h&minDurationMs=500');
    expect(logsSearchInputSchema.parse(sloMissedSearch(500))).toMatchObject({ period: '1h', minDurationMs: 500 });
  });
});
