import { label } from '@ops/shared';
import { moneyColumn, whenColumn } from '../../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { statusColumn } from '../support/StatusBadge';

/** One of an instructor's payouts, as the instructor page and the support 360 both read it. */
export interface PayoutRow {
  id: string;
  scheduledFor: string;
  status: string;
  holdReason: string | null;
  amountCents: number;
  /** Still pending once the business day it was scheduled for has passed: shown as "Pending, overdue" in red. */
  overdue: boolean;
}

const columns: Array<DataTableColumn<PayoutRow>> = [
  whenColumn('scheduled', 'Scheduled', (p) => p.scheduledFor),
  statusColumn(
    (p) => (p.overdue ? 'overdue' : p.status),
    (p) => (p.overdue ? `${label(p.status)}, overdue` : label(p.status)),
  ),
  { key: 'hold', title: 'Hold reason', sortValue: (p) => p.holdReason, render: (p) => p.holdReason ?? '—' },
  moneyColumn('amount', 'Amount', (p) => p.amountCents),
];

/** An instructor's payouts from our database (Stripe's own view is the payout account panel). */
export function PayoutsTable({ rows }: { rows: PayoutRow[] }) {
  return (
    <DataTable
      name="Payouts"
      storageKey="instructors.payouts"
      csv
      columns={columns}
      rows={rows}
      empty="No payouts."
      tableProps={{ striped: true, fz: 'sm' }}
    />
  );
}
