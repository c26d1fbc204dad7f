import { studentIdInputSchema } from '@ops/shared';
import { adjustCredit } from '../domain/students/adjust-credit.js';
import { loadStudentSummary, type StudentSummary } from '../domain/students/students.js';
import { suspendStudent, unsuspendStudent } from '../domain/students/suspend.js';
import { procedure, router } from '../trpc.js';
import { actionProcedures } from './action-procedures.js';

export const students = router({
  byId: procedure('users.read')
    .input(studentIdInputSchema)
    .query(({ ctx, input }): Promise<StudentSummary> => loadStudentSummary(ctx.db, input.userId)),
  adjustCredit: actionProcedures(adjustCredit),
  suspend: actionProcedures(suspendStudent),
  unsuspend: actionProcedures(unsuspendStudent),
});
