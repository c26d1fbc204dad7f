import { Badge, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import {
  FUNNEL_STAGE_LABELS,
  FUNNEL_STEPS,
  FUNNEL_WINDOW_DAYS,
  funnelStepLabel,
  MISSING_WORDS,
  missingComparison,
  plural,
  ratioBps,
  type FunnelReport,
  type FunnelStageRow,
  type MissingReason,
  comparisonBeforeData,
  noDataBefore,
  periodBeforeData,
  shownPointsBetween,
} from '@ops/shared';
import { BarChart, LineChart } from '../../components/charts/LazyCharts';
import { DataCard } from '../../components/DataCard';
import { InsightList } from '../../components/InsightList';
import { MetricTile } from '../../components/MetricTile';
import { AnnotationList, annotationLines } from '../revenue/Annotations';
import { comparisonWords, daysWords, pct, pointsText } from '../revenue/format';

const CONFIRM_DAYS = FUNNEL_WINDOW_DAYS.booking_confirmed;
const DAILY_SERIES = `Share confirmed within ${CONFIRM_DAYS} days`;
/** The daily share is drawn in percent: the tooltip reads as the table does ("57.9%"), the axis in whole percent. */
const sharePercent = (percent: number): string => pct(Math.round(percent * 100)) ?? '—';
const PERCENT_AXIS = { tickFormatter: (percent: number) => `${percent}%` };

/**
 * Why a step's rate is missing: every day of the side is too young to judge (as the brief says it), else nothing was
 * there to count. Null when the rate is there.
 */
function missingRate(
  rate: number | null,
  immatureDays: number | null,
  days: number,
): Exclude<MissingReason, 'before_data'> | null {
  if (rate !== null) return null;
  return immatureDays !== null && days > 0 && immatureDays >= days ? 'too_young' : 'no_data';
}

/** How the changes were tested, or that none could be: "0 tests, each …" says nothing a reader can use. */
function testsWords(tests: number): string {
  if (tests === 0) return 'Too few judged days to test any change.';
  if (tests === 1) return '1 test, allowing for the ordinary swing from one day to the next.';
  return `${tests} tests, each allowing for the ordinary swing from one day to the next, corrected together.`;
}

export function FunnelView({ report }: { report: FunnelReport }) {
  const cmp = report.comparison;
  // A comparison that starts before the first funnel event tells no change (comparisonBeforeData), and a period that
  // ends before it has no figures, only the day its data starts (periodBeforeData), as every report page says it.
  const beforeData = comparisonBeforeData(cmp?.from, report.firstDataDay);
  const noData = periodBeforeData(report.period.to, report.firstDataDay);
  const before = noDataBefore(report.firstDataDay);
  // Daily cohort rate of the booking step (the one a product change moves first); young cohorts stay blank.
  const daily = useMemo(
    () =>
      report.cohorts.map((d) => {
        const c = d.steps.booking_confirmed;
        return {
          day: d.day,
          rateBps: c.mature ? ratioBps(c.converted, c.reached) : null,
        };
      }),
    [report.cohorts],
  );
  const bars = useMemo(
    () =>
      report.stages.map((s) => ({
        stage: s.label,
        Users: s.users,
        ...(cmp && !beforeData ? { 'Comparison users': s.previousUsers ?? 0 } : {}),
      })),
    [report.stages, cmp, beforeData],
  );
  const chartDaily = useMemo(
    () => daily.map((d) => ({ day: d.day, [DAILY_SERIES]: d.rateBps === null ? null : d.rateBps / 100 })),
    [daily],
  );
  const why = (s: FunnelStageRow) => ({
    value: missingRate(s.stepConversionBps, s.immatureDays, report.period.days),
    previous: cmp ? missingRate(s.previousStepConversionBps, s.previousImmatureDays, cmp.days) : undefined,
  });
  const lines = useMemo(() => annotationLines(report.annotations, report.period.days), [report.annotations, report.period.days]);
  const young = report.cohorts.filter((d) => !d.steps.booking_confirmed.mature).length;
  return (
    <Stack>
      <Text c="dimmed" size="sm">
        {daysWords(report.period)}
        {comparisonWords(cmp, report.comparisonUntil, report.timeZone)} · step conversion by cohort: of the people who first
        reached a stage on a day of the period, the share who reached the next within the step’s window; days too young to judge
        are left out ({report.timeZone}). {testsWords(report.testing.tests)}
      </Text>
      <InsightList insights={report.insights} title="Insights" errorRate={report.testing.errorRate} />
      <DataCard
        title="Funnel"
        fileName={`funnel-${report.period.from}-${report.period.to}.csv`}
        chart={
          noData ? (
            // Why is the insight above's to say ("No funnel events in this period: no data before …"), once.
            <Text size="sm" c="dimmed">
              Nothing to draw.
            </Text>
          ) : (
            <BarChart
              h={280}
              data={bars}
              dataKey="stage"
              series={[
                { name: 'Users', color: 'blue.6' },
                ...(cmp && !beforeData ? [{ name: 'Comparison users', color: 'gray.5' }] : []),
              ]}
            />
          )
        }
        columns={[
          { header: 'Stage' },
          { header: 'Users reaching it', numeric: true },
          { header: 'Window (days)', numeric: true },
          { header: 'Judged cohort', numeric: true },
          { header: 'Converted', numeric: true },
          { header: 'Step conversion', numeric: true },
          { header: 'Comparison step conversion', numeric: true },
          { header: 'Change', numeric: true },
          { header: '95 % CI', numeric: true },
          { header: 'Days too young', numeric: true },
          { header: 'Significant' },
        ]}
        rows={report.stages.map((s) => [
          FUNNEL_STAGE_LABELS[s.stage],
          noData ? before : s.users === 0 ? MISSING_WORDS.no_data : s.users,
          s.windowDays,
          s.stage === 'signup' || noData ? null : s.cohort,
          s.stage === 'signup' || noData ? null : s.converted,
          s.stage === 'signup' ? null : noData ? before : (pct(s.stepConversionBps) ?? MISSING_WORDS[why(s).value ?? 'no_data']),
          s.stage === 'signup' || !cmp ? null : (pct(s.previousStepConversionBps) ?? MISSING_WORDS[why(s).previous ?? 'no_data']),
          pointsText(shownPointsBetween(s.stepConversionBps, s.previousStepConversionBps)),
          s.changeLowBps === null || s.changeHighBps === null
            ? null
            : `${pointsText(s.changeLowBps)} to ${pointsText(s.changeHighBps)}`,
          s.stage === 'signup' ? null : s.immatureDays,
          s.stage === 'signup' ? null : s.significant ? 'yes' : 'no',
        ])}
      />
      <SimpleGrid cols={{ base: 1, md: 5 }}>
        {FUNNEL_STEPS.map((stage) => {
          const row = report.stages.find((s) => s.stage === stage);
          if (!row) return null;
          return (
            <MetricTile
              key={stage}
              metric="stepConversion"
              label={funnelStepLabel(stage)}
              value={pct(row.stepConversionBps) ?? '—'}
              footer={
                <>
                  <Text size="xs" c="dimmed">
                    within {row.windowDays} days
                    {!noData && ` · ${row.converted.toLocaleString('en-US')} of ${row.cohort.toLocaleString('en-US')}`}
                    {row.immatureDays > 0 ? ` · ${plural(row.immatureDays, 'day')} too young` : ''}
                  </Text>
                  {noData ? (
                    <Text size="xs">{before}</Text>
                  ) : cmp ? (
                    <Text size="xs">
                      {beforeData
                        ? before
                        : (missingComparison(why(row).value, why(row).previous, pct(row.previousStepConversionBps) ?? '—') ??
                          `${pointsText(shownPointsBetween(row.stepConversionBps, row.previousStepConversionBps)) ?? '—'} vs ${pct(row.previousStepConversionBps) ?? ''}`)}
                      {row.changeLowBps !== null && row.changeHighBps !== null
                        ? ` (95 % CI ${pointsText(row.changeLowBps)} to ${pointsText(row.changeHighBps)})`
                        : ''}
                    </Text>
                  ) : (
                    why(row).value !== null && <Text size="xs">{missingComparison(why(row).value, undefined, '')}</Text>
                  )}
                  {row.significant && <Badge color={(row.changeBps ?? 0) < 0 ? 'red' : 'teal'}>significant</Badge>}
                </>
              }
            />
          );
        })}
      </SimpleGrid>
      <DataCard
        title="Booking confirmation by cohort day"
        fileName={`funnel-daily-${report.period.from}-${report.period.to}.csv`}
        chart={
          <LineChart
            h={260}
            data={chartDaily}
            dataKey="day"
            series={[{ name: DAILY_SERIES, color: 'orange.6' }]}
            valueFormatter={sharePercent}
            yAxisProps={PERCENT_AXIS}
            withDots={false}
            connectNulls={false}
            referenceLines={lines}
          />
        }
        columns={[
          { header: 'Day' },
          { header: 'Signups', numeric: true },
          { header: 'Started a booking', numeric: true },
          { header: `Confirmed within ${CONFIRM_DAYS} days`, numeric: true },
          { header: DAILY_SERIES, numeric: true },
          { header: 'Cohort' },
        ]}
        rows={report.cohorts.map((d, i) => [
          d.day,
          report.daily[i]?.users.signup ?? 0,
          d.steps.booking_confirmed.reached,
          d.steps.booking_confirmed.converted,
          pct(daily[i]?.rateBps ?? null),
          d.steps.booking_confirmed.mature ? 'judged' : 'too young',
        ])}
      >
        {young > 0 && (
          <Text size="xs" c="dimmed">
            {young === 1 ? 'The last day is' : `The last ${young} days are`} too young to judge (their {CONFIRM_DAYS}-day window
            has not passed): left blank.
          </Text>
        )}
        <AnnotationList annotations={report.annotations} periodDays={report.period.days} />
      </DataCard>
    </Stack>
  );
}
