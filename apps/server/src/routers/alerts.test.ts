import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SilenceInput } from '@ops/shared';
import { createAlertmanagerClient } from '../integrations/alertmanager/client.js';
import { SAMPLE_ALERTS } from '../integrations/alertmanager/sample-alerts.js';
import { startAlertmanagerStandin, type AlertmanagerStandin } from '../integrations/alertmanager/standin.js';
import { createHarness, noIntegrations, type TestHarness } from '../testing.js';

/** alerts.list and the alerts.silence action against the Alertmanager stand-in, through the real client. */

let h: TestHarness;
let am: AlertmanagerStandin;

beforeAll(async () => {
  am = await startAlertmanagerStandin();
  const integrations = {
    ...noIntegrations(),
    alertmanager: createAlertmanagerClient({ url: am.url, timeoutMs: 2_000 }),
  };
  h = await createHarness({ integrations });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await am?.close();
});

const SILENCE: SilenceInput = {
  matchers: [
    { name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true },
    { name: 'service', value: 'api', isRegex: false, isEqual: true },
  ],
  durationMinutes: 120,
  comment: 'Known incident, fix deploying',
};

describe('alerts', () => {
  it('lists firing alerts with labels and since-when', async () => {
    const { source, alerts } = await h.caller('support').alerts.list();
    expect(source.state).toBe('ok');
    const high = alerts?.find((a) => a.name === 'HighErrorRate');
    expect(high).toMatchObject({
      severity: 'critical',
      state: 'active',
      silencedBy: [],
      labels: { alertname: 'HighErrorRate', service: 'api' },
    });
    expect(Date.parse(high?.startsAt ?? '')).toBeLessThan(Date.now());
    // From symptom to cause: the rule's own PromQL (Prometheus's generatorURL) to chart, and what it means.
    expect(high?.expr).toBe(SAMPLE_ALERTS.find((a) => a.labels.alertname === 'HighErrorRate')?.expr);
    expect(high?.expr).toMatch(/ > 0\.02$/);
    expect(high).toMatchObject({ summary: 'More than 2% of requests fail with 5xx', runbookUrl: null });
    expect(high?.description).toMatch(/above 2%/);
  });

  it('refuses alerts.silence to support and exec, and creates nothing', async () => {
    for (const who of ['support', 'exec'] as const) {
      await expect(h.caller(who).alerts.silence.preview(SILENCE)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        h.caller(who).alerts.silence.execute({ confirmToken: 'x'.repeat(40), reason: 'trying anyway' }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(am.silenceCount()).toBe(0);
  });

  it('rejects a bad duration naming the field, creating nothing', async () => {
    await expect(h.caller('oncall').alerts.silence.preview({ ...SILENCE, durationMinutes: 1 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('durationMinutes'),
    });
    expect(am.silenceCount()).toBe(0);
  });

  it('lets on-call silence an alert: preview names it, confirm creates the silence and the alert becomes suppressed', async () => {
    const oncall = h.caller('oncall');
    const preview = await oncall.alerts.silence.preview(SILENCE);
    expect(preview.summary).toBe('Silence 1 firing alert for 2 hours');
    expect(preview.effects.map((e) => e.label)).toContain('Silences 1 firing alert: HighErrorRate (api)');
    expect(am.silenceCount()).toBe(0);

    const result = await oncall.alerts.silence.execute({
      confirmToken: preview.confirmToken,
      reason: 'Error spike is the known deploy issue',
    });
    expect(result.auditId).toEqual(expect.any(Number));
    expect(result.message).toMatch(/^Silence \S+ is active until [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T\.$/);
    expect(am.silenceCount()).toBe(1);

    const { alerts, silences } = await oncall.alerts.list();
    const silence = silences?.[0];
    expect(silence).toMatchObject({ state: 'active', createdBy: 'oncall@test.example', matchers: SILENCE.matchers });
    expect(silence?.comment).toContain('Known incident, fix deploying');
    expect(Date.parse(silence?.endsAt ?? '') - Date.parse(silence?.startsAt ?? '')).toBeGreaterThan(119 * 60_000);
    const high = alerts?.find((a) => a.name === 'HighErrorRate');
    expect(high).toMatchObject({ state: 'suppressed', silencedBy: [silence?.id] });
    // Only the matching alert is silenced.
    expect(
      alerts?.filter((a) => a.name !== 'HighErrorRate').every((a) => a.silencedBy.length === 0 && a.state === 'active'),
    ).toBe(true);
  }, 60_000);

  it('lets on-call end a silence early: the preview names the alerts that fire again, confirm expires it', async () => {
    const oncall = h.caller('oncall');
    const set = await oncall.alerts.silence.preview({
      matchers: [{ name: 'alertname', value: 'WebhookFailures', isRegex: false, isEqual: true }],
      durationMinutes: 60,
      comment: 'Stripe is replaying',
    });
    await oncall.alerts.silence.execute({ confirmToken: set.confirmToken, reason: 'Known incident' });
    const silenceId = (await oncall.alerts.list()).silences?.find((s) => s.comment.includes('Stripe is replaying'))?.id ?? '';
    expect(silenceId).not.toBe('');

    await expect(h.caller('support').alerts.expireSilence.preview({ silenceId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const preview = await oncall.alerts.expireSilence.preview({ silenceId });
    expect(preview.summary).toMatch(
      new RegExp(`^Expire silence ${silenceId} \\(alertname="WebhookFailures"\\), set by oncall@test.example until `),
    );
    expect(preview.effects.map((e) => e.label)).toContain('1 firing alert fires and notifies again: WebhookFailures');
    // Nothing changes at preview.
    expect((await oncall.alerts.list()).silences?.some((s) => s.id === silenceId)).toBe(true);

    const result = await oncall.alerts.expireSilence.execute({ confirmToken: preview.confirmToken, reason: 'Fix is out' });
    expect(result.message).toBe(`Silence ${silenceId} expired: 1 alert firing again.`);
    expect(result.auditId).toEqual(expect.any(Number));
    const { alerts, silences } = await oncall.alerts.list();
    expect(silences?.some((s) => s.id === silenceId)).toBe(false);
    expect(alerts?.find((a) => a.name === 'WebhookFailures')).toMatchObject({ state: 'active', silencedBy: [] });
    const audit = await h.dbs.api
      .selectFrom('audit_log')
      .select(['action', 'resource_id'])
      .where('id', '=', result.auditId ?? 0)
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'alerts.expireSilence', resource_id: silenceId });

    // Gone is gone: a second preview names the field and changes nothing.
    await expect(oncall.alerts.expireSilence.preview({ silenceId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `silenceId: no active or pending silence ${silenceId}`,
    });
  }, 60_000);
});
