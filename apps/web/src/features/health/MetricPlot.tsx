import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useRouter } from '@tanstack/react-router';
import type { ChartAnnotation, MetricSeries } from '@ops/shared';
import { businessTimeZone, formatBusinessDateTime } from '../../lib/business-time';
import { timeTickLabel, timeTicks } from './time-axis';

function formatValue(v: number, unit: string): string {
  if (unit === 's') return v < 1 ? `${Math.round(v * 1000)} ms` : `${v.toFixed(2)} s`;
  if (unit === 'ratio') return `${(v * 100).toFixed(2)} %`;
  if (unit === 'percent') return `${v.toFixed(1)} %`;
  if (unit === 'rps') return `${v.toPrecision(3)}/s`;
  if (unit === 'bytes') return v > 1e9 ? `${(v / 1e9).toFixed(2)} GB` : `${(v / 1e6).toFixed(1)} MB`;
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3);
}

const COLORS = ['#228be6', '#fa5252', '#40c057', '#fab005', '#7950f2', '#15aabf', '#e64980', '#fd7e14', '#82c91e', '#868e96'];

/**
 * The head of a marker line; recharts passes the line's viewBox. It opens what the marker list's link opens, moving
 * inside the app as the router's links do (a new tab on a modified click); an admin action a role may not read in the
 * audit log is a plain mark.
 */
export function MarkerLabel({
  annotation,
  linked,
  viewBox,
}: {
  annotation: ChartAnnotation;
  linked: boolean;
  viewBox?: { x?: number; y?: number };
}) {
  const router = useRouter();
  const x = viewBox?.x ?? 0;
  const y = (viewBox?.y ?? 0) - 4;
  const head = (
    <>
      <title>{annotation.label}</title>
      <path
        d={`M${x - 5},${y - 8} L${x + 5},${y - 8} L${x},${y} Z`}
        fill={annotation.kind === 'deploy' ? '#7950f2' : '#fd7e14'}
        style={linked ? { cursor: 'pointer' } : undefined}
      />
    </>
  );
  if (!linked)
    return (
      <g role="img" aria-label={annotation.label}>
        {head}
      </g>
    );
  const { href } =
    annotation.kind === 'deploy'
      ? router.buildLocation({ to: '/deploys', search: { deploy: annotation.deployId }, hash: `deploy-${annotation.deployId}` })
      : router.buildLocation({ to: '/audit/$auditId', params: { auditId: annotation.auditId } });
  return (
    <a
      href={href}
      aria-label={annotation.label}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
        event.preventDefault();
        void router.navigate({ href });
      }}
    >
      {head}
    </a>
  );
}

/** The Recharts part of MetricChart, loaded on demand (see MetricChart). */
export default function MetricPlot({
  data,
  shown,
  markers,
  unit,
  startMs,
  endMs,
  canReadAudit,
}: {
  data: Array<Record<string, number | null>>;
  shown: MetricSeries[];
  markers: ChartAnnotation[];
  unit: string;
  startMs: number;
  endMs: number;
  /** Whether the viewer may open the audit log: an admin action's mark links to its entry only then. */
  canReadAudit: boolean;
}) {
  // Round times of the business zone's clock, each labelled with its date where it starts another day; every tick is
  // drawn (interval 0), as one dropped for room could be the one that says the date.
  const timeZone = businessTimeZone();
  const ticks = timeTicks(startMs, endMs, timeZone);
  const wholeDays = ticks.length > 1 && (ticks[1] ?? 0) - (ticks[0] ?? 0) >= 23 * 3_600_000;
  const tickLabel = (v: number) => {
    const i = ticks.indexOf(v);
    return timeTickLabel(v, i > 0 ? (ticks[i - 1] ?? null) : null, timeZone, wholeDays);
  };
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
        <XAxis
          dataKey="t"
          type="number"
          domain={[startMs, endMs]}
          scale="time"
          ticks={ticks}
          interval={0}
          tickFormatter={tickLabel}
        />
        <YAxis tickFormatter={(v: number) => formatValue(v, unit)} width={72} />
        <Tooltip
          labelFormatter={(v) => formatBusinessDateTime(Number(v))}
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
            label={<MarkerLabel annotation={a} linked={a.kind === 'deploy' || canReadAudit} />}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
