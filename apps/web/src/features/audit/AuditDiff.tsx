import { Badge, Code, Text } from '@mantine/core';
import { diffValues, type DiffLine } from '@ops/shared';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';

const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

const columns: Array<DataTableColumn<DiffLine>> = [
  {
    key: 'field',
    title: 'Field',
    hideable: false,
    sortValue: (l) => l.path,
    render: (l) => (
      <>
        <Code>{l.path}</Code>{' '}
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
    csv: (l) => show(l.before),
    render: (l) => (
      <Text size="sm" c={l.change === 'added' ? 'dimmed' : 'red'} style={{ wordBreak: 'break-all' }}>
        {show(l.before)}
      </Text>
    ),
  },
  {
    key: 'after',
    title: 'After',
    csv: (l) => show(l.after),
    render: (l) => (
      <Text size="sm" c={l.change === 'removed' ? 'dimmed' : 'green'} style={{ wordBreak: 'break-all' }}>
        {show(l.after)}
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
