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
import { dummyHash, verifyPassword } from '../domain/passwords.js';
import {
  createSession,
  deleteSession,
  MAX_FAILURES_PER_EMAIL,
  MAX_FAILURES_PER_IP,
  recentFailures,
  recordAttempt,
} from '../domain/sessions.js';
import { authedProcedure, publicProcedure, router } from '../trpc.js';
import type { StaffIdentity } from '../context.js';

function toMe(staff: StaffIdentity): Me {
  return { id: staff.id, email: staff.email, name: staff.name, role: staff.role, permissions: [...ROLE_PERMISSIONS[staff.role]] };
}

export const auth = router({
  login: publicProcedure.input(loginInputSchema).mutation(async ({ ctx, input }): Promise<Me> => {
    const email = input.email.toLowerCase();
    const keys = [`email:${email}`, `ip:${ctx.request.ip ?? 'unknown'}`];
    const failures = await recentFailures(ctx.db, keys);
    if (
      (failures.get(keys[0] ?? '') ?? 0) >= MAX_FAILURES_PER_EMAIL ||
      (failures.get(keys[1] ?? '') ?? 0) >= MAX_FAILURES_PER_IP
    ) {
      throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'Too many failed sign-ins; wait 15 minutes and try again.' });
    }
    const staff = await ctx.db
      .selectFrom('staff_users')
      .select(['id', 'email', 'name', 'role', 'password_hash', 'active'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
      .executeTakeFirst();
    const ok = await verifyPassword(input.password, staff?.password_hash ?? (await dummyHash()));
    if (!staff || !ok || !staff.active) {
      await recordAttempt(ctx.db, keys, false);
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Email or password is wrong.' });
    }
    await recordAttempt(ctx.db, keys, true);
    const token = await createSession(ctx.db, staff.id, ctx.config.SESSION_IDLE_MINUTES, ctx.request);
    await ctx.db.updateTable('staff_users').set({ last_login_at: new Date() }).where('id', '=', staff.id).execute();
    ctx.cookies.setSession(token, ctx.config.SESSION_IDLE_MINUTES * 60 * 24);
    return toMe({ id: staff.id, email: staff.email, name: staff.name, role: staff.role, sessionId: null });
  }),

  me: authedProcedure.query(({ ctx }): Me => toMe(ctx.staff)),

  logout: authedProcedure.mutation(async ({ ctx }) => {
    if (ctx.staff.sessionId) await deleteSession(ctx.db, ctx.staff.sessionId);
    ctx.cookies.clearSession();
    return { ok: true };
  }),

  /** Which database tier this console runs on: every page (the login page too) shows it in its header and title. */
  environment: publicProcedure.query(({ ctx }): { environment: Environment } => ({ environment: ctx.config.environment })),

  /** What the login page shows: the sample accounts, in sample mode only. */
  sampleAccounts: publicProcedure.query(({ ctx }): { accounts: SampleAccount[]; password: string | null } =>
    ctx.config.sampleMode
      ? { accounts: SAMPLE_STAFF.map(({ email, role }) => ({ email, role })), password: SAMPLE_PASSWORD }
      : { accounts: [], password: null },
  ),
});
