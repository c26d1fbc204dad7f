import { Button, Card, Group, ScrollArea, Table, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { toCsv } from '@ops/shared';

export interface DataColumn {
  header: string;
  /** Right-aligned numbers. */
  numeric?: boolean;
}

/** A chart with its data: "Show table" reveals exactly the rows, "Download CSV" exports the same cells. */
export function DataCard({
  title,
  chart,
  columns,
  rows,
  fileName,
  children,
}: {
  title: string;
  chart: ReactNode;
  columns: DataColumn[];
  /** Display strings, the same in the table and the CSV. */
  rows: Array<Array<string | number | null>>;
  fileName: string;
  children?: ReactNode;
}) {
  const [showTable, setShowTable] = useState(false);
  const download = (): void => {
    const blob = new Blob(
      [
        toCsv(
          columns.map((c) => c.header),
          rows,
        ),
      ],
      { type: 'text/csv;charset=utf-8' },
    );
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };
  return (
    <Card withBorder aria-label={title}>
      <Group justify="space-between" mb="sm">
        <Title order={4}>{title}</Title>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => setShowTable((s) => !s)} aria-expanded={showTable}>
            {showTable ? 'Hide table' : 'Show table'}
          </Button>
          <Button size="xs" variant="default" onClick={download}>
            Download CSV
          </Button>
        </Group>
      </Group>
      {chart}
      {children}
      {showTable && (
        <ScrollArea.Autosize mah={420} mt="sm">
          {rows.length === 0 ? (
            <Text c="dimmed">No rows.</Text>
          ) : (
            <Table striped stickyHeader aria-label={`${title} table`} style={{ fontVariantNumeric: 'tabular-nums' }}>
              <Table.Thead>
                <Table.Tr>
                  {columns.map((c) => (
                    <Table.Th key={c.header} ta={c.numeric ? 'right' : undefined}>
                      {c.header}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r, i) => (
                  <Table.Tr key={i}>
                    {r.map((v, j) => (
                      <Table.Td key={j} ta={columns[j]?.numeric ? 'right' : undefined}>
                        {v ?? '—'}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </ScrollArea.Autosize>
      )}
    </Card>
  );
}
