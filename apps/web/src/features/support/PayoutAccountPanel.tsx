import { Alert, Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { label, type PayoutAccountPanel as PayoutAccount } from '@ops/shared';
import { WithNote, dayColumn, moneyColumn } from '../../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { Money } from '../../components/Money';
import { SourceStatusBadge } from '../../components/SourceStatusBadge';
import { trpc } from '../../lib/trpc';
import { StatusBadge } from './StatusBadge';
import { SectionCard } from '../../components/SectionCard';
import { QueryStatus } from '../../components/QueryStatus';

/** Stripe's requirement field names in words an agent can repeat to the instructor; others are spelled out. */
const REQUIREMENT_WORDS: Record<string, string> = {
  'individual.verification.document': 'an identity document',
  'individual.verification.additional_document': 'a second identity document',
  external_account: 'a bank account for payouts',
  'tos_acceptance.date': 'acceptance of the terms of service',
  'individual.ssn_last_4': 'the last 4 digits of their SSN',
  'individual.dob.day': 'their date of birth',
};
const requirementWords = (field: string): string => REQUIREMENT_WORDS[field] ?? field.replace(/[._]+/g, ' ');

const payoutColumns: Array<DataTableColumn<PayoutAccount['payouts'][number]>> = [
  dayColumn('arrival', 'Arrival', (p) => p.arrivalDate),
  {
    key: 'status',
    title: 'Status',
    sortValue: (p) => label(p.status),
    csv: (p) => [label(p.status), p.failureCode ? label(p.failureCode) : ''].filter(Boolean).join(' · '),
    render: (p) => (
      <WithNote note={p.failureCode && label(p.failureCode)} color="red">
        <StatusBadge status={p.status} />
      </WithNote>
    ),
  },
  moneyColumn('amount', 'Amount', (p) => p.amountCents),
];

function Enabled({ on, children }: { on: boolean; children: string }) {
  return (
    <Badge size="sm" variant="light" color={on ? 'green' : 'red'}>
      {children} {on ? 'enabled' : 'disabled'}
    </Badge>
  );
}

/**
 * An instructor's Stripe payout account, read live: the account's state, its balance and latest payouts. It loads
 * on its own (a slow Stripe never holds the database panels) and says so when Stripe is slow, down or unset.
 */
export function PayoutAccountPanel({ userId }: { userId: string }) {
  const query = useQuery(trpc.support.payoutAccount.queryOptions({ userId }));
  const data = query.data;
  return (
    <SectionCard
      title="Payout account (Stripe)"
      aria-label="Payout account"
      aside={data && <SourceStatusBadge status={data.status} />}
    >
      <QueryStatus query={query} waiting="Reading Stripe…" failedTitle="Payout account unavailable" />
      {data && <PayoutAccountBody data={data} />}
    </SectionCard>
  );
}

/** The panel's content for one answer (shown once Stripe answered, or said why it could not). */
export function PayoutAccountBody({ data }: { data: PayoutAccount }) {
  return (
    <Stack gap="sm">
      {data.message && (
        <Alert
          color={data.status.state === 'ok' ? 'gray' : 'yellow'}
          title={data.status.state === 'ok' ? 'Note' : `Stripe is ${label(data.status.state).toLowerCase()}`}
        >
          {data.message}
        </Alert>
      )}
      {data.account && (
        <Stack gap={4}>
          <Text size="sm" ff="monospace" data-testid="payout-account-id">
            {data.account.id}
          </Text>
          <Group gap="xs">
            <Enabled on={data.account.chargesEnabled}>Charges</Enabled>
            <Enabled on={data.account.payoutsEnabled}>Payouts</Enabled>
          </Group>
          {data.account.requirementsDue.length > 0 ? (
            <Text size="sm" c="orange" data-testid="payout-requirements">
              Stripe needs {data.account.requirementsDue.map(requirementWords).join(', ')} before it pays out.
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              Nothing outstanding with Stripe.
            </Text>
          )}
        </Stack>
      )}
      {data.balance && (
        <SimpleGrid cols={2}>
          {[
            { label: 'Available', cents: data.balance.availableCents, testId: 'payout-balance-available' },
            { label: 'Pending', cents: data.balance.pendingCents, testId: 'payout-balance-pending' },
          ].map((b) => (
            <div key={b.label}>
              <Text size="sm" c="dimmed">
                {b.label}
              </Text>
              <Money cents={b.cents} size="lg" fw={700} data-testid={b.testId} />
            </div>
          ))}
        </SimpleGrid>
      )}
      {data.account && (
        <DataTable
          name="Stripe payouts"
          storageKey="support.stripe-payouts"
          csv
          columns={payoutColumns}
          rows={data.payouts}
          empty="No payouts yet."
          tableProps={{ striped: true, fz: 'sm' }}
        />
      )}
    </Stack>
  );
}
