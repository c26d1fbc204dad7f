import { describe, expect, it } from 'vitest';
import { QUIET_HEALTH_READINGS, type RedisHealth } from '@ops/shared';
import { assessOverall } from './assess.js';

const quiet = QUIET_HEALTH_READINGS;

const redis: RedisHealth = {
  version: '7.2.4',
  usedMemoryBytes: 1_000_000,
  maxMemoryBytes: 0,
  evictionPolicy: null,
  connectedClients: 3,
  blockedClients: 0,
  opsPerSecond: 10,
  hitRate: 0.9,
  evictedKeys: 0,
  queues: [{ name: 'celery', length: 2_000 }],
};

describe('the overall verdict', () => {
  it("says a long broker list without linking the jobs page, which lists the database's jobs, not the Redis list", () => {
    const overall = assessOverall({ ...quiet, operations: { ...quiet.operations, redis } });
    expect(overall.problems).toEqual([{ level: 'warning', message: 'Broker queue celery holds 2000 messages', href: null }]);
  });
});
