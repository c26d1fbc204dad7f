import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_PERIODS, METRIC_PERIOD_SECONDS } from '@ops/shared';
import { createPrometheusClient, type PrometheusClient } from '../../integrations/prometheus/client.js';
import { startPrometheusStandin, type PrometheusStandin } from '../../integrations/prometheus/standin.js';
import { rangeWindow } from './metrics-range.js';

// 10:47:13 UTC: not on any period's step grid, so a window that rounds its end down would show here.
const now = new Date('2026-12-03T10:47:13.000Z');
const nowSeconds = now.getTime() / 1000;

let standin: PrometheusStandin;
let prom: PrometheusClient;

beforeAll(async () => {
  standin = await startPrometheusStandin({ now: () => now.getTime() });
  prom = createPrometheusClient({ url: `${standin.url}/`, timeoutMs: 15_000 });
});
afterAll(() => standin.close());

describe('rangeWindow', () => {
  it.each(METRIC_PERIODS)('reads %s up to now, covering the whole period in whole steps', (period) => {
    const window = rangeWindow(period, now);
    expect(window.end).toBe(nowSeconds);
    expect(window.end - window.start).toBeGreaterThanOrEqual(METRIC_PERIOD_SECONDS[period]);
    expect((window.end - window.start) % window.step).toBe(0);
  });

  it("puts the last point of 'Last 7 days' on now, not a step before it", async () => {
    const window = rangeWindow('7d', now);
    const { result } = await prom.queryRange('up', {
      start: new Date(window.start * 1000),
      end: new Date(window.end * 1000),
      stepSeconds: window.step,
    });
    if (result.type !== 'matrix') throw new Error('expected a matrix');
    const times = result.series[0]?.samples.map((s) => s.t) ?? [];
    expect(times.at(-1)).toBe(nowSeconds);
    expect(times[0]).toBe(window.start);
  });
});
