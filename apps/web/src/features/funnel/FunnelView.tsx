import { BarChart, LineChart } from '@mantine/charts';
import { Badge, Card, SimpleGrid, Stack, Text } from '@mantine/core';
import { FUNNEL_STAGES, type FunnelReport } from '@ops/shared';
import { DataCard } from '../../components/DataCard';
import { AnnotationList, annotationLines } from '../revenue/Annotations';
import { pct } from '../revenue/format';
import { InsightList } from '../revenue/RevenueView';

const NO_DATA = 'no data';

export function FunnelView({ report }: { report: FunnelReport }) {
  const cmp = report.comparison;
  const stepSeries = FUNNEL_STAGES.slice(1).map((stage, i) => ({ stage, from: FUNNEL_STAGES[i] ?? 'signup' }));
  // Daily step conversion of the two booking steps, the ones a product change moves first.
  const daily = report.daily.map((d) => {
    const started = d.users.booking_started;
    const confirmed = d.users.booking_confirmed;
    return {
      day: d.day,
      'Confirmed / started (%)': started === 0 ? null : Math.round((confirmed * 1000) / started) / 10,
      Signups: d.users.signup,
    };
  });
  return (
    <Stack>
      <Text c="dimmed" size="sm">
        {report.period.from} to {report.period.to}
        {cmp ? ` against ${cmp.from} to ${cmp.to}` : ''} · users counted once per stage, on the day they first reached it (
        {report.timeZone})
      </Text>
      <InsightList insights={report.insights} title="Insights" />
      <DataCard
        title="Funnel"
        fileName={`funnel-${report.period.from}-${report.period.to}.csv`}
        chart={
          <BarChart
            h={280}
            data={report.stages.map((s) => ({
              stage: s.label,
              Users: s.users,
              ...(cmp ? { 'Comparison users': s.previousUsers ?? 0 } : {}),
            }))}
            dataKey="stage"
            series={[{ name: 'Users', color: 'blue.6' }, ...(cmp ? [{ name: 'Comparison users', color: 'gray.5' }] : [])]}
          />
        }
        columns={[
          { header: 'Stage' },
          { header: 'Users', numeric: true },
          { header: 'Step conversion', numeric: true },
          { header: 'Overall conversion', numeric: true },
          { header: 'Comparison users', numeric: true },
          { header: 'Comparison step conversion', numeric: true },
          { header: 'z', numeric: true },
          { header: 'Significant' },
        ]}
        rows={report.stages.map((s) => [
          s.stage,
          s.users === 0 ? NO_DATA : s.users,
          s.stage === 'signup' ? null : (pct(s.stepConversionBps) ?? NO_DATA),
          s.stage === 'signup' ? null : (pct(s.overallConversionBps) ?? NO_DATA),
          s.previousUsers,
          s.stage === 'signup' || !cmp ? null : (pct(s.previousStepConversionBps) ?? NO_DATA),
          s.zScore,
          s.significant ? 'yes' : 'no',
        ])}
      />
      <SimpleGrid cols={{ base: 1, md: 5 }}>
        {stepSeries.map(({ stage, from }) => {
          const row = report.stages.find((s) => s.stage === stage);
          if (!row) return null;
          const delta =
            row.stepConversionBps !== null && row.previousStepConversionBps !== null
              ? row.stepConversionBps - row.previousStepConversionBps
              : null;
          return (
            <Card withBorder padding="sm" key={stage} aria-label={`${from} to ${stage}`}>
              <Text size="xs" c="dimmed">
                {from} → {stage}
              </Text>
              <Text fw={700} size="lg">
                {pct(row.stepConversionBps) ?? NO_DATA}
              </Text>
              {cmp && (
                <Text size="xs">
                  {delta === null ? '—' : `${delta > 0 ? '+' : delta < 0 ? '−' : ''}${(Math.abs(delta) / 100).toFixed(1)} pts`} vs{' '}
                  {pct(row.previousStepConversionBps) ?? NO_DATA}
                </Text>
              )}
              {row.significant && <Badge color={row.zScore !== null && row.zScore < 0 ? 'red' : 'teal'}>significant</Badge>}
            </Card>
          );
        })}
      </SimpleGrid>
      <DataCard
        title="Booking confirmation by day"
        fileName={`funnel-daily-${report.period.from}-${report.period.to}.csv`}
        chart={
          <LineChart
            h={260}
            data={daily}
            dataKey="day"
            series={[{ name: 'Confirmed / started (%)', color: 'orange.6' }]}
            withDots={false}
            connectNulls={false}
            referenceLines={annotationLines(report.annotations)}
          />
        }
        columns={[
          { header: 'Day' },
          ...FUNNEL_STAGES.map((s) => ({ header: s, numeric: true })),
          { header: 'Confirmed / started (%)', numeric: true },
        ]}
        rows={report.daily.map((d, i) => [
          d.day,
          ...FUNNEL_STAGES.map((s) => d.users[s]),
          daily[i]?.['Confirmed / started (%)'] ?? null,
        ])}
      >
        <AnnotationList annotations={report.annotations} />
      </DataCard>
    </Stack>
  );
}
