import { Badge, Group, Text } from '@mantine/core';

import type { Annotation } from '@ops/shared';
import { AnchorLink } from '../../components/RouterLinks';

const COLORS: Record<Annotation['kind'], string> = {
  refund: 'orange',
  suspension: 'red',
  communication: 'grape',
  deploy: 'blue',
};

/** The markers drawn on a chart, listed with links to their audit entries. */
export function AnnotationList({ annotations }: { annotations: Annotation[] }) {
  const actions = annotations.filter((a) => a.kind !== 'deploy');
  const deploys = annotations.filter((a) => a.kind === 'deploy');
  if (annotations.length === 0)
    return (
      <Text c="dimmed" size="sm">
        No staff actions or deploys in this period.
      </Text>
    );
  return (
    <Group gap="xs" mt="xs" aria-label="Chart markers">
      {actions.map((a) => (
        <Badge key={`${a.day}-${a.kind}`} color={COLORS[a.kind]} variant="light">
          {a.auditId === null ? (
            `${a.day} · ${a.label}`
          ) : (
            <AnchorLink to="/audit/$auditId" params={{ auditId: a.auditId }} size="xs" inherit>
              {a.day} · {a.label}
            </AnchorLink>
          )}
        </Badge>
      ))}
      {deploys.length > 0 && (
        <Badge color="blue" variant="outline" title={deploys.map((d) => `${d.day} ${d.label}`).join('\n')}>
          {deploys.length} deploys
        </Badge>
      )}
    </Group>
  );
}

/**
 * Reference lines for @mantine/charts: one thin dashed line per day that has a marker, without a text label (30
 * labelled lines are unreadable); the list under the chart names each one, and the table carries the figures.
 */
export function annotationLines(
  annotations: Annotation[],
): Array<{ x: string; color: string; strokeDasharray: string; ifOverflow: 'hidden' }> {
  const byDay = new Map<string, Annotation[]>();
  for (const a of annotations) byDay.set(a.day, [...(byDay.get(a.day) ?? []), a]);
  return [...byDay].map(([day, list]) => {
    const first = list.find((a) => a.kind !== 'deploy') ?? list[0];
    return { x: day, color: `${COLORS[first?.kind ?? 'deploy']}.3`, strokeDasharray: '3 3', ifOverflow: 'hidden' };
  });
}
