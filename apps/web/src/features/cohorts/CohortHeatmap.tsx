import { Box, Table, Text } from '@mantine/core';
import { noDataBefore, type CohortRow } from '@ops/shared';
import { DataCard } from '../../components/DataCard';
import { pct } from '../revenue/format';

/**
 * Retention as a heat map: the cell's colour strength is its rate; text stays readable in light and dark mode. A month
 * before the data (`firstDataDay`) is blank, with a note, and says so in the table and the CSV: not a zero. Cohorts
 * the report left out, empty months before the data from `firstMonth` (the first asked for) on, are named in the note.
 */
export function CohortHeatmap({
  title,
  rows,
  fileName,
  firstDataDay,
  firstMonth,
}: {
  title: string;
  rows: CohortRow[];
  fileName: string;
  firstDataDay: string | null;
  firstMonth: string;
}) {
  const width = rows.reduce((m, r) => Math.max(m, r.cells.length), 0);
  const before = noDataBefore(firstDataDay);
  const anyBefore = rows.some((r) => r.cells.some((c) => c.beforeData));
  const start = rows[0]?.month;
  const notes = [
    start === undefined
      ? `No cohort in these months: ${before}.`
      : start > firstMonth
        ? `Cohorts start in ${start}: ${before}.`
        : null,
    anyBefore ? `Blank cells: ${before}.` : null,
  ].filter((note) => note !== null);
  const offsets = Array.from({ length: width }, (_, i) => i);
  return (
    <DataCard
      title={title}
      fileName={fileName}
      columns={[
        { header: 'Cohort' },
        { header: 'Size', numeric: true },
        ...offsets.map((o) => ({ header: `Month ${o}`, numeric: true })),
      ]}
      rows={rows.map((r) => [
        r.month,
        r.size,
        ...offsets.map((o) => {
          const c = r.cells[o];
          if (c?.beforeData) return before;
          const rate = pct(c?.rateBps ?? null);
          return c?.partial && rate !== null ? `${rate} so far` : rate;
        }),
      ])}
      chart={
        <Box style={{ overflowX: 'auto' }}>
          <Table
            withTableBorder
            withColumnBorders
            aria-label={`${title} heat map`}
            style={{ fontVariantNumeric: 'tabular-nums' }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Cohort</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                {offsets.map((o) => (
                  <Table.Th key={o} ta="center">
                    {o === 0 ? 'Signup month' : `+${o}`}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.month}>
                  {/* A narrow table would break 2026-01 at its hyphen. */}
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.month}</Table.Td>
                  <Table.Td ta="right">{r.size}</Table.Td>
                  {offsets.map((o) => {
                    const c = r.cells[o];
                    if (!c) return <Table.Td key={o} />;
                    if (c.beforeData) return <Table.Td key={o} title={before} aria-label={before} />;
                    // The month under way is not coloured against whole months: its rate is only so far.
                    const strength = c.rateBps === null || c.partial ? 0 : Math.min(1, c.rateBps / 6000);
                    return (
                      <Table.Td
                        key={o}
                        ta="center"
                        title={c.partial ? `${c.users} of ${r.size} so far this month` : `${c.users} of ${r.size}`}
                        style={{
                          background: `color-mix(in srgb, var(--mantine-color-blue-6) ${Math.round(strength * 85)}%, transparent)`,
                        }}
                      >
                        <Text
                          size="xs"
                          fw={strength > 0.5 ? 700 : 400}
                          fs={c.partial ? 'italic' : undefined}
                          c={c.partial ? 'dimmed' : undefined}
                        >
                          {pct(c.rateBps) ?? '—'}
                          {c.partial && c.rateBps !== null && ' so far'}
                        </Text>
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {notes.length > 0 && (
            <Text size="xs" c="dimmed" mt={4}>
              {notes.join(' ')}
            </Text>
          )}
        </Box>
      }
    />
  );
}
