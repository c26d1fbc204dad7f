import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SourceStatus } from '@ops/shared';
import { renderUi } from '../test/render';
import { SourceStatusBadge } from './SourceStatusBadge';

const base: SourceStatus = { source: 'prometheus', state: 'ok', latencyMs: 42, error: null, sample: false };

describe('SourceStatusBadge', () => {
  it('names the source, its state and its latency', async () => {
    await renderUi(<SourceStatusBadge status={base} />);
    expect(screen.getByLabelText('Prometheus: ok · 42 ms')).toBeTruthy();
  });

  it('shows no latency for a source that is not configured', async () => {
    await renderUi(<SourceStatusBadge status={{ ...base, source: 'sentry', state: 'not_configured', latencyMs: null }} />);
    expect(screen.getByLabelText('Sentry: not configured')).toBeTruthy();
  });

  it('tells a stand-in from the real service', async () => {
    await renderUi(<SourceStatusBadge status={{ ...base, sample: true }} />);
    expect(screen.getByText('sample data')).toBeTruthy();
  });

  it('shows the error of a source that is down when pointed at', async () => {
    const { user } = await renderUi(
      <SourceStatusBadge status={{ ...base, state: 'down', latencyMs: 2000, error: 'timed out after 2000 ms' }} />,
    );
    const badge = screen.getByLabelText('Prometheus: down · 2000 ms');
    expect(badge.getAttribute('data-state')).toBe('down');
    await user.hover(badge);
    expect(await screen.findByText('timed out after 2000 ms')).toBeTruthy();
  });

  it('shows an unknown source by its own name', async () => {
    await renderUi(<SourceStatusBadge status={{ ...base, source: 'kafka' }} withName />);
    expect(screen.getByLabelText('kafka: ok · 42 ms')).toBeTruthy();
  });
});
