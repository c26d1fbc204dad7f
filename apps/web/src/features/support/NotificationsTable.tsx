import { Text } from '@mantine/core';
import { label, type SupportNotificationRow } from '@ops/shared';
import { WithNote, whenColumn } from '../../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { usePagedRows } from '../../components/DataTable/use-paged-rows';
import { statusColumn } from './StatusBadge';

const NOTIFICATIONS_PAGE = 8;

const subject = (n: SupportNotificationRow): string => n.subject || label(n.template);

const columns: Array<DataTableColumn<SupportNotificationRow>> = [
  whenColumn('when', 'When', (n) => n.createdAt),
  {
    key: 'subject',
    title: 'Message',
    sortValue: subject,
    render: (n) => (
      <WithNote note={`${label(n.template)} · ${label(n.channel)}${n.createdByStaff ? ' · sent by staff' : ''}`}>
        <Text size="sm">{subject(n)}</Text>
      </WithNote>
    ),
  },
  statusColumn((n) => n.status),
];

/** The messages a person was sent, a page at a time so a long history does not push the notes off screen. */
export function NotificationsTable({ rows }: { rows: SupportNotificationRow[] }) {
  const paged = usePagedRows(rows, NOTIFICATIONS_PAGE);
  return (
    <DataTable
      name="Notifications"
      storageKey="support.notifications"
      csv
      columns={columns}
      empty="No notifications."
      tableProps={{ striped: true, fz: 'sm' }}
      {...paged}
    />
  );
}
