import { Badge, Group, Popover, Spoiler, Stack, Text } from '@mantine/core';

import { plural, type Annotation } from '@ops/shared';
import { AnchorLink, UnlinkedText } from '../../components/RouterLinks';
import { useCan } from '../../lib/use-me';
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

/**
 * The audit log's action filter for each kind of staff action, as the annotation rollup groups them: a word without a
 * dot matches every action that starts with it.
 */
const AUDIT_ACTION: Record<Exclude<Annotation['kind'], 'deploy'>, string> = {
  refund: 'refunds',
  suspension: 'instructors.suspend',
  communication: 'communications',
};

/**
 * One marker as a link to what it stands for: a deploy to its row in the deploy history, marked (where the metrics
 * charts link too), one staff action to its audit entry, several of a day to the audit log filtered to that kind on
 * that day. A viewer whose role cannot open the page reads it as text.
 */
function MarkerLink({ annotation: a }: { annotation: Annotation }) {
  const canAudit = useCan('audit.read');
  const canDeploys = useCan('health.read');
  const text = `${a.day} · ${a.label}`;
  if (a.kind === 'deploy') {
    if (a.deployId === null || !canDeploys) return <UnlinkedText>{text}</UnlinkedText>;
    return (
      <AnchorLink to="/deploys" search={{ deploy: a.deployId }} hash={`deploy-${a.deployId}`} inherit>
        {text}
      </AnchorLink>
    );
  }
  if (!canAudit) return <UnlinkedText>{text}</UnlinkedText>;
  if (a.count === 1 && a.auditId !== null)
    return (
      <AnchorLink to="/audit/$auditId" params={{ auditId: a.auditId }} inherit>
        {text}
      </AnchorLink>
    );
  return (
    <AnchorLink to="/audit" search={{ action: AUDIT_ACTION[a.kind], from: a.day, to: a.day }} inherit>
      {text}
    </AnchorLink>
  );
}

/** The markers of a chart, folded as on the chart: one badge per cluster with its count; a cluster opens its list. */
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
          if (single)
            return (
              <Badge key={c.day} color={COLORS[single.kind]} variant="light">
                <MarkerLink annotation={single} />
              </Badge>
            );
          // A click (or Enter) opens the list rather than a hover: its links must stay open while the pointer moves to them.
          return (
            <Popover key={c.day} width={360} position="bottom-start" withArrow shadow="md">
              <Popover.Target>
                <Badge
                  component="button"
                  type="button"
                  color={colorOf(c)}
                  variant="outline"
                  style={{ cursor: 'pointer' }}
                  aria-label={`${plural(c.count, 'marker')}, ${span(c)}`}
                >
                  {`${span(c)} · ${c.count} markers`}
                </Badge>
              </Popover.Target>
              <Popover.Dropdown>
                <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label={`Markers, ${span(c)}`}>
                  {c.items.map((a) => (
                    <Text size="xs" component="li" key={`${a.day}-${a.kind}-${a.deployId ?? a.auditId ?? a.label}`}>
                      <MarkerLink annotation={a} />
                    </Text>
                  ))}
                </Stack>
              </Popover.Dropdown>
            </Popover>
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
