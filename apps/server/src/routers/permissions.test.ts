import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allows, STAFF_ROLES } from '@ops/shared';
import { createHarness, type Caller, type TestHarness } from '../testing.js';
import type { Meta } from '../trpc.js';
import { appRouter } from './_app.js';

interface ProcedureLike {
  _def: { meta?: Meta; type: 'query' | 'mutation' | 'subscription' };
}

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureLike>);

function callByPath(caller: Caller, path: string, input: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const segment of path.split('.')) target = (target as Record<string, unknown>)[segment];
  return (target as (input: unknown) => Promise<unknown>)(input);
}

describe('every procedure declares its permission', () => {
  it('has at least the auth and students procedures', () => {
    const paths = procedures.map(([path]) => path);
    expect(paths).toContain('auth.login');
    expect(paths).toContain('students.adjustCredit.execute');
  });

  it.each(procedures)('%s declares access', (_path, proc) => {
    expect(proc._def.meta?.access, 'a procedure without a declared permission').toBeTypeOf('string');
  });
});

describe('the matrix holds on the server', () => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  // Subscriptions are long-lived streams; they are covered by their features' tests.
  const callable = procedures.filter(([, p]) => p._def.type !== 'subscription');

  it.each(STAFF_ROLES.flatMap((role) => callable.map(([path, p]) => [role, path, p._def.meta?.access ?? 'public'] as const)))(
    '%s calling %s',
    async (role, path, access) => {
      const caller = h.caller(role === 'admin' ? 'admin' : role);
      // An input no procedure accepts: allowed calls fail validation (or run harmlessly), refused ones are FORBIDDEN
      // before the input is even read.
      const outcome = await callByPath(caller, path, { __matrix_probe__: true }).then(
        () => 'ok',
        (error: unknown) => (error instanceof TRPCError ? error.code : 'ERROR'),
      );
      if (allows(role, access)) expect(outcome).not.toBe('FORBIDDEN');
      else expect(outcome).toBe('FORBIDDEN');
    },
  );

  it('refuses a signed-out caller everything but public procedures', async () => {
    const caller = h.caller(null);
    for (const [path, p] of callable) {
      if (p._def.meta?.access === 'public') continue;
      const outcome = await callByPath(caller, path, { __matrix_probe__: true }).then(
        () => 'ok',
        (error: unknown) => (error instanceof TRPCError ? error.code : 'ERROR'),
      );
      expect(outcome, path).toBe('UNAUTHORIZED');
    }
  });
});
