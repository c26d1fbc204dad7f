import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStudent } from '@ops/db/seed/helpers';
import { createAxiomClient, type AxiomClient } from '../../integrations/axiom/client.js';
import { startAxiomStandin, type AxiomStandin } from '../../integrations/axiom/standin.js';
import { createHarness, noIntegrations, type TestHarness } from '../../testing.js';

/**
 * A person's trail also holds the console's log lines of the requests that acted on them: the audit row records the
 * request id, and the lines of that request (which seldom name the person) come from Axiom by that id.
 */
let h: TestHarness;
let standin: AxiomStandin;
let axiom: AxiomClient;

beforeAll(async () => {
  const integrations = noIntegrations({ axiom: true });
  h = await createHarness({ integrations });
  standin = await startAxiomStandin({ db: h.dbs.api });
  axiom = createAxiomClient({ url: standin.url, token: standin.token, dataset: standin.dataset, timeoutMs: 15_000 });
  integrations.axiom = axiom;
}, 600_000);
afterAll(async () => {
  await standin.close();
  await h.close();
});

describe('support.trail and audited requests', () => {
  it('shows the log lines of the request that added a note, though they never name the person', async () => {
    const student = await seedStudent(h.dbs.api);
    const other = await seedStudent(h.dbs.api);
    await h.caller('support').support.addNote({ userId: student.id, kind: 'internal', body: 'Called about a refund' });
    const audit = await h.dbs.api
      .selectFrom('audit_log')
      .select('request_id')
      .where('resource_id', '=', student.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const requestId = audit.request_id ?? '';
    expect(requestId).not.toBe('');
    const now = new Date().toISOString();
    await axiom.ingest([
      { _time: now, level: 'info', msg: 'note stored', request_id: requestId, operation: 'support.addNote' },
      { _time: now, level: 'warn', msg: 'slow audit insert', request_id: requestId },
      { _time: now, level: 'info', msg: 'someone else entirely', request_id: 'req_unrelated_to_anyone' },
    ]);

    const trail = await h.caller('support').support.trail({ userId: student.id });
    expect(trail.sources.find((s) => s.source === 'axiom')?.state).toBe('ok');
    const logs = trail.entries.filter((e) => e.source === 'axiom');
    expect(logs.map((e) => e.detail ?? '').filter((d) => d.includes(requestId))).toHaveLength(2);
    expect(logs.map((e) => e.label)).toEqual(expect.arrayContaining(['info support.addNote', 'warn slow audit insert']));
    expect(logs.some((e) => (e.detail ?? '').includes('someone else entirely'))).toBe(false);

    // Another person's trail does not pick up that request.
    const theirs = await h.caller('support').support.trail({ userId: other.id });
    expect(theirs.entries.some((e) => (e.detail ?? '').includes(requestId))).toBe(false);
  });
});
