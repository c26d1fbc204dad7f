import { router } from '../trpc.js';
import { alerts } from './alerts.js';
import { approvals } from './approvals.js';
import { audit } from './audit.js';
import { auth } from './auth.js';
import { bookings } from './bookings.js';
import { brief } from './brief.js';
import { cohorts } from './cohorts.js';
import { communications } from './communications.js';
import { funnel } from './funnel.js';
import { health } from './health.js';
import { instructors } from './instructors.js';
import { jobs } from './jobs.js';
import { logs } from './logs.js';
import { payments } from './payments.js';
import { deploys } from './deploys.js';
import { privacy } from './privacy.js';
import { refunds } from './refunds.js';
import { revenue } from './revenue.js';
import { searchDemand } from './search-demand.js';
import { spotlight } from './spotlight.js';
import { students } from './students.js';
import { support } from './support.js';
import { supply } from './supply.js';
import { tokens } from './tokens.js';
import { webhooks } from './webhooks.js';

/** One router per feature word (DESIGN.md). */
export const appRouter = router({
  auth,
  students,
  webhooks,
  audit,
  refunds,
  bookings,
  instructors,
  approvals,
  support,
  revenue,
  supply,
  funnel,
  cohorts,
  searchDemand,
  brief,
  communications,
  health,
  alerts,
  spotlight,
  jobs,
  logs,
  payments,
  deploys,
  privacy,
  tokens,
});

export type AppRouter = typeof appRouter;
