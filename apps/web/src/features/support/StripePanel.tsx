import { Alert, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatCents, label, type StripePanel as StripePanelData } from '@ops/shared';
import { WithNote, dayColumn } from '../../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { Money } from '../../components/Money';
import { AnchorLink } from '../../components/RouterLinks';
import { SourceStatusBadge } from '../../components/SourceStatusBadge';
import { trpc } from '../../lib/trpc';
import { StatusBadge } from './StatusBadge';
import { SectionCard } from '../../components/SectionCard';
import { QueryStatus } from '../../components/QueryStatus';

type Charge = StripePanelData['charges'][number];

const chargeColumns: Array<DataTableColumn<Charge>> = [
  dayColumn('when', 'When', (c) => c.createdAt, { exportTime: true }),
  {
    key: 'charge',
    title: 'Charge',
    sortValue: (c) => c.id,
    render: (c) => (
      <>
        <WithNote note={c.card}>
          <Text size="xs" ff="monospace">
            {c.id}
          </Text>
        </WithNote>
        {c.booking && (
          <AnchorLink
            to="/bookings/$bookingId"
            params={{ bookingId: c.booking.id }}
            size="xs"
            ff="monospace"
            aria-label={`Booking ${c.booking.shortId} paid by ${c.id}`}
          >
            Booking {c.booking.shortId}
          </AnchorLink>
        )}
      </>
    ),
  },
  {
    key: 'status',
    title: 'Status',
    sortValue: (c) => label(chargeState(c)),
    csv: (c) => [label(chargeState(c)), c.disputed ? 'disputed' : ''].filter(Boolean).join(' · '),
    render: (c) => <StatusBadge status={chargeState(c)} disputed={c.disputed} />,
  },
  {
    key: 'amount',
    title: 'Amount',
    align: 'right',
    sortValue: (c) => c.amountCents,
    csv: (c) => partlyCaptured(c) ?? (c.amountCents / 100).toFixed(2),
    // After a partial release the charge is what was captured, not what was authorized: both are said.
    render: (c) => {
      const partly = partlyCaptured(c);
      return partly === null ? <Money cents={c.amountCents} size="sm" /> : <Text size="sm">{partly}</Text>;
    },
  },
  {
    key: 'refunded',
    title: 'Refunded',
    align: 'right',
    sortValue: (c) => c.amountRefundedCents,
    csv: (c) => (c.amountRefundedCents / 100).toFixed(2),
    render: (c) => (c.amountRefundedCents > 0 ? <Money cents={c.amountRefundedCents} size="sm" /> : '—'),
  },
];

/** "$90.00 authorized, $60.00 captured" for a charge captured in part; null when all of it was captured (or none yet). */
function partlyCaptured(c: Charge): string | null {
  return c.captured && c.amountCapturedCents !== c.amountCents
    ? `${formatCents(c.amountCents)} authorized, ${formatCents(c.amountCapturedCents)} captured`
    : null;
}

/** Payment methods and charges read live from Stripe; when Stripe is slow or down the panel says so and the page stays. */
export function StripePanel({ userId }: { userId: string }) {
  const stripe = useQuery(trpc.support.stripe.queryOptions({ userId }));
  return (
    <SectionCard title="Stripe" aria-label="Stripe" aside={stripe.data && <SourceStatusBadge status={stripe.data.status} />}>
      <QueryStatus query={stripe} waiting="Reading Stripe…" failedTitle="Stripe panel unavailable" />
      {stripe.data && (
        <Stack gap="sm">
          {stripe.data.message && (
            <Alert
              color={stripe.data.status.state === 'ok' ? 'gray' : 'yellow'}
              title={stripe.data.status.state === 'ok' ? 'Note' : `Stripe is ${stripe.data.status.state.replace('_', ' ')}`}
            >
              {stripe.data.message}
            </Alert>
          )}
          {stripe.data.customerId && (
            <Text size="sm" c="dimmed">
              Customer {stripe.data.customerId}
            </Text>
          )}
          {stripe.data.paymentMethods.length > 0 && (
            <div>
              <Text size="sm" fw={600}>
                Payment methods
              </Text>
              {stripe.data.paymentMethods.map((pm) => (
                <Text key={pm.id} size="sm">
                  {pm.brand ?? pm.type} ····{pm.last4 ?? '????'}
                  {pm.expMonth && pm.expYear ? ` exp ${String(pm.expMonth).padStart(2, '0')}/${pm.expYear}` : ''}
                </Text>
              ))}
            </div>
          )}
          {stripe.data.charges.length > 0 && (
            <DataTable
              name="Stripe charges"
              storageKey="support.stripe-charges"
              csv
              columns={chargeColumns}
              rows={stripe.data.charges}
              tableProps={{ striped: true, fz: 'sm', miw: 480 }}
            />
          )}
        </Stack>
      )}
    </SectionCard>
  );
}

/** A charge that succeeded but was not captured is an authorisation: say so, as Stripe's dashboard does. */
function chargeState(c: { status: string; captured: boolean }): string {
  return c.status === 'succeeded' && !c.captured ? 'authorized' : c.status;
}
