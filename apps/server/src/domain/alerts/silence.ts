import {
  describeMatchers,
  formatDuration,
  formatInZone,
  matchersMatch,
  plural,
  silenceInputSchema,
  type FiringAlert,
} from '@ops/shared';
import { defineAction } from '../actions/define.js';
import { DomainError } from '../errors.js';
import { readAlerts } from '../health/vendor-reads.js';

/**
 * Silence firing alerts in Alertmanager. The preview lists the matchers, the duration and exactly which firing
 * alerts it would silence; execute re-reads the alerts (CONFLICT when that set changed) and creates the silence
 * inside the audited transaction, so a silence Alertmanager refused leaves no audit row and one it accepted is
 * recorded with its id.
 */
export const silenceAlerts = defineAction({
  name: 'alerts.silence',
  title: 'Silence alerts',
  description: 'Silence alerts matching the matchers for a while.',
  destructive: false,
  permission: 'alerts.silence',
  input: silenceInputSchema,
  async plan({ input, ctx }) {
    const read = await readAlerts(ctx.integrations, ctx.config.SOURCE_TIMEOUT_MS);
    if (read.status.state === 'not_configured') {
      throw new DomainError('PRECONDITION_FAILED', 'Alertmanager is not configured (ALERTMANAGER_URL).');
    }
    if (read.data === null) {
      throw new DomainError('BAD_GATEWAY', `Alertmanager did not answer: ${read.status.error ?? 'unknown error'}`);
    }
    const matched = read.data.filter((a) => matchersMatch(input.matchers, a.labels));
    const active = matched.filter((a) => a.silencedBy.length === 0);
    const names = [...new Set(active.map((a) => a.name))].sort();
    const warnings: string[] = [];
    if (matched.length === 0)
      warnings.push('No alert is firing with these matchers now; the silence would only catch future ones.');
    const alreadySilenced = matched.length - active.length;
    if (alreadySilenced > 0)
      warnings.push(`${plural(alreadySilenced, 'matching alert')} ${alreadySilenced === 1 ? 'is' : 'are'} already silenced.`);
    if (!input.matchers.some((m) => m.name === 'alertname'))
      warnings.push('No alertname matcher: this silence may catch unrelated alerts.');
    return {
      resourceType: 'alert',
      resourceId: names[0] ?? describeMatchers(input.matchers).slice(0, 100),
      summary: `Silence ${plural(active.length, 'firing alert')} for ${formatDuration(input.durationMinutes)}`,
      effects: [
        { kind: 'info' as const, label: `Matchers: ${describeMatchers(input.matchers)}` },
        { kind: 'info' as const, label: `Duration: ${formatDuration(input.durationMinutes)} from confirmation` },
        {
          kind: 'notify' as const,
          label:
            active.length === 0
              ? 'Silences no alert firing now'
              : `Silences ${plural(active.length, 'firing alert')}: ${active.map((a) => alertLine(a)).join('; ')}`,
          count: active.length,
        },
      ],
      warnings,
      typeToConfirm: null,
      requiresApproval: false,
      state: { fingerprints: active.map((a) => a.fingerprint) },
    };
  },
  async apply({ input, plan, ctx, reason }) {
    const client = ctx.integrations.alertmanager;
    if (!client) throw new DomainError('PRECONDITION_FAILED', 'Alertmanager is not configured (ALERTMANAGER_URL).');
    const startsAt = ctx.now();
    const endsAt = new Date(startsAt.getTime() + input.durationMinutes * 60_000);
    let silenceId: string;
    try {
      silenceId = await client.createSilence({
        matchers: input.matchers.map((m) => ({ name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual })),
        startsAt,
        endsAt,
        createdBy: ctx.staff.email,
        comment: `${input.comment} — ${reason}`,
      });
    } catch (error) {
      throw new DomainError(
        'BAD_GATEWAY',
        `Alertmanager refused the silence: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return {
      before: { silencedFingerprints: [] },
      after: {
        silenceId,
        matchers: input.matchers,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        comment: input.comment,
        silencedFingerprints: plan.state.fingerprints,
      },
      message: `Silence ${silenceId} is active until ${formatInZone(endsAt, ctx.config.BUSINESS_TIME_ZONE)}.`,
    };
  },
});

function alertLine(a: FiringAlert): string {
  const where = a.labels.instance ?? a.labels.service ?? a.labels.job;
  return where ? `${a.name} (${where})` : a.name;
}
