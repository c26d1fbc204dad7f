import { Badge, Code, Text } from '@mantine/core';
import { diffFieldLabel, diffValueText, diffValues, isMoneyPath, type DiffLine } from '@ops/shared';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';

// The CSV carries money in dollars, as every money column's export does.
const csvText = (path: string, v: unknown) =>
  typeof v === 'number' && Number.isSafeInteger(v) && isMoneyPath(path) ? (v / 100).toFixed(2) : diffValueText(path, v);

const columns: Array<DataTableColumn<DiffLine>> = [
  {
    key: 'field',
    title: 'Field',
    hideable: false,
    sortValue: (l) => l.path,
    csv: (l) => diffFieldLabel(l.path),
    render: (l) => (
      <>
        {isMoneyPath(l.path) ? (
          <Text span size="sm" title={l.path}>
            {diffFieldLabel(l.path)}
          </Text>
        ) : (
          <Code>{l.path}</Code>
        )}{' '}
        {l.change !== 'changed' && (
          <Badge size="xs" variant="light" color={l.change === 'added' ? 'green' : 'red'}>
            {l.change}
          </Badge>
        )}
      </>
    ),
  },
  {
    key: 'before',
    title: 'Before',
    csv: (l) => csvText(l.path, l.before),
    render: (l) => (
      <Text size="sm" c={l.change === 'added' ? 'dimmed' : 'red'} style={{ wordBreak: 'break-all' }}>
        {diffValueText(l.path, l.before)}
      </Text>
    ),
  },
  {
    key: 'after',
    title: 'After',
    csv: (l) => csvText(l.path, l.after),
    render: (l) => (
      <Text size="sm" c={l.change === 'removed' ? 'dimmed' : 'green'} style={{ wordBreak: 'break-all' }}>
        {diffValueText(l.path, l.after)}
      </Text>
    ),
  },
];

/** Before/after as the fields that changed, one line each. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  return (
    <DataTable
      name="Changes"
      storageKey="audit.changes"
      csv="audit-changes.csv"
      columns={columns}
      rows={diffValues(before, after)}
      rowKey={(l) => l.path}
      empty="No recorded change in before/after."
      tableProps={{ striped: true }}
    />
  );
}
