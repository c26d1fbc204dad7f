import { expireSilence } from '../domain/alerts/expire-silence.js';
import { listAlerts, type AlertsView } from '../domain/alerts/list.js';
import { silenceAlerts } from '../domain/alerts/silence.js';
import { procedure, router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';

export const alerts = router({
  list: procedure('health.read').query(({ ctx }): Promise<AlertsView> => listAlerts(ctx)),
  silence: actionProcedures(silenceAlerts),
  expireSilence: actionProcedures(expireSilence),
});
