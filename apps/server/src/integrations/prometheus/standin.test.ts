import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_ALERTS } from '../alertmanager/sample-alerts.js';
import { alertRuleParts } from '@ops/shared';
import { createHarness, type TestHarness } from '../../testing.js';
import { createPrometheusClient, type PrometheusClient } from './client.js';
import { startPrometheusStandin, type PrometheusStandin } from './standin.js';

/** Given the sample database, the stand-in's job gauge counts the rows the jobs page lists. */
describe('the Prometheus stand-in over the database', () => {
  let h: TestHarness;
  let standin: PrometheusStandin;
  let prom: PrometheusClient;
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const job = (status: 'queued' | 'running' | 'dead' | 'succeeded', at: string) => ({
    queue: 'payments',
    task: 'capture_payment',
    status,
    payload: '{}',
    created_at: at,
    scheduled_at: at,
    started_at: status === 'queued' ? null : at,
    finished_at: status === 'dead' || status === 'succeeded' ? at : null,
  });

  beforeAll(async () => {
    h = await createHarness();
    await h.dbs.api
      .insertInto('background_jobs')
      .values([
        job('queued', minutesAgo(5)),
        job('queued', minutesAgo(50)),
        job('dead', minutesAgo(120)),
        job('succeeded', minutesAgo(9)),
      ])
      .execute();
    standin = await startPrometheusStandin({ db: h.dbs.api });
    prom = createPrometheusClient({ url: standin.url, timeoutMs: 15_000 });
  });
  afterAll(async () => {
    await standin.close();
    await h.close();
  });

  const valueOf = async (query: string, at?: Date): Promise<number | undefined> => {
    const { result } = await prom.query(query, at);
    if (result.type !== 'vector') throw new Error('expected a vector');
    expect(result.series.length).toBeLessThanOrEqual(1);
    return result.series[0]?.sample.value;
  };

  it("counts each queue's jobs by state as the jobs page lists them, and since they entered that state", async () => {
    const listed = async (status: 'queued' | 'dead') =>
      (await h.caller('oncall').jobs.list({ queue: 'payments', status })).items.length;
    expect(await valueOf('sum by (queue) (background_jobs{queue="payments",status="queued"})')).toBe(await listed('queued'));
    expect(await valueOf('sum by (queue) (background_jobs{queue="payments",status="dead"})')).toBe(await listed('dead'));
    expect(await valueOf('sum by (queue) (background_jobs{queue="payments",status="queued"})', new Date(minutesAgo(30)))).toBe(1);
    expect(await valueOf('sum by (queue) (background_jobs{queue="payments",status="dead"})', new Date(minutesAgo(180)))).toBe(0);
    expect(await valueOf('sum by (queue) (background_jobs{queue="payouts",status="queued"})')).toBe(0);
  });

  it("reports the payments alert's value as its rule's query now: the dead payment jobs", async () => {
    const lag = SAMPLE_ALERTS.find((a) => a.labels.alertname === 'PaymentsCaptureLag');
    expect(lag).toBeDefined();
    const { query, threshold } = alertRuleParts(lag?.expr ?? '');
    const dead = await valueOf(query);
    expect(dead).toBe(1);
    expect(threshold).toEqual({ op: '>', value: 0 });
    expect((await prom.alerts()).find((a) => a.name === 'PaymentsCaptureLag')?.value).toBe(dead);
  });
});
