import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LABELS } from '@ops/shared';
import { defineAction } from '../domain/actions/define.js';
import { createRefund } from '../domain/refunds/create.js';
import { router } from '../trpc.js';
import { appRouter } from './_app.js';
import { CONSOLE_ACTIONS, readActionList } from './action-list.js';
import { actionProcedures } from './action-procedures.js';
import { procedureDefsOf } from './procedure-types.js';

const paths = Object.keys(appRouter._def.procedures);
/** `refunds.create` for `refunds.create.preview`: every action the routers expose, by its path. */
const exposed = paths.filter((p) => p.endsWith('.preview')).map((p) => p.slice(0, -'.preview'.length));

const sample = defineAction({
  name: 'tests.sample',
  title: 'Sample action',
  description: 'An action only these tests expose.',
  destructive: false,
  permission: 'users.read',
  input: z.object({}),
  plan: () => Promise.reject(new Error('never planned')),
  apply: () => Promise.reject(new Error('never applied')),
});

describe('the action list', () => {
  it('holds exactly the actions the routers expose, each under its path, each with preview and execute', () => {
    expect(exposed.length).toBeGreaterThan(15);
    expect([...CONSOLE_ACTIONS.keys()].sort()).toEqual([...exposed].sort());
    for (const name of exposed) expect(paths).toContain(`${name}.execute`);
  });

  it('gives every action a label the audit pages show in words', () => {
    expect([...CONSOLE_ACTIONS.keys()].filter((name) => !(name in LABELS))).toEqual([]);
  });

  it('finds an approved request’s action by name, and nothing for a name no router exposes', () => {
    expect(CONSOLE_ACTIONS.get('refunds.create')?.defines(createRefund)).toBe(true);
    expect(CONSOLE_ACTIONS.get('tests.sample')).toBeUndefined();
  });

  it('takes an action from the router line that exposes it, and refuses one exposed under another name', () => {
    const exposedAtItsName = router({ tests: router({ sample: actionProcedures(sample) }) });
    expect(readActionList(procedureDefsOf(exposedAtItsName._def.procedures)).get('tests.sample')?.defines(sample)).toBe(true);
    const exposedElsewhere = router({ tests: router({ other: actionProcedures(sample) }) });
    expect(() => readActionList(procedureDefsOf(exposedElsewhere._def.procedures))).toThrow(
      'action tests.sample is exposed at tests.other.execute, not under its name',
    );
  });
});
