import type { Services } from '../../context.js';
import type { ReportDeps } from './reports.js';

/** Reports read through the analytics pool and refresh rollups through the worker pool (the primary). */
export function reportDeps(services: Services): ReportDeps {
  return {
    analytics: services.dbs.analytics,
    write: services.dbs.worker,
    timeZone: services.config.BUSINESS_TIME_ZONE,
    now: services.now(),
  };
}
