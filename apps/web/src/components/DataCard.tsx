import { Box, Button, Group } from '@mantine/core';
import { useMemo, useState, type ReactNode } from 'react';
import { DataTable, downloadCsv, tableCsv, type CellValue, type DataTableColumn } from './DataTable/DataTable';
import { SectionCard } from './SectionCard';

export interface DataColumn {
  header: string;
  /** Right-aligned numbers. */
  numeric?: boolean;
}

/** One row of display strings, the same in the table and the CSV. */
type DataRow = ReadonlyArray<CellValue>;

const rowKey = (_row: DataRow, index: number): string => String(index);

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
  rows: DataRow[];
  fileName: string;
  children?: ReactNode;
}) {
  const [showTable, setShowTable] = useState(false);
  // The cells are display strings ("$1,200.00"), so the columns do not sort: the table keeps the CSV's order.
  const tableColumns = useMemo(
    () =>
      columns.map((c, j): DataTableColumn<DataRow> => ({
        key: String(j),
        title: c.header,
        align: c.numeric ? 'right' : undefined,
        hideable: false,
        csv: (r) => r[j] ?? null,
        render: (r) => r[j] ?? '—',
      })),
    [columns],
  );
  return (
    <SectionCard
      title={title}
      aria-label={title}
      aside={
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => setShowTable((s) => !s)} aria-expanded={showTable}>
            {showTable ? 'Hide table' : 'Show table'}
          </Button>
          <Button size="xs" variant="default" onClick={() => downloadCsv(fileName, tableCsv(tableColumns, rows))}>
            Download CSV
          </Button>
        </Group>
      }
    >
      {chart}
      {children}
      {showTable && (
        <Box mt="sm">
          <DataTable
            name={`${title} table`}
            columns={tableColumns}
            rows={rows}
            rowKey={rowKey}
            maxHeight={420}
            tableProps={{ striped: true, tabularNums: true }}
          />
        </Box>
      )}
    </SectionCard>
  );
}
