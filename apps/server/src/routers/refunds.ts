import { createRefund } from '../domain/refunds/create.js';
import { router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';

export const refunds = router({ create: actionProcedures(createRefund) });
