import { SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import {
  comparisonBeforeData,
  noDataBefore,
  periodBeforeData,
  shownPointsBetween,
  type MetricKey,
  type SupplyReport,
} from '@ops/shared';
import { BarChart } from '../../components/charts/LazyCharts';
import { DataCard } from '../../components/DataCard';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { MetricTile } from '../../components/MetricTile';
import { comparisonWords, daysWords, pct } from '../revenue/format';
import { SectionCard } from '../../components/SectionCard';
import { BeforeData, Versus, versusChange } from '../../components/Versus';

const x100 = (v: number | null): string | null => (v === null ? null : (v / 100).toFixed(2));

// A short list (the top few): sortable, fixed columns.
const zeroResultColumns: Array<DataTableColumn<SupplyReport['topZeroResultSearches'][number]>> = [
  { key: 'query', title: 'Query', hideable: false, sortValue: (z) => z.query, render: (z) => z.query },
  {
    key: 'category',
    title: 'Category',
    hideable: false,
    sortValue: (z) => z.categoryName,
    render: (z) => z.categoryName ?? '—',
  },
  {
    key: 'searches',
    title: 'Searches',
    align: 'right',
    hideable: false,
    sortValue: (z) => z.searches,
    render: (z) => z.searches,
  },
];

export function SupplyView({ report }: { report: SupplyReport }) {
  const hours = report.hoursPerActiveInstructorX100;
  const hoursBefore = report.previousHoursPerActiveInstructorX100;
  // Before the first completed lesson nothing was observed: a period of only such days shows no figure, and a
  // comparison that starts in them tells no change (comparisonBeforeData).
  const noData = periodBeforeData(report.period.to, report.firstDataDay);
  const note = (noData || comparisonBeforeData(report.comparison?.from, report.firstDataDay)) && (
    <BeforeData firstDataDay={report.firstDataDay} />
  );
  // The searches have their own first day: before it the categories' zeros were never observed.
  const noSearches = periodBeforeData(report.period.to, report.firstSearchDay);
  const tiles: Array<{ label: string; metric: MetricKey; value: string; versus: ReactNode }> = [
    {
      label: 'Active instructors',
      metric: 'activeInstructors',
      value: noData ? '—' : String(report.activeInstructors),
      versus:
        note ||
        (report.previousActiveInstructors !== null && (
          <Versus
            {...versusChange(report.activeInstructors, report.previousActiveInstructors)}
            then={String(report.previousActiveInstructors)}
            upIsGood
          />
        )),
    },
    { label: 'Bookable instructors now', metric: 'bookableInstructors', value: String(report.bookableInstructors), versus: null },
    {
      label: 'Utilisation',
      metric: 'utilisation',
      value: noData ? '—' : (pct(report.utilisationBps) ?? '—'),
      versus: (
        <>
          {!noData && (
            <Text size="xs" c="dimmed">
              {report.activeBookableInstructors} of the {report.utilisationInstructors} bookable taught
            </Text>
          )}
          {note}
          {report.previousUtilisationBps !== null && (
            <Versus
              change={shownPointsBetween(report.utilisationBps, report.previousUtilisationBps)}
              unit="points"
              then={pct(report.previousUtilisationBps) ?? '—'}
              upIsGood
            />
          )}
          {report.previousUtilisationBps !== null && report.previousUtilisationInstructors !== null && (
            <Text size="xs" c="dimmed">
              then: {report.previousActiveBookableInstructors ?? 0} of the {report.previousUtilisationInstructors} who had joined
              by its end
            </Text>
          )}
        </>
      ),
    },
    {
      label: 'Lesson hours per active instructor',
      metric: 'hoursPerInstructor',
      value: x100(hours) ?? '—',
      versus:
        note ||
        (hours !== null && hoursBefore !== null && (
          <Versus {...versusChange(hours, hoursBefore)} format={(n) => x100(n) ?? '—'} then={x100(hoursBefore) ?? '—'} upIsGood />
        )),
    },
  ];
  return (
    <Stack>
      <Text c="dimmed" size="sm">
        {daysWords(report.period)}
        {comparisonWords(report.comparison, report.comparisonUntil, report.timeZone)} · lessons by their start in{' '}
        {report.timeZone}
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {tiles.map((t) => (
          <MetricTile key={t.label} metric={t.metric} label={t.label} value={t.value} footer={t.versus} />
        ))}
      </SimpleGrid>
      <DataCard
        title="Searches by category against bookable instructors"
        fileName={`supply-demand-${report.period.from}-${report.period.to}.csv`}
        chart={
          noSearches ? (
            <Text size="sm" c="dimmed">
              No searches were logged in this period: {noDataBefore(report.firstSearchDay)}. The bookable instructors are counted
              now.
            </Text>
          ) : (
            <BarChart
              h={280}
              data={report.byCategory.map((c) => ({
                category: c.name,
                Searches: c.searches,
                'Zero-result searches': c.zeroResultSearches,
                'Bookable instructors': c.bookableInstructors,
              }))}
              dataKey="category"
              series={[
                { name: 'Searches', color: 'blue.6' },
                { name: 'Zero-result searches', color: 'red.6' },
                { name: 'Bookable instructors', color: 'teal.6' },
              ]}
            />
          )
        }
        columns={[
          { header: 'Category' },
          { header: 'Searches', numeric: true },
          { header: 'Zero-result searches', numeric: true },
          { header: 'Bookable instructors', numeric: true },
          { header: 'Searches per instructor', numeric: true },
        ]}
        rows={report.byCategory.map((c) => [
          c.name,
          noSearches ? null : c.searches,
          noSearches ? null : c.zeroResultSearches,
          c.bookableInstructors,
          noSearches ? null : x100(c.searchesPerInstructorX100),
        ])}
      />
      <SectionCard title="Top zero-result searches" titleGap="xs" aria-label="Top zero-result searches">
        <DataTable
          name="Top zero-result searches table"
          columns={zeroResultColumns}
          rows={report.topZeroResultSearches}
          rowKey={(z) => `${z.query}|${z.categoryName ?? ''}`}
          empty={
            noSearches
              ? `No searches were logged in this period: ${noDataBefore(report.firstSearchDay)}.`
              : 'No search came back empty in this period.'
          }
          tableProps={{ striped: true }}
        />
      </SectionCard>
    </Stack>
  );
}
