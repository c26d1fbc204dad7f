import { Badge, Group, Spoiler, Stack, Text, Tooltip } from '@mantine/core';

import { plural, type Annotation } from '@ops/shared';
import { AnchorLink } from '../../components/RouterLinks';
import { clusterMarkers, type MarkerCluster } from './markers';

const COLORS: Record<Annotation['kind'], string> = {
  refund: 'orange',
  suspension: 'red',
  communication: 'grape',
  deploy: 'blue',
};

/** The height of one row of marker badges (Mantine's md badge and the group's gap). */
const ONE_ROW_PX = 28;

const colorOf = (c: MarkerCluster): string => COLORS[(c.items.find((a) => a.kind !== 'deploy') ?? c.items[0])?.kind ?? 'deploy'];
const span = (c: MarkerCluster): string => (c.day === c.lastDay ? c.day : `${c.day} – ${c.lastDay}`);

/** The markers of a chart, folded as on the chart: one badge per cluster with its count; hover lists what it holds. */
export function AnnotationList({ annotations, periodDays }: { annotations: Annotation[]; periodDays: number }) {
  if (annotations.length === 0)
    return (
      <Text c="dimmed" size="sm">
        No staff actions or deploys in this period.
      </Text>
    );
  const clusters = clusterMarkers(annotations, periodDays);
  // One row of badges shows; the rest open on demand, so the markers do not crowd out the chart they annotate.
  return (
    <Spoiler
      maxHeight={ONE_ROW_PX}
      showLabel={`Show all ${clusters.length} markers`}
      hideLabel="Show fewer markers"
      mt="xs"
      styles={{ control: { fontSize: 'var(--mantine-font-size-xs)' } }}
    >
      <Group gap="xs" aria-label="Chart markers">
        {clusters.map((c) => {
          const single = c.items.length === 1 ? c.items[0] : undefined;
          if (single && single.auditId !== null)
            return (
              <Badge key={c.day} color={COLORS[single.kind]} variant="light">
                <AnchorLink to="/audit/$auditId" params={{ auditId: single.auditId }} size="xs" inherit>
                  {single.day} · {single.label}
                </AnchorLink>
              </Badge>
            );
          return (
            <Tooltip
              key={c.day}
              multiline
              w={320}
              events={{ hover: true, focus: true, touch: true }}
              label={
                <Stack gap={2}>
                  {c.items.map((a) => (
                    <Text size="xs" key={`${a.day}-${a.kind}-${a.label}`}>
                      {a.day} · {a.label}
                    </Text>
                  ))}
                </Stack>
              }
            >
              <Badge
                color={colorOf(c)}
                variant={c.items.length > 1 ? 'outline' : 'light'}
                tabIndex={0}
                aria-label={`${plural(c.count, 'marker')}, ${span(c)}`}
              >
                {single ? `${single.day} · ${single.label}` : `${span(c)} · ${c.count} markers`}
              </Badge>
            </Tooltip>
          );
        })}
      </Group>
    </Spoiler>
  );
}

/**
 * Reference lines for @mantine/charts: one dashed line per cluster of nearby markers (so 50 markers over 30 days
 * become at most 15 lines), labelled with the count when it folds several; the list under the chart names each one.
 */
export function annotationLines(
  annotations: Annotation[],
  periodDays: number,
): Array<{ x: string; color: string; strokeDasharray: string; ifOverflow: 'hidden'; label?: string }> {
  return clusterMarkers(annotations, periodDays).map((c) => ({
    x: c.day,
    color: `${colorOf(c)}.4`,
    strokeDasharray: '3 3',
    ifOverflow: 'hidden',
    ...(c.count > 1 ? { label: `×${c.count}` } : {}),
  }));
}
