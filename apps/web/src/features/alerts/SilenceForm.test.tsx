import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FiringAlert } from '@ops/shared';
import { renderUi } from '../../test/render';
import { SilenceForm } from './SilenceForm';

const alert: FiringAlert = {
  fingerprint: 'f1',
  name: 'WebhookFailures',
  severity: 'warning',
  summary: 'Stripe webhooks are failing',
  description: null,
  runbookUrl: null,
  expr: null,
  labels: { alertname: 'WebhookFailures', severity: 'warning', source: 'stripe', queue: 'webhooks' },
  startsAt: '2026-11-20T17:00:00Z',
  state: 'active',
  silencedBy: [],
};

describe('SilenceForm', () => {
  it('matches every label of the alert to start with, so the silence mutes this alert only (source and queue too)', async () => {
    await renderUi(<SilenceForm alert={alert} />, { role: 'oncall' });
    for (const label of ['alertname="WebhookFailures"', 'severity="warning"', 'source="stripe"', 'queue="webhooks"'])
      expect(screen.getByRole<HTMLInputElement>('checkbox', { name: label }).checked).toBe(true);
  });
});
