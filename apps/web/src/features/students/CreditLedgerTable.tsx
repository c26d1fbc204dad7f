import { label } from '@ops/shared';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { Money } from '../../components/Money';
import { formatBusinessDateTime } from '../../lib/business-time';

/** One credit movement, as the student page and the support 360 both read it. */
export interface CreditLedgerRow {
  id: string;
  createdAt: string;
  kind: string;
  reason: string;
  amountCents: number;
}

const columns: Array<DataTableColumn<CreditLedgerRow>> = [
  {
    key: 'when',
    title: 'When',
    sortValue: (e) => e.createdAt,
    csv: (e) => formatBusinessDateTime(e.createdAt),
    render: (e) => formatBusinessDateTime(e.createdAt),
  },
  { key: 'kind', title: 'Kind', sortValue: (e) => label(e.kind), render: (e) => label(e.kind) },
  { key: 'reason', title: 'Reason', sortValue: (e) => e.reason, render: (e) => e.reason },
  {
    key: 'amount',
    title: 'Amount',
    align: 'right',
    sortValue: (e) => e.amountCents,
    csv: (e) => (e.amountCents / 100).toFixed(2),
    render: (e) => <Money cents={e.amountCents} size="sm" />,
  },
];

/** A student's credit movements, newest first as the server sends them. */
export function CreditLedgerTable({ rows }: { rows: CreditLedgerRow[] }) {
  return (
    <DataTable
      aria-label="Credit ledger"
      storageKey="students.credit-ledger"
      filename="credit-ledger.csv"
      columns={columns}
      rows={rows}
      rowKey={(e) => e.id}
      empty="No credit movements."
      tableProps={{ striped: true, fz: 'sm' }}
    />
  );
}
