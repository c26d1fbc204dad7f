import type { Services } from '../../context.js';
import type { Worker } from '../../workers.js';
import { runExportJobs } from './export.js';
import { hasDryRun, lastRetentionRun, runRetention, type RetentionPolicy } from './retention.js';

const DAY_MS = 86_400_000;

export function retentionPolicy(services: Pick<Services, 'config'>, dryRun: boolean): RetentionPolicy {
  const c = services.config;
  return {
    months: {
      funnel_events: c.RETENTION_FUNNEL_EVENTS_MONTHS,
      search_events: c.RETENTION_SEARCH_EVENTS_MONTHS,
      notifications: c.RETENTION_NOTIFICATIONS_MONTHS,
    },
    exportDays: c.RETENTION_EXPORT_DAYS,
    dryRun,
  };
}

/** Builds queued (large) privacy exports. */
export const privacyExportWorker: Worker = {
  name: 'privacy.exports',
  intervalMs: 2_000,
  tick: (services) => runExportJobs(services.dbs.worker, services.now),
};

/** Once a day: the retention run (a dry run until RETENTION_DELETE=true, and always a dry run first). */
export const retentionWorker: Worker = {
  name: 'privacy.retention',
  intervalMs: 60_000,
  async tick(services) {
    const db = services.dbs.worker;
    const now = services.now();
    const last = await lastRetentionRun(db);
    if (last !== null && now.getTime() - last.getTime() < DAY_MS) return 0;
    const dryRun = services.config.RETENTION_DELETE !== 'true' || !(await hasDryRun(db));
    await runRetention(db, retentionPolicy(services, dryRun), now);
    return 1;
  },
};
