import { Badge, Group } from '@mantine/core';
import { label } from '@ops/shared';
import type { DataTableColumn } from '../../components/DataTable/DataTable';
import { statusColor } from './format';

/** A status in words, coloured by what it means (done, failed, waiting), with a red "disputed" beside it when so. */
export function StatusBadge({ status, text, disputed = false }: { status: string; text?: string; disputed?: boolean }) {
  const badge = (
    <Badge size="sm" variant="light" color={statusColor(status)}>
      {text ?? label(status)}
    </Badge>
  );
  if (!disputed) return badge;
  return (
    <Group gap={4} wrap="nowrap">
      {badge}
      <Badge size="sm" color="red">
        disputed
      </Badge>
    </Group>
  );
}

/** A status column: the badge on screen, the words in the CSV and for sorting. */
export function statusColumn<Row>(
  status: (row: Row) => string,
  text: (row: Row) => string = (row) => label(status(row)),
): DataTableColumn<Row> {
  return {
    key: 'status',
    title: 'Status',
    sortValue: text,
    render: (row) => <StatusBadge status={status(row)} text={text(row)} />,
  };
}
