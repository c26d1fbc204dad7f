import { Text } from '@mantine/core';
import { auditActionLabel, type SupportAuditRow } from '@ops/shared';
import { WithNote, whenColumn } from '../../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';

// The reason sits under its action, as a message's kind sits under it in the notifications beside: a Reason column
// of its own left it a few letters wide in a half-width card. The CSV keeps it a column.
const columns: Array<DataTableColumn<SupportAuditRow>> = [
  whenColumn('when', 'When', (a) => a.occurredAt),
  {
    key: 'action',
    title: 'Action',
    sortValue: auditActionLabel,
    render: (a) => (
      <WithNote note={a.reason}>
        <Text size="sm" fw={500}>
          {auditActionLabel(a)}
        </Text>
      </WithNote>
    ),
  },
  { key: 'actor', title: 'Actor', sortValue: (a) => a.actorEmail, render: (a) => a.actorEmail },
  { key: 'reason', title: 'Reason', csvOnly: true, sortValue: (a) => a.reason, render: (a) => a.reason },
];

/** The staff actions recorded on one person or booking (the audit log has the full history and its filters). */
export function AuditTrailTable({ rows, label: name, empty }: { rows: SupportAuditRow[]; label: string; empty: string }) {
  return (
    <DataTable
      name={name}
      storageKey="support.audit-trail"
      csv="audit-trail.csv"
      columns={columns}
      rows={rows}
      empty={empty}
      tableProps={{ striped: true, fz: 'sm' }}
    />
  );
}
