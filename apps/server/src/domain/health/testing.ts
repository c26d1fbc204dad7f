import type { HealthSnapshot } from '@ops/shared';

/** For the health tests: a snapshot in which no source told anything, to which a test adds the readings it judges. */
export const quietSnapshot: Omit<HealthSnapshot, 'overall' | 'tookMs' | 'generatedAt'> = {
  sources: [],
  stability: {
    logs: null,
    errorRate: null,
    p99LatencySeconds: null,
    requestRate: null,
    topErrors: null,
    alerts: null,
    deploys: null,
  },
  money: { payments: null, webhooks: null },
  growth: null,
  operations: { jobs: null, pool: null, redis: null },
};
