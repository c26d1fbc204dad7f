import { SimpleGrid, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import {
  SEARCH_CONVERSION_DAYS,
  addDays,
  changeBps,
  formatCount,
  plural,
  type SearchDemandReport,
  type SearchQueryRow,
} from '@ops/shared';
import { LineChart } from '../../components/charts/LazyCharts';
import { DataCard } from '../../components/DataCard';
import { MetricTile } from '../../components/MetricTile';
import { pct } from '../revenue/format';
import { Versus, pointsBetween } from '../../components/Versus';

const queryColumns = [
  { header: 'Query' },
  { header: 'Searches', numeric: true },
  { header: 'Searches before', numeric: true },
  { header: 'Zero-result searches', numeric: true },
  { header: 'Zero-result before', numeric: true },
  { header: 'Judged searches', numeric: true },
  { header: 'Followed by a booking', numeric: true },
  { header: 'Search → booking', numeric: true },
];
const queryRows = (rows: SearchQueryRow[]) =>
  rows.map((q) => [
    q.query,
    q.searches,
    q.previousSearches,
    q.zeroResultSearches,
    q.previousZeroResultSearches,
    q.judgedSearches,
    q.convertedSearches,
    pct(q.conversionBps) ?? 'too young',
  ]);

export function SearchDemandView({ report }: { report: SearchDemandReport }) {
  const t = report.totals;
  const before = report.previous?.totals ?? null;
  const trend = useMemo(
    () =>
      report.daily.map((d) => ({
        day: d.day,
        Searches: d.searches,
        'Zero-result searches': d.zeroResultSearches,
      })),
    [report.daily],
  );
  const slug = `${report.from}-${report.to}`;
  const young = report.daily.filter((d) => !d.judged).length;
  // "In the 30 days before" when the comparison is the period just before; otherwise it is named as such.
  const then =
    report.previous && report.previous.to === addDays(report.from, -1)
      ? `in the ${plural(report.days, 'day')} before`
      : 'in the comparison period';
  return (
    <Stack>
      <Text c="dimmed" size="sm">
        {report.from} to {report.to} ({plural(report.days, 'day')}, {report.timeZone})
        {report.previous && ` against ${report.previous.from} to ${report.previous.to}`} · a search converts when the same person
        starts a booking within {SEARCH_CONVERSION_DAYS} days
        {young === 0
          ? '.'
          : young === report.days
            ? '; every day of this period is still too young to judge.'
            : `; the last ${plural(young, 'day')} ${young === 1 ? 'is' : 'are'} too young to judge.`}
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <MetricTile
          metric="searches"
          value={formatCount(t.searches)}
          footer={
            before && (
              <Versus
                change={changeBps(t.searches, before.searches)}
                unit="percent"
                then={formatCount(before.searches)}
                upIsGood
              />
            )
          }
        />
        <MetricTile
          metric="zeroResultSearches"
          value={formatCount(t.zeroResultSearches)}
          footer={
            <>
              <Text size="xs">{pct(t.zeroResultBps) ?? '—'} of searches</Text>
              {before && (
                <Versus
                  change={changeBps(t.zeroResultSearches, before.zeroResultSearches)}
                  unit="percent"
                  then={formatCount(before.zeroResultSearches)}
                  upIsGood={false}
                />
              )}
            </>
          }
        />
        <MetricTile
          metric="searchConversion"
          value={pct(t.conversionBps) ?? '—'}
          footer={
            <>
              <Text size="xs">
                {t.judgedSearches === 0
                  ? 'every search is too young to judge'
                  : `${formatCount(t.convertedSearches)} of ${formatCount(t.judgedSearches)} judged searches`}
              </Text>
              {before && (
                <Versus
                  change={pointsBetween(t.conversionBps, before.conversionBps)}
                  unit="points"
                  then={pct(before.conversionBps) ?? '—'}
                  upIsGood
                />
              )}
            </>
          }
        />
      </SimpleGrid>
      <DataCard
        title="Top zero-result searches"
        fileName={`zero-result-searches-${slug}.csv`}
        chart={
          <Stack gap={2} aria-label="Top zero-result searches list">
            {report.topZeroResultQueries.slice(0, 10).map((q) => (
              <Text key={q.query} size="sm">
                <b>{q.query}</b> — {formatCount(q.zeroResultSearches)} searches found nothing
                {q.previousZeroResultSearches !== null && (
                  <Text span size="sm" c="dimmed">
                    {' '}
                    ({formatCount(q.previousZeroResultSearches)} {then})
                  </Text>
                )}
              </Text>
            ))}
            {report.topZeroResultQueries.length === 0 && <Text c="dimmed">Every search found an instructor.</Text>}
          </Stack>
        }
        columns={queryColumns}
        rows={queryRows(report.topZeroResultQueries)}
      />
      <DataCard
        title="Search trend"
        fileName={`search-trend-${slug}.csv`}
        chart={
          <LineChart
            h={260}
            data={trend}
            dataKey="day"
            withDots={false}
            series={[
              { name: 'Searches', color: 'blue.6' },
              { name: 'Zero-result searches', color: 'red.6' },
            ]}
          />
        }
        columns={[
          { header: 'Day' },
          { header: 'Searches', numeric: true },
          { header: 'Zero-result searches', numeric: true },
          { header: 'Followed by a booking', numeric: true },
          { header: 'Judged' },
        ]}
        rows={report.daily.map((d) => [
          d.day,
          d.searches,
          d.zeroResultSearches,
          d.convertedSearches,
          d.judged ? 'yes' : 'too young',
        ])}
      />
      <DataCard
        title="Top searches"
        fileName={`top-searches-${slug}.csv`}
        chart={
          <Stack gap={2}>
            {report.topQueries.slice(0, 10).map((q) => (
              <Text key={q.query} size="sm">
                <b>{q.query}</b> — {formatCount(q.searches)} searches,{' '}
                {q.conversionBps === null ? 'too young to judge' : `${pct(q.conversionBps) ?? ''} to a booking`}
                {q.previousSearches !== null && (
                  <Text span size="sm" c="dimmed">
                    {' '}
                    ({formatCount(q.previousSearches)} {then})
                  </Text>
                )}
              </Text>
            ))}
          </Stack>
        }
        columns={queryColumns}
        rows={queryRows(report.topQueries)}
      />
    </Stack>
  );
}
