import { Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { MetricKey, SupplyReport } from '@ops/shared';
import { BarChart } from '../../components/charts/LazyCharts';
import { DataCard } from '../../components/DataCard';
import { MetricTile } from '../../components/MetricTile';
import { pct } from '../revenue/format';

const x100 = (v: number | null): string | null => (v === null ? null : (v / 100).toFixed(2));

export function SupplyView({ report }: { report: SupplyReport }) {
  const tiles: Array<{ label: string; metric: MetricKey; value: string; then: string | null }> = [
    {
      label: 'Active instructors',
      metric: 'activeInstructors',
      value: String(report.activeInstructors),
      then: report.previousActiveInstructors === null ? null : String(report.previousActiveInstructors),
    },
    { label: 'Bookable instructors now', metric: 'bookableInstructors', value: String(report.bookableInstructors), then: null },
    {
      label: 'Utilisation (active / bookable)',
      metric: 'utilisation',
      value: pct(report.utilisationBps) ?? '—',
      then: pct(report.previousUtilisationBps),
    },
    {
      label: 'Lesson hours per active instructor',
      metric: 'hoursPerInstructor',
      value: x100(report.hoursPerActiveInstructorX100) ?? '—',
      then: null,
    },
  ];
  return (
    <Stack>
      <Text c="dimmed" size="sm">
        {report.period.from} to {report.period.to}
        {report.comparison ? ` against ${report.comparison.from} to ${report.comparison.to}` : ''}
      </Text>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {tiles.map((t) => (
          <MetricTile
            key={t.label}
            metric={t.metric}
            label={t.label}
            value={t.value}
            footer={t.then !== null && <Text size="xs">was {t.then}</Text>}
          />
        ))}
      </SimpleGrid>
      <DataCard
        title="Searches by category against bookable instructors"
        fileName={`supply-demand-${report.period.from}-${report.period.to}.csv`}
        chart={
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
          c.searches,
          c.zeroResultSearches,
          c.bookableInstructors,
          x100(c.searchesPerInstructorX100),
        ])}
      />
      <Card withBorder aria-label="Top zero-result searches">
        <Title order={4} mb="xs">
          Top zero-result searches
        </Title>
        {report.topZeroResultSearches.length === 0 ? (
          <Text c="dimmed">No search came back empty in this period.</Text>
        ) : (
          <Table striped aria-label="Top zero-result searches table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Query</Table.Th>
                <Table.Th>Category</Table.Th>
                <Table.Th ta="right">Searches</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.topZeroResultSearches.map((z) => (
                <Table.Tr key={`${z.query}|${z.categoryName ?? ''}`}>
                  <Table.Td>{z.query}</Table.Td>
                  <Table.Td>{z.categoryName ?? '—'}</Table.Td>
                  <Table.Td ta="right">{z.searches}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
