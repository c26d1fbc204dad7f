import { label } from '@ops/shared';
import { moneyColumn, whenColumn } from '../../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';

/** One credit movement, as the student page and the support 360 both read it. */
export interface CreditLedgerRow {
  id: string;
  createdAt: string;
  kind: string;
  reason: string;
  amountCents: number;
}

const columns: Array<DataTableColumn<CreditLedgerRow>> = [
  whenColumn('when', 'When', (e) => e.createdAt),
  { key: 'kind', title: 'Kind', sortValue: (e) => label(e.kind), render: (e) => label(e.kind) },
  { key: 'reason', title: 'Reason', sortValue: (e) => e.reason, render: (e) => e.reason },
  moneyColumn('amount', 'Amount', (e) => e.amountCents),
];

/** A student's credit movements, newest first as the server sends them. */
export function CreditLedgerTable({ rows }: { rows: CreditLedgerRow[] }) {
  return (
    <DataTable
      name="Credit ledger"
      storageKey="students.credit-ledger"
      csv
      columns={columns}
      rows={rows}
      empty="No credit movements."
      tableProps={{ striped: true, fz: 'sm' }}
    />
  );
}
