import { describeMatchers, expireSilenceInputSchema, formatInZone, plural } from '@ops/shared';
import { defineAction } from '../actions/define.js';
import { DomainError } from '../errors.js';
import { readAlerts, readSilences } from '../health/vendor-reads.js';

/**
 * Ends a silence before its time (Alertmanager's DELETE /api/v2/silence/{id}). The preview names the silence and
 * the alerts it holds now, which fire and notify again once it is gone; execute reads both again (CONFLICT when they
 * changed) and expires it inside the audited transaction, so a refusal from Alertmanager leaves no audit row.
 */
export const expireSilence = defineAction({
  name: 'alerts.expireSilence',
  title: 'Expire silence',
  description: 'Expire an active silence: the alerts it held fire and notify again.',
  destructive: false,
  permission: 'alerts.silence',
  input: expireSilenceInputSchema,
  async plan({ input, ctx }) {
    const budget = ctx.config.SOURCE_TIMEOUT_MS;
    const [silences, alerts] = await Promise.all([readSilences(ctx.integrations, budget), readAlerts(ctx.integrations, budget)]);
    if (silences.status.state === 'not_configured')
      throw new DomainError('PRECONDITION_FAILED', 'Alertmanager is not configured (ALERTMANAGER_URL).');
    if (silences.data === null || alerts.data === null) {
      const error = silences.status.error ?? alerts.status.error ?? 'unknown error';
      throw new DomainError('BAD_GATEWAY', `Alertmanager did not answer: ${error}`);
    }
    const silence = silences.data.find((s) => s.id === input.silenceId);
    if (!silence) throw new DomainError('NOT_FOUND', `silenceId: no active or pending silence ${input.silenceId}`);
    // The alerts this silence holds now; those no other silence also holds fire again once it is gone.
    const held = alerts.data.filter((a) => a.silencedBy.includes(silence.id));
    const released = held.filter((a) => a.silencedBy.length === 1);
    const stillHeld = held.length - released.length;
    const until = formatInZone(silence.endsAt, ctx.config.BUSINESS_TIME_ZONE);
    return {
      resourceType: 'alert',
      resourceId: silence.id,
      summary: `Expire silence ${silence.id} (${describeMatchers(silence.matchers)}), set by ${silence.createdBy} until ${until}`,
      effects: [
        { kind: 'info' as const, label: `Matchers: ${describeMatchers(silence.matchers)}` },
        { kind: 'info' as const, label: `Comment: ${silence.comment}` },
        {
          kind: 'notify' as const,
          label:
            released.length === 0
              ? 'No alert firing now fires again'
              : `${plural(released.length, 'firing alert')} ${released.length === 1 ? 'fires and notifies' : 'fire and notify'} again: ${released.map((a) => a.name).join(', ')}`,
          count: released.length,
        },
      ],
      warnings:
        stillHeld > 0 ? [`${plural(stillHeld, 'alert')} ${stillHeld === 1 ? 'stays' : 'stay'} silenced by another silence.`] : [],
      typeToConfirm: null,
      requiresApproval: false,
      state: { silence, releasedFingerprints: released.map((a) => a.fingerprint) },
    };
  },
  async apply({ plan, ctx }) {
    const client = ctx.integrations.alertmanager;
    if (!client) throw new DomainError('PRECONDITION_FAILED', 'Alertmanager is not configured (ALERTMANAGER_URL).');
    const { silence } = plan.state;
    try {
      await client.expireSilence(silence.id);
    } catch (error) {
      throw new DomainError(
        'BAD_GATEWAY',
        `Alertmanager refused to expire the silence: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return {
      before: { silenceId: silence.id, state: silence.state, endsAt: silence.endsAt, matchers: silence.matchers },
      after: { silenceId: silence.id, state: 'expired', releasedFingerprints: plan.state.releasedFingerprints },
      message: `Silence ${silence.id} expired: ${plural(plan.state.releasedFingerprints.length, 'alert')} firing again.`,
    };
  },
});
