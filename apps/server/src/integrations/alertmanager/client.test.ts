import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertmanagerError, createAlertmanagerClient, type AlertmanagerClient } from './client.js';
import { startAlertmanagerStandin, type AlertmanagerStandin } from './standin.js';

let standin: AlertmanagerStandin;
let am: AlertmanagerClient;

beforeAll(async () => {
  standin = await startAlertmanagerStandin();
  am = createAlertmanagerClient({ url: standin.url, timeoutMs: 15_000 });
});
afterAll(() => standin.close());

describe('alertmanager client against the stand-in', () => {
  it('lists the firing sample alerts, filtered by label', async () => {
    const all = await am.listAlerts();
    expect(all.map((a) => a.name).sort()).toEqual(['HighErrorRate', 'PaymentsCaptureLag', 'WebhookFailures']);
    expect(all.every((a) => a.state === 'active' && a.fingerprint.length === 16)).toBe(true);
    const one = await am.listAlerts({ filter: { alertname: 'WebhookFailures' } });
    expect(one.map((a) => a.name)).toEqual(['WebhookFailures']);
  });

  it('creates a silence, the alert shows suppressed, and expiring it makes the alert active again', async () => {
    const id = await am.createSilence({
      matchers: [{ name: 'alertname', value: 'HighErrorRate', isRegex: false }],
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 3_600_000),
      createdBy: 'oncall@ops.example',
      comment: 'deploy rollback in progress',
    });
    const [silenced] = await am.listAlerts({ filter: { alertname: 'HighErrorRate' } });
    expect(silenced).toMatchObject({ state: 'suppressed', silencedBy: [id] });
    expect((await am.listAlerts({ silenced: false })).map((a) => a.name)).not.toContain('HighErrorRate');
    expect(await am.listSilences()).toMatchObject([{ id, state: 'active', createdBy: 'oncall@ops.example' }]);

    await am.expireSilence(id);
    expect((await am.listSilences()).find((s) => s.id === id)?.state).toBe('expired');
    const [again] = await am.listAlerts({ filter: { alertname: 'HighErrorRate' } });
    expect(again?.state).toBe('active');
    const twice = await am.expireSilence(id).then(
      () => null,
      (e: unknown) => e,
    );
    expect(twice).toBeInstanceOf(AlertmanagerError);
  });

  it("surfaces Alertmanager's validation message", async () => {
    const error = await am
      .createSilence({
        matchers: [{ name: 'alertname', value: 'X', isRegex: false }],
        startsAt: new Date(),
        endsAt: new Date(Date.now() - 1000),
        createdBy: 'a',
        comment: 'b',
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(AlertmanagerError);
    expect((error as AlertmanagerError).status).toBe(400);
    expect(await am.healthy()).toBe(true);
  });
});
