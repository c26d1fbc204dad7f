import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction } from '../domain/actions/define.js';
import { CONSOLE_ACTIONS, findAction } from '../domain/actions/list.js';
import { createRefund } from '../domain/refunds/create.js';
import { appRouter } from './_app.js';
import { actionProcedures } from './action-procedures.js';

const paths = Object.keys(appRouter._def.procedures);
/** `refunds.create` for `refunds.create.preview`: every action the routers expose, by its path. */
const exposed = paths.filter((p) => p.endsWith('.preview')).map((p) => p.slice(0, -'.preview'.length));

const unlisted = defineAction({
  name: 'tests.unlisted',
  description: 'An action no router may expose.',
  destructive: false,
  permission: 'users.read',
  input: z.object({}),
  plan: () => Promise.reject(new Error('never planned')),
  apply: () => Promise.reject(new Error('never applied')),
});

describe('the action list', () => {
  it('holds exactly the actions the routers expose, each under its path, each with preview and execute', () => {
    expect(exposed.length).toBeGreaterThan(0);
    expect(CONSOLE_ACTIONS.map((a) => a.name).sort()).toEqual([...exposed].sort());
    for (const name of exposed) expect(paths).toContain(`${name}.execute`);
  });

  it('finds an approved request’s action by name, and nothing for a name it does not list', () => {
    expect(findAction('refunds.create')?.defines(createRefund)).toBe(true);
    expect(findAction('tests.unlisted')).toBeUndefined();
  });

  it('refuses to expose an action that is not listed, or another definition under a listed name', () => {
    expect(() => actionProcedures(unlisted)).toThrow('action tests.unlisted is not in the action list');
    expect(() => actionProcedures({ ...createRefund })).toThrow('action refunds.create is not in the action list');
  });
});
