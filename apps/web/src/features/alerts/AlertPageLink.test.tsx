import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderUi } from '../../test/render';
import { AlertPageLink } from './AlertPageLink';

describe('AlertPageLink', () => {
  it('links on-call to the failed webhooks', async () => {
    await renderUi(<AlertPageLink page={{ kind: 'webhooks' }} />, { role: 'oncall' });
    expect(screen.getByRole('link', { name: 'Failed webhooks' }).getAttribute('href')).toBe('/webhooks?status=failed');
  });

  it('names the failed webhooks without a link for a role that may not read them, which would land on a 403', async () => {
    await renderUi(<AlertPageLink page={{ kind: 'webhooks' }} />, { role: 'exec' });
    expect(screen.getByText('Failed webhooks').closest('a')).toBeNull();
  });

  it('links the dead jobs of the queue the rule reads', async () => {
    await renderUi(<AlertPageLink page={{ kind: 'jobs', queue: 'payments', dead: true }} />, { role: 'exec' });
    expect(screen.getByRole('link', { name: 'Dead jobs in payments' }).getAttribute('href')).toBe(
      '/jobs?queue=payments&status=dead',
    );
  });

  it('leads from a 5xx rule to the most frequent errors and to the endpoints the 5xx are on', async () => {
    await renderUi(
      <>
        <AlertPageLink page={{ kind: 'errors' }} />
        <AlertPageLink page={{ kind: 'errorsByEndpoint' }} />
      </>,
      { role: 'oncall' },
    );
    expect(screen.getByRole('link', { name: 'Errors (most frequent)' }).getAttribute('href')).toBe('/health/errors?sort=freq');
    expect(screen.getByRole('link', { name: '5xx by endpoint' }).getAttribute('href')).toBe(
      '/health/metrics?metricId=errors_by_endpoint&period=1h',
    );
  });
});
