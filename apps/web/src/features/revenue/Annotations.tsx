import { Badge, Group, Text } from '@mantine/core';

import type { Annotation } from '@ops/shared';
import { AnchorLink } from '../../components/RouterLinks';

const COLORS: Record<Annotation['kind'], string> = {
  refund: 'orange',
  suspension: 'red',
  communication: 'grape',
  deploy: 'blue',
};

/** Above this many days a kind is summed up in one badge instead of one badge a day. */
const LIST_LIMIT = 4;

/** The markers drawn on a chart: a few are listed with links to their audit entries, many are summed up by kind. */
export function AnnotationList({ annotations }: { annotations: Annotation[] }) {
  if (annotations.length === 0)
    return (
      <Text c="dimmed" size="sm">
        No staff actions or deploys in this period.
      </Text>
    );
  const byKind = new Map<Annotation['kind'], Annotation[]>();
  for (const a of annotations) byKind.set(a.kind, [...(byKind.get(a.kind) ?? []), a]);
  return (
    <Group gap="xs" mt="xs" aria-label="Chart markers">
      {[...byKind].map(([kind, list]) => {
        if (kind === 'deploy' || list.length > LIST_LIMIT) {
          const total = list.reduce((n, a) => n + a.count, 0);
          const what = kind === 'deploy' ? 'deploys' : (list[0]?.label.replace(/ \(\d+\)$/, '').toLowerCase() ?? kind);
          return (
            <Badge key={kind} color={COLORS[kind]} variant="outline" title={list.map((a) => `${a.day} ${a.label}`).join('\n')}>
              {total} {what} on {list.length} day{list.length === 1 ? '' : 's'}
            </Badge>
          );
        }
        return list.map((a) => (
          <Badge key={`${a.day}-${a.kind}`} color={COLORS[a.kind]} variant="light">
            {a.auditId === null ? (
              `${a.day} · ${a.label}`
            ) : (
              <AnchorLink to="/audit/$auditId" params={{ auditId: a.auditId }} size="xs" inherit>
                {a.day} · {a.label}
              </AnchorLink>
            )}
          </Badge>
        ));
      })}
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
