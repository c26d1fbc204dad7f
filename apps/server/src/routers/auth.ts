import { TRPCError } from '@trpc/server';
import {
  loginInputSchema,
  ROLE_PERMISSIONS,
  SAMPLE_PASSWORD,
  SAMPLE_STAFF,
  type Environment,
  type Me,
  type SampleAccount,
} from '@ops/shared';
import { deleteSession } from '../domain/sessions.js';
import { signIn } from '../domain/sign-in.js';
import { authedProcedure, publicProcedure, router } from '../trpc.js';
import type { StaffIdentity } from '../context.js';

function toMe(staff: StaffIdentity): Me {
  return { id: staff.id, email: staff.email, name: staff.name, role: staff.role, permissions: [...ROLE_PERMISSIONS[staff.role]] };
}

export const auth = router({
  login: publicProcedure.input(loginInputSchema).mutation(async ({ ctx, input }): Promise<Me> => {
    const result = await signIn(ctx.db, input, ctx.request, {
      idleMinutes: ctx.config.SESSION_IDLE_MINUTES,
      sessionSecret: ctx.config.sessionSecret,
      now: ctx.now(),
    });
    if (result.kind === 'throttled') {
      throw new TRPCError({
        code: 'TOO_MANY_REQUESTS',
        message: `Too many sign-in attempts; try again in ${result.retryAfterSeconds} s.`,
      });
    }
    if (result.kind === 'refused') throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Email or password is wrong.' });
    // The cookie lives exactly as long as an idle session: the browser forgets it when the server would.
    ctx.cookies.setSession(result.token, ctx.config.SESSION_IDLE_MINUTES * 60);
    return toMe(result.staff);
  }),

  me: authedProcedure.query(({ ctx }): Me => toMe(ctx.staff)),

  logout: authedProcedure.mutation(async ({ ctx }) => {
    if (ctx.staff.sessionId) await deleteSession(ctx.db, ctx.staff.sessionId);
    ctx.cookies.clearSession();
    return { ok: true };
  }),

  /** Which database tier this console runs on: every page (the login page too) shows it in its header and title. */
  environment: publicProcedure.query(({ ctx }): { environment: Environment; timeZone: string } => ({
    environment: ctx.config.environment,
    // The business zone every page shows times and day bounds in (DESIGN.md: one zone for "today").
    timeZone: ctx.config.BUSINESS_TIME_ZONE,
  })),

  /** What the login page shows: the sample accounts, in sample mode only. */
  sampleAccounts: publicProcedure.query(({ ctx }): { accounts: SampleAccount[]; password: string | null } =>
    ctx.config.sampleMode
      ? { accounts: SAMPLE_STAFF.map(({ email, role }) => ({ email, role })), password: SAMPLE_PASSWORD }
      : { accounts: [], password: null },
  ),
});
