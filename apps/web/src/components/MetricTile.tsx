import { Card, Group, Text, Tooltip } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { METRICS, type MetricKey } from '@ops/shared';

/**
 * One headline figure. Its definition (written once, in packages/shared METRICS) is the tooltip of the info icon beside
 * the label, and the tile's accessible description, so a reader never has to guess what a number counts.
 */
export function MetricTile({
  metric,
  label,
  value,
  footer,
  testId,
}: {
  metric: MetricKey;
  /** Defaults to the metric's own label. */
  label?: string;
  value: ReactNode;
  footer?: ReactNode;
  testId?: string;
}) {
  const def = METRICS[metric];
  const name = label ?? def.label;
  const descId = `metric-def-${metric}-${name.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Card withBorder padding="sm" aria-label={name} aria-describedby={descId} data-metric={metric}>
      <Group gap={4} wrap="nowrap">
        <Text size="xs" c="dimmed">
          {name}
        </Text>
        <Tooltip label={def.definition} multiline w={300} withArrow events={{ hover: true, focus: true, touch: true }}>
          <IconInfoCircle
            size={13}
            tabIndex={0}
            role="img"
            aria-label={`Definition of ${name}`}
            style={{ cursor: 'help', color: 'var(--mantine-color-dimmed)', flex: 'none' }}
          />
        </Tooltip>
        <span id={descId} hidden>
          {def.definition}
        </span>
      </Group>
      <Text fw={700} size="lg" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
        {value}
      </Text>
      {footer}
    </Card>
  );
}
