import { SimpleGrid, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import {
  SEARCH_CONVERSION_DAYS,
  addDays,
  daysBetween,
  formatCount,
  missingComparison,
  noDataBefore,
  plural,
  type MissingReason,
  type SearchDemandReport,
  type SearchDemandTotals,
  type SearchQueryRow,
  comparisonBeforeData,
  periodBeforeData,
  shownPointsBetween,
} from '@ops/shared';
import { LineChart } from '../../components/charts/LazyCharts';
import { DataCard } from '../../components/DataCard';
import { MetricTile } from '../../components/MetricTile';
import { comparisonWords, daysWords, pct } from '../revenue/format';
import { BeforeData, Versus, versusChange } from '../../components/Versus';

const queryColumns = [
  { header: 'Query' },
  { header: 'Searches', numeric: true },
  { header: 'Searches before', numeric: true },
  { header: 'Zero-result searches', numeric: true },
  { header: 'Zero-result before', numeric: true },
  { header: 'Judged searches', numeric: true },
  { header: 'Followed by a started booking', numeric: true },
  { header: 'Share that led to a started booking', numeric: true },
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

const SO_FAR = ' today so far';
const SEARCHES_SO_FAR = `Searches${SO_FAR}`;
const ZERO_SO_FAR = `Zero-result searches${SO_FAR}`;
/**
 * The dashed "so far" series starts at yesterday's point to join the solid line, where it repeats yesterday's own
 * figure: the tooltip keeps one entry per measure, the first listed (the solid series; today has only the dashed one).
 */
const trendTooltip = {
  payloadUniqBy: (entry: { name?: unknown }) => String(entry.name).replace(SO_FAR, ''),
};

/** Why a search conversion is missing, as the brief says it: searches, none old enough to judge; or no search. */
const conversionMissing = (x: SearchDemandTotals): Exclude<MissingReason, 'before_data'> | null =>
  x.conversionBps !== null ? null : x.searches > 0 ? 'too_young' : 'no_data';

export function SearchDemandView({ report }: { report: SearchDemandReport }) {
  const t = report.totals;
  // Days before the first search are not observed zeros: no change against them, and a period of only such days has
  // no figure at all (comparisonBeforeData).
  const noData = periodBeforeData(report.to, report.firstDataDay);
  const beforeData = comparisonBeforeData(report.previous?.from, report.firstDataDay);
  const before = beforeData ? null : (report.previous?.totals ?? null);
  const note = (noData || beforeData) && <BeforeData firstDataDay={report.firstDataDay} />;
  const count = (n: number): string => (noData ? '—' : formatCount(n));
  // A side without a conversion says why, in the brief's words, never "— vs —".
  const conversionWhy = before
    ? missingComparison(conversionMissing(t), conversionMissing(before), pct(before.conversionBps) ?? '—')
    : missingComparison(conversionMissing(t), undefined, '');
  // Today, still under way, is drawn dashed from the day before ("so far"), as on the revenue chart.
  const partialDay = report.daily.find((d) => d.partial)?.day ?? null;
  const trend = useMemo(
    () =>
      report.daily.map((d, i) => {
        const soFar = d.partial || report.daily[i + 1]?.partial === true;
        return {
          day: d.day,
          Searches: d.partial ? null : d.searches,
          [SEARCHES_SO_FAR]: soFar ? d.searches : null,
          'Zero-result searches': d.partial ? null : d.zeroResultSearches,
          [ZERO_SO_FAR]: soFar ? d.zeroResultSearches : null,
        };
      }),
    [report.daily],
  );
  const trendSeries = useMemo(
    () => [
      { name: 'Searches', color: 'blue.6' },
      ...(partialDay ? [{ name: SEARCHES_SO_FAR, color: 'blue.6', strokeDasharray: '5 5' }] : []),
      { name: 'Zero-result searches', color: 'red.6' },
      ...(partialDay ? [{ name: ZERO_SO_FAR, color: 'red.6', strokeDasharray: '5 5' }] : []),
    ],
    [partialDay],
  );
  const dayAxis = useMemo(() => ({ tickFormatter: (day: string) => (day === partialDay ? `${day} so far` : day) }), [partialDay]);
  const slug = `${report.from}-${report.to}`;
  const young = report.daily.filter((d) => !d.judged).length;
  // "In the 30 days before" (the comparison's own length) when it is the period just before; otherwise named as such.
  const then =
    report.previous && report.previous.to === addDays(report.from, -1)
      ? `in the ${plural(daysBetween(report.previous.from, report.previous.to) + 1, 'day')} before`
      : 'in the comparison period';
  return (
    <Stack>
      <Text c="dimmed" size="sm">
        {daysWords(report)} ({plural(report.days, 'day')}, {report.timeZone})
        {comparisonWords(report.previous, report.previous?.until ?? null, report.timeZone)} · a search converts when the same
        person starts a booking within {SEARCH_CONVERSION_DAYS} days
        {young === 0
          ? '.'
          : young === report.days
            ? '; every day of this period is still too young to judge.'
            : `; the last ${plural(young, 'day')} ${young === 1 ? 'is' : 'are'} too young to judge.`}
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <MetricTile
          metric="searches"
          value={count(t.searches)}
          footer={
            note ||
            (before && <Versus {...versusChange(t.searches, before.searches)} then={formatCount(before.searches)} upIsGood />)
          }
        />
        <MetricTile
          metric="zeroResultSearches"
          value={count(t.zeroResultSearches)}
          footer={
            <>
              {!noData && <Text size="xs">{pct(t.zeroResultBps) ?? '—'} of searches</Text>}
              {note}
              {before && (
                <Versus
                  {...versusChange(t.zeroResultSearches, before.zeroResultSearches)}
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
              {!noData && t.judgedSearches > 0 && (
                <Text size="xs">
                  {formatCount(t.convertedSearches)} of {formatCount(t.judgedSearches)} judged searches
                </Text>
              )}
              {!noData && conversionWhy !== null && (
                <Text size="xs" c="dimmed">
                  {conversionWhy}
                </Text>
              )}
              {note}
              {before && conversionWhy === null && (
                <Versus
                  change={shownPointsBetween(t.conversionBps, before.conversionBps)}
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
                <b>{q.query}</b> — {plural(q.zeroResultSearches, 'search', 'searches')} found nothing
                {q.previousZeroResultSearches !== null && (
                  <Text span size="sm" c="dimmed">
                    {' '}
                    ({formatCount(q.previousZeroResultSearches)} {then})
                  </Text>
                )}
              </Text>
            ))}
            {report.topZeroResultQueries.length === 0 && (
              <Text c="dimmed">
                {/* No search at all is not every search finding an instructor. */}
                {noData
                  ? `No searches were logged in this period: ${noDataBefore(report.firstDataDay)}.`
                  : t.searches === 0
                    ? 'No searches were logged in this period.'
                    : 'Every search found an instructor.'}
              </Text>
            )}
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
            series={trendSeries}
            xAxisProps={dayAxis}
            tooltipProps={trendTooltip}
            connectNulls={false}
          />
        }
        columns={[
          { header: 'Day' },
          { header: 'Searches', numeric: true },
          { header: 'Zero-result searches', numeric: true },
          { header: 'Followed by a started booking', numeric: true },
          { header: 'Judged' },
        ]}
        rows={report.daily.map((d) => [
          d.day,
          d.searches,
          d.zeroResultSearches,
          d.convertedSearches,
          d.judged ? 'yes' : 'too young',
        ])}
      >
        {partialDay && (
          <Text size="xs" c="dimmed">
            {partialDay} is today: its searches are so far, drawn dashed.
          </Text>
        )}
      </DataCard>
      <DataCard
        title="Top searches"
        fileName={`top-searches-${slug}.csv`}
        chart={
          <Stack gap={2}>
            {report.topQueries.slice(0, 10).map((q) => (
              <Text key={q.query} size="sm">
                <b>{q.query}</b> — {plural(q.searches, 'search', 'searches')},{' '}
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
