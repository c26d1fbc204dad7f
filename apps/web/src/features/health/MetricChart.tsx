import { Badge, Skeleton, Stack, Text } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { plural, type ChartAnnotation, type MetricSeries } from '@ops/shared';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { whenColumn } from '../../components/DataTable/columns';
import { AnchorLink, UnlinkedText } from '../../components/RouterLinks';
import { businessTimeZone } from '../../lib/business-time';
import { useCan } from '../../lib/use-me';
import { axisZone } from './time-axis';

/** More lines than this make a chart nobody can read; the rest are listed as left out. */
const MAX_SERIES = 10;

/** Recharts (~120 KB gzip) arrives after the page: a skeleton of the plot's size holds its place until then. */
const MetricPlot = lazy(() => import('./MetricPlot'));

const markerKind = (a: ChartAnnotation): string => (a.kind === 'deploy' ? 'deploy' : 'admin action');

/**
 * A marker's line in the list: a deploy opens the deploys page with it marked in the history (client-side, like every
 * link of the console); an admin action opens its audit entry, or is plain text for a role that may not read the audit
 * log (exec).
 */
function MarkerLink({ annotation: a }: { annotation: ChartAnnotation }) {
  const canAudit = useCan('audit.read');
  if (a.kind === 'deploy')
    return (
      <AnchorLink to="/deploys" search={{ deploy: a.deployId }} hash={`deploy-${a.deployId}`} size="xs">
        {a.label}
      </AnchorLink>
    );
  if (!canAudit) return <UnlinkedText size="xs">{a.label}</UnlinkedText>;
  return (
    <AnchorLink to="/audit/$auditId" params={{ auditId: a.auditId }} size="xs">
      {a.label}
    </AnchorLink>
  );
}

// The chart's markers in time order, each linking where the marker on the chart does.
const markerColumns: Array<DataTableColumn<ChartAnnotation>> = [
  {
    key: 'kind',
    title: 'Marker',
    width: 110,
    hideable: false,
    sortValue: markerKind,
    render: (a) => (
      <Badge size="xs" color={a.kind === 'deploy' ? 'violet' : 'orange'}>
        {markerKind(a)}
      </Badge>
    ),
  },
  { ...whenColumn<ChartAnnotation>('at', 'When', (a) => a.at), width: 180, hideable: false },
  {
    key: 'label',
    title: 'What',
    hideable: false,
    sortValue: (a) => a.label,
    render: (a) => <MarkerLink annotation={a} />,
  },
];

/**
 * A range chart of Prometheus series with deploy and admin-action markers; each marker links to its deploy or audit
 * entry (the list under the chart carries the same links for keyboards and screen readers).
 */
export function MetricChart({
  series,
  unit,
  startSeconds,
  endSeconds,
  annotations,
  title,
}: {
  series: MetricSeries[];
  unit: string;
  startSeconds: number;
  endSeconds: number;
  annotations: ChartAnnotation[];
  title: string;
}) {
  const canAudit = useCan('audit.read');
  const shown = series.slice(0, MAX_SERIES);
  const byTime = new Map<number, Record<string, number | null>>();
  shown.forEach((s, i) => {
    for (const p of s.points) {
      const row = byTime.get(p.t) ?? { t: p.t * 1000 };
      row[`s${i}`] = p.v;
      byTime.set(p.t, row);
    }
  });
  const data = [...byTime.values()].sort((a, b) => (a.t ?? 0) - (b.t ?? 0));
  const startMs = startSeconds * 1000;
  const endMs = endSeconds * 1000;
  const markers = annotations.filter((a) => {
    const t = Date.parse(a.at);
    return t >= startMs && t <= endMs;
  });

  return (
    <Stack gap="xs">
      <div
        role="img"
        aria-label={`Chart: ${title}, ${shown.length} series, ${plural(markers.length, 'marker')}`}
        data-testid="metric-chart"
        style={{ width: '100%', height: 320 }}
      >
        <Suspense fallback={<Skeleton h="100%" />}>
          <MetricPlot
            data={data}
            shown={shown}
            markers={markers}
            unit={unit}
            startMs={startMs}
            endMs={endMs}
            canReadAudit={canAudit}
          />
        </Suspense>
      </div>
      {/* The zone once, for the axis's ticks (the tooltip and the marker list write it with each time). */}
      <Text size="xs" c="dimmed">
        Times in {axisZone(startMs, endMs, businessTimeZone())}
      </Text>
      {series.length > MAX_SERIES && (
        <Text size="xs" c="dimmed">
          Showing {MAX_SERIES} of {series.length} series; narrow the query to see the rest.
        </Text>
      )}
      {markers.length > 0 && (
        <DataTable
          name="Chart markers"
          columns={markerColumns}
          rows={markers}
          rowKey={(a, i) => `${a.kind}-${a.at}-${i}`}
          tableProps={{ fz: 'xs', striped: true }}
        />
      )}
    </Stack>
  );
}
