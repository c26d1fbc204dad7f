import { SimpleGrid, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import {
  formatBps,
  formatCents,
  formatCount,
  type LiabilitiesReport,
  type Liability,
  type LiabilityKey,
  type MetricKey,
  type RevenueFigure,
  type RevenueReport,
  comparisonBeforeData,
  noDataBefore,
  periodBeforeData,
  shownPointsBetween,
} from '@ops/shared';
import { BarChart, LineChart } from '../../components/charts/LazyCharts';
import { DataCard } from '../../components/DataCard';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { InsightList } from '../../components/InsightList';
import { MetricTile } from '../../components/MetricTile';
import { AnnotationList, annotationLines } from './Annotations';
import { dailyChartRows, dailyChartSeries, dailyTooltipKey } from './daily-chart';
import { compactDollars, comparisonWords, daysWords, dollars, pct } from './format';
import { BeforeData, Versus, versusChange } from '../../components/Versus';
import { formatBusinessDateTime } from '../../lib/business-time';
import { SectionCard } from '../../components/SectionCard';

/** Dollar axes read "$18k"; the tooltip and the table keep the exact cents. */
const DOLLAR_AXIS = { width: 64, tickFormatter: (v: number) => compactDollars(v) };
/** Bars that lie on their side name every bar: a category axis below skipped every other name. */
const NAME_AXIS = {
  width: 128,
  interval: 0,
  tickFormatter: (name: string) => (name.length > 19 ? `${name.slice(0, 18)}…` : name),
};
const SIDEWAYS_DOLLARS = { tickFormatter: (v: number) => compactDollars(v) };

/** The tooltip names each figure of a day once (dailyTooltipKey). */
const DAILY_TOOLTIP = { payloadUniqBy: dailyTooltipKey };

const TILES: Array<{ key: RevenueFigure; metric: MetricKey; label: string; money: boolean }> = [
  { key: 'gmvCents', metric: 'gmv', label: 'GMV', money: true },
  { key: 'platformFeeCents', metric: 'platformRevenue', label: 'Platform revenue', money: true },
  { key: 'payoutsCents', metric: 'payouts', label: 'Instructor payouts', money: true },
  { key: 'refundsCents', metric: 'refunds', label: 'Refunds', money: true },
  { key: 'chargesKeptCents', metric: 'charges', label: 'No-show & late-cancel charges', money: true },
  { key: 'netRevenueCents', metric: 'netRevenue', label: 'Net revenue', money: true },
  { key: 'takeRateBps', metric: 'takeRate', label: 'Take rate', money: false },
  { key: 'bookings', metric: 'bookings', label: 'Completed lessons', money: false },
];

function tileValue(key: RevenueFigure, v: number | null, money: boolean): string {
  if (v === null) return '—';
  if (key === 'takeRateBps') return formatBps(v, 2);
  return money ? formatCents(v) : v.toLocaleString('en-US');
}

export function RevenueView({ report, liabilities }: { report: RevenueReport; liabilities: LiabilitiesReport }) {
  const cmp = report.comparison;
  const beforeData = comparisonBeforeData(cmp?.from, report.firstDataDay);
  // A period wholly before the first revenue was not observed: its zeros are no figures (periodBeforeData).
  const noData = periodBeforeData(report.period.to, report.firstDataDay);
  const noDataNote = (
    <Text size="sm" c="dimmed">
      Nothing to draw: {noDataBefore(report.firstDataDay)}.
    </Text>
  );
  // Chart props are memoised on the report: a re-render that keeps the data does not redraw the charts.
  const partialDay = report.daily.find((d) => d.partial)?.day ?? null;
  const daily = useMemo(() => dailyChartRows(report.daily), [report.daily]);
  const series = useMemo(() => dailyChartSeries(report.daily), [report.daily]);
  const dayAxis = useMemo(() => ({ tickFormatter: (day: string) => (day === partialDay ? `${day} so far` : day) }), [partialDay]);
  const lines = useMemo(() => annotationLines(report.annotations, report.period.days), [report.annotations, report.period.days]);
  return (
    <Stack>
      <Text c="dimmed" size="sm">
        {daysWords(report.period)}
        {comparisonWords(cmp, report.comparisonUntil, report.timeZone)} · days in {report.timeZone}
      </Text>
      {/* Two rows of four: eight across leave a tile too narrow for "$140,967.04" beside the navigation. */}
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {TILES.map((t) => (
          <MetricTile
            key={t.key}
            metric={t.metric}
            label={t.label}
            testId={`tile-${t.key}`}
            value={noData ? '—' : tileValue(t.key, report.totals[t.key], t.money)}
            footer={
              noData ? (
                <BeforeData firstDataDay={report.firstDataDay} />
              ) : (
                cmp &&
                (beforeData ? (
                  <BeforeData firstDataDay={report.firstDataDay} />
                ) : (
                  <Versus
                    {...(t.key === 'takeRateBps'
                      ? {
                          change: shownPointsBetween(report.totals.takeRateBps, report.previous?.takeRateBps ?? null, 2),
                          unit: 'points',
                        }
                      : versusChange(report.totals[t.key], report.previous?.[t.key] ?? null))}
                    digits={2}
                    format={t.money ? formatCents : formatCount}
                    then={tileValue(t.key, report.previous?.[t.key] ?? null, t.money)}
                    upIsGood={t.key !== 'refundsCents'}
                  />
                ))
              )
            }
          />
        ))}
      </SimpleGrid>
      <InsightList insights={report.insights} title="Highlights and concerns" />
      <DataCard
        title="Daily revenue"
        fileName={`revenue-daily-${report.period.from}-${report.period.to}.csv`}
        chart={
          noData ? (
            noDataNote
          ) : (
            <LineChart
              h={300}
              data={daily}
              dataKey="day"
              series={series}
              curveType="linear"
              withDots={false}
              valueFormatter={(v) => formatCents(Math.round(v * 100))}
              yAxisProps={DOLLAR_AXIS}
              xAxisProps={dayAxis}
              referenceLines={lines}
              connectNulls={false}
              tooltipProps={DAILY_TOOLTIP}
            />
          )
        }
        columns={[
          { header: 'Day' },
          { header: 'Completed lessons', numeric: true },
          { header: 'GMV ($)', numeric: true },
          { header: 'Platform revenue ($)', numeric: true },
          { header: 'Payouts ($)', numeric: true },
          { header: 'Refunds ($)', numeric: true },
          { header: 'Net revenue ($)', numeric: true },
          { header: 'Comparison day' },
          { header: 'Comparison GMV ($)', numeric: true },
        ]}
        rows={report.daily.map((d) => [
          d.partial ? `${d.day} so far` : d.day,
          ...(noData
            ? [null, null, null, null, null, null]
            : [
                d.bookings,
                dollars(d.gmvCents),
                dollars(d.platformFeeCents),
                dollars(d.payoutsCents),
                dollars(d.refundsCents),
                dollars(d.netRevenueCents),
              ]),
          d.previousDay,
          dollars(d.previousGmvCents),
        ])}
      >
        {partialDay && (
          <Text size="xs" c="dimmed">
            {partialDay} is today: its figures are so far, drawn dashed and marked in the table
            {report.comparisonUntil !== null ? ', against its comparison day up to the same time of day' : ''}.
          </Text>
        )}
        <AnnotationList annotations={report.annotations} periodDays={report.period.days} />
      </DataCard>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <DataCard
          title="Revenue by category"
          fileName={`revenue-by-category-${report.period.from}-${report.period.to}.csv`}
          chart={
            noData ? (
              noDataNote
            ) : (
              <BarChart
                h={260}
                data={report.byCategory.map((c) => ({
                  category: c.name,
                  GMV: c.gmvCents / 100,
                  ...(cmp && !beforeData ? { 'Comparison GMV': (c.previousGmvCents ?? 0) / 100 } : {}),
                }))}
                dataKey="category"
                orientation="vertical"
                series={[
                  { name: 'GMV', color: 'blue.6' },
                  ...(cmp && !beforeData ? [{ name: 'Comparison GMV', color: 'gray.5' }] : []),
                ]}
                valueFormatter={(v) => formatCents(Math.round(v * 100))}
                xAxisProps={SIDEWAYS_DOLLARS}
                yAxisProps={NAME_AXIS}
              />
            )
          }
          columns={[
            { header: 'Category' },
            { header: 'Completed lessons', numeric: true },
            { header: 'GMV ($)', numeric: true },
            { header: 'Platform revenue ($)', numeric: true },
            { header: 'Take rate', numeric: true },
            { header: 'Comparison GMV ($)', numeric: true },
          ]}
          rows={report.byCategory.map((c) => [
            c.name,
            ...(noData
              ? [null, null, null, null]
              : [c.bookings, dollars(c.gmvCents), dollars(c.platformFeeCents), pct(c.takeRateBps)]),
            dollars(c.previousGmvCents),
          ])}
        />
        <DataCard
          title="Top services"
          fileName={`top-services-${report.period.from}-${report.period.to}.csv`}
          chart={
            noData ? (
              noDataNote
            ) : (
              <BarChart
                h={260}
                data={report.topServices.map((s) => ({ service: s.name, GMV: s.gmvCents / 100 }))}
                dataKey="service"
                orientation="vertical"
                series={[{ name: 'GMV', color: 'indigo.6' }]}
                valueFormatter={(v) => formatCents(Math.round(v * 100))}
                xAxisProps={SIDEWAYS_DOLLARS}
                yAxisProps={NAME_AXIS}
              />
            )
          }
          columns={[
            { header: 'Service' },
            { header: 'Category' },
            { header: 'Completed lessons', numeric: true },
            { header: 'GMV ($)', numeric: true },
          ]}
          rows={report.topServices.map((s) => [s.name, s.categoryName, s.bookings, dollars(s.gmvCents)])}
        />
      </SimpleGrid>
      <LiabilitiesCard liabilities={liabilities} />
    </Stack>
  );
}

interface LiabilityRow {
  label: string;
  now: number;
  then: number | null;
  count: number | null;
  /** A part of the row above it (pending or held payouts): indented, and not added again into the total. */
  part?: boolean;
  /** The total line: bold, and last whatever else is shown. */
  total?: boolean;
}

// Rows in the ledger's own order with the total last, so the columns do not sort.
const liabilityColumns: Array<DataTableColumn<LiabilityRow>> = [
  {
    key: 'label',
    title: 'Liability',
    hideable: false,
    render: (r) =>
      r.part ? (
        <Text span size="sm" c="dimmed" pl="md">
          {r.label}
        </Text>
      ) : (
        r.label
      ),
  },
  { key: 'now', title: 'Now', align: 'right', hideable: false, render: (r) => formatCents(r.now) },
  { key: 'then', title: 'Then', align: 'right', hideable: false, render: (r) => (r.then === null ? '—' : formatCents(r.then)) },
  {
    key: 'change',
    title: 'Change',
    align: 'right',
    hideable: false,
    render: (r) => (r.then === null ? '—' : formatCents(r.now - r.then)),
  },
  { key: 'count', title: 'Count', align: 'right', hideable: false, render: (r) => r.count ?? '' },
];

/**
 * The payouts owed are one liability: their pending and held parts stand under it (known only for now), so reading
 * down the Now column never counts a dollar twice.
 */
function liabilityRows(liabilities: LiabilitiesReport): LiabilityRow[] {
  const PARTS: Partial<Record<LiabilityKey, string>> = { pending_payouts: 'of which pending', held_payouts: 'of which held' };
  const row = (i: Liability): LiabilityRow => ({
    label: PARTS[i.key] ?? i.label,
    now: i.nowCents,
    then: i.thenCents,
    count: i.count,
  });
  const parts = liabilities.items.filter((i) => PARTS[i.key] !== undefined);
  const owed: LiabilityRow = {
    label: 'Instructor payouts owed',
    now: liabilities.payoutsOwedNowCents,
    then: liabilities.payoutsOwedThenCents,
    count: parts.reduce((n, p) => n + p.count, 0),
  };
  // The payouts owed stand where their parts stood, the parts beneath them.
  return [
    ...liabilities.items.flatMap((i) =>
      i.key === 'pending_payouts' ? [owed, ...parts.map((p) => ({ ...row(p), part: true }))] : PARTS[i.key] ? [] : [row(i)],
    ),
    {
      label: 'Total owed (credit + payouts + refunds)',
      now: liabilities.totalNowCents,
      then: liabilities.totalThenCents,
      count: null,
      total: true,
    },
  ];
}

function LiabilitiesCard({ liabilities }: { liabilities: LiabilitiesReport }) {
  const rows = liabilityRows(liabilities);
  return (
    <SectionCard
      title="What the marketplace owes"
      aria-label="Liabilities"
      aside={
        <Text size="sm" c="dimmed">
          now against {formatBusinessDateTime(liabilities.comparedTo)}
          {liabilities.thenBeforeData && `: ${noDataBefore(liabilities.firstDataDay)}`}
        </Text>
      }
    >
      <DataTable
        name="Liabilities table"
        columns={liabilityColumns}
        rows={rows}
        rowKey={(r) => r.label}
        rowProps={(r) => (r.total ? { fw: 700 } : {})}
        tableProps={{ tabularNums: true }}
      />
      <Text size="xs" c="dimmed" mt="xs">
        Whether an unpaid payout was pending or held in the past is not recorded, so those parts are shown for now only.
      </Text>
    </SectionCard>
  );
}
