import type { ActiveSilence, FiringAlert, SourceStatus } from '@ops/shared';
import { expireSilence } from '../domain/alerts/expire-silence.js';
import { silenceAlerts } from '../domain/alerts/silence.js';
import { readAlerts, readSilences } from '../domain/health/vendor-reads.js';
import { procedure, router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';

export const alerts = router({
  list: procedure('health.read').query(
    async ({ ctx }): Promise<{ source: SourceStatus; alerts: FiringAlert[] | null; silences: ActiveSilence[] | null }> => {
      const [alertsRead, silencesRead] = await Promise.all([
        readAlerts(ctx.integrations, ctx.config.SOURCE_TIMEOUT_MS),
        readSilences(ctx.integrations, ctx.config.SOURCE_TIMEOUT_MS),
      ]);
      return { source: alertsRead.status, alerts: alertsRead.data, silences: silencesRead.data };
    },
  ),
  silence: actionProcedures(silenceAlerts),
  expireSilence: actionProcedures(expireSilence),
});
