import { Badge, Group, Tooltip } from '@mantine/core';
import type { SourceState, SourceStatus } from '@ops/shared';

const LOOK: Record<SourceState, { color: string; label: string }> = {
  ok: { color: 'green', label: 'ok' },
  degraded: { color: 'yellow', label: 'degraded' },
  down: { color: 'red', label: 'down' },
  not_configured: { color: 'gray', label: 'not configured' },
};

/** Human names of the sources; an unknown one shows as given. */
export const SOURCE_NAMES: Record<string, string> = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  sentry: 'Sentry',
  axiom: 'Axiom',
  deploys: 'Deploy targets',
  stripe: 'Stripe',
  postgres: 'Our database',
  payments: 'Payments',
  webhooks: 'Webhooks',
  jobs: 'Background jobs',
  growth: 'Bookings & signups',
  db_pool: 'DB pool',
};

/**
 * One external source's state, the same everywhere: ok / degraded / down / not configured, its latency, the error
 * in a tooltip, and a "sample data" badge when a local stand-in serves it.
 */
export function SourceStatusBadge({ status, withName = true }: { status: SourceStatus; withName?: boolean }) {
  const look = LOOK[status.state];
  const name = SOURCE_NAMES[status.source] ?? status.source;
  const latency = status.latencyMs === null || status.state === 'not_configured' ? '' : ` · ${status.latencyMs} ms`;
  const badge = (
    <Badge
      color={look.color}
      variant="light"
      data-testid={`source-${status.source}`}
      data-state={status.state}
      aria-label={`${name}: ${look.label}${latency}`}
    >
      {withName ? `${name}: ` : ''}
      {look.label}
      {latency}
    </Badge>
  );
  return (
    <Group gap={4} wrap="nowrap">
      {status.error ? (
        <Tooltip label={status.error} multiline maw={360} withArrow>
          {badge}
        </Tooltip>
      ) : (
        badge
      )}
      {status.sample && (
        <Badge color="grape" variant="outline" size="xs">
          sample data
        </Badge>
      )}
    </Group>
  );
}
