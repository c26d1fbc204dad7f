import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedInstructor, seedStudent } from '@ops/db/seed/helpers';
import { createContextInner } from '../../context.js';
import { createHarness, type TestHarness } from '../../testing.js';
import { suspendInstructor } from '../instructors/suspend.js';
import { erasePerson } from '../privacy/erase.js';
import type { ActionContext } from './define.js';

let h: TestHarness;
let ctx: ActionContext;
beforeAll(async () => {
  h = await createHarness();
  ctx = { ...createContextInner({ services: h.services, staff: h.staff.admin }), staff: h.staff.admin };
});
afterAll(async () => {
  await h.close();
});

// Ids that share their first eight characters, as the sample data's people do.
const ids = (prefix: string) => [`${prefix}-0000-4000-8000-000000000001`, `${prefix}-0000-4000-8000-000000000002`];

describe('the word a staff member types to confirm a dangerous action on a person', () => {
  it('erasure: names this person alone, even beside someone whose id starts the same', async () => {
    const people = await Promise.all(ids('7e57e7a5').map((id) => seedStudent(h.dbs.api, { id })));
    const words = await Promise.all(
      people.map(
        async (p) => (await erasePerson.plan({ db: h.dbs.api, input: { userId: p.id }, ctx, lock: false })).typeToConfirm,
      ),
    );
    expect(words).toEqual(people.map((p) => p.id));
    expect(new Set(words).size).toBe(2);
  });

  it('instructor suspension: names this instructor alone, even beside one whose id starts the same', async () => {
    const teachers = await Promise.all(ids('5a5e7ea0').map((id) => seedInstructor(h.dbs.api, { id })));
    const words = await Promise.all(
      teachers.map(
        async (t) =>
          (await suspendInstructor.plan({ db: h.dbs.api, input: { userId: t.user.id }, ctx, lock: false })).typeToConfirm,
      ),
    );
    expect(words).toEqual(teachers.map((t) => t.user.id));
    expect(new Set(words).size).toBe(2);
  });
});
