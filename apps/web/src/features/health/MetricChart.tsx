import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartAnnotation, MetricSeries } from '@ops/shared';
import { AnchorLink } from '../../components/RouterLinks';

const COLORS = ['#228be6', '#fa5252', '#40c057', '#fab005', '#7950f2', '#15aabf', '#e64980', '#fd7e14', '#82c91e', '#868e96'];
/** More lines than this make a chart nobody can read; the rest are listed as left out. */
const MAX_SERIES = 10;

export function formatValue(v: number, unit: string): string {
  if (unit === 's') return v < 1 ? `${Math.round(v * 1000)} ms` : `${v.toFixed(2)} s`;
  if (unit === 'ratio') return `${(v * 100).toFixed(2)} %`;
  if (unit === 'percent') return `${v.toFixed(1)} %`;
  if (unit === 'rps') return `${v.toPrecision(3)}/s`;
  if (unit === 'bytes') return v > 1e9 ? `${(v / 1e9).toFixed(2)} GB` : `${(v / 1e6).toFixed(1)} MB`;
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3);
}

function timeLabel(ms: number, spanSeconds: number): string {
  const d = new Date(ms);
  return spanSeconds > 2 * 86_400
    ? d.toLocaleDateString(undefined, { month: 'short', day: 'numeric', hour: '2-digit' })
    : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** The clickable head of a marker line; recharts passes the line's viewBox. */
function MarkerLabel({ annotation, viewBox }: { annotation: ChartAnnotation; viewBox?: { x?: number; y?: number } }) {
  const x = viewBox?.x ?? 0;
  const y = (viewBox?.y ?? 0) - 4;
  return (
    <a href={annotation.href} aria-label={annotation.label}>
      <title>{annotation.label}</title>
      <path
        d={`M${x - 5},${y - 8} L${x + 5},${y - 8} L${x},${y} Z`}
        fill={annotation.kind === 'deploy' ? '#7950f2' : '#fd7e14'}
        style={{ cursor: 'pointer' }}
      />
    </a>
  );
}

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
  const span = endSeconds - startSeconds;
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
        aria-label={`Chart: ${title}, ${shown.length} series, ${markers.length} markers`}
        data-testid="metric-chart"
        style={{ width: '100%', height: 320 }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
            <XAxis
              dataKey="t"
              type="number"
              domain={[startMs, endMs]}
              scale="time"
              tickFormatter={(v: number) => timeLabel(v, span)}
            />
            <YAxis tickFormatter={(v: number) => formatValue(v, unit)} width={72} />
            <Tooltip
              labelFormatter={(v) => new Date(Number(v)).toLocaleString()}
              formatter={(v) => (typeof v === 'number' ? formatValue(v, unit) : String(v))}
            />
            {shown.length > 1 && <Legend />}
            {shown.map((s, i) => (
              <Line
                key={s.label}
                dataKey={`s${i}`}
                name={s.label}
                stroke={COLORS[i % COLORS.length]}
                dot={false}
                isAnimationActive={false}
                connectNulls={false}
              />
            ))}
            {markers.map((a, i) => (
              <ReferenceLine
                key={`${a.kind}-${a.at}-${i}`}
                x={Date.parse(a.at)}
                stroke={a.kind === 'deploy' ? '#7950f2' : '#fd7e14'}
                strokeDasharray="4 2"
                ifOverflow="hidden"
                label={<MarkerLabel annotation={a} />}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      {series.length > MAX_SERIES && (
        <Text size="xs" c="dimmed">
          Showing {MAX_SERIES} of {series.length} series; narrow the query to see the rest.
        </Text>
      )}
      {markers.length > 0 && (
        <Table fz="xs" aria-label="Chart markers" striped>
          <Table.Tbody>
            {markers.map((a, i) => (
              <Table.Tr key={`${a.kind}-${a.at}-${i}`} id={a.kind === 'deploy' ? a.href.slice(1) : undefined}>
                <Table.Td w={90}>
                  <Badge size="xs" color={a.kind === 'deploy' ? 'violet' : 'orange'}>
                    {a.kind === 'deploy' ? 'deploy' : 'admin action'}
                  </Badge>
                </Table.Td>
                <Table.Td w={180}>{new Date(a.at).toLocaleString()}</Table.Td>
                <Table.Td>
                  {a.kind === 'audit' ? (
                    <AnchorLink to={a.href} size="xs">
                      {a.label}
                    </AnchorLink>
                  ) : (
                    <Group gap={4}>
                      <Anchor href={a.href} size="xs">
                        {a.label}
                      </Anchor>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
