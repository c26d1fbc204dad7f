import { Card, Code, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { formatCents } from '@ops/shared';
import { AnchorLink } from '../components/RouterLinks';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';

export const Route = createFileRoute('/_authed/payments')({
  beforeLoad: ({ context }) => requirePermission(context, 'health.read'),
  loader: ({ context }) => context.queryClient.ensureQueryData(trpc.payments.pipeline.queryOptions()),
  component: PaymentsPage,
});

const when = (iso: string) => (iso ? new Date(iso).toLocaleString() : '—');

function BookingLink({ bookingId, shortId }: { bookingId: string; shortId: string }) {
  return (
    <AnchorLink to="/support/bookings/$bookingId" params={{ bookingId }} size="sm" ff="monospace">
      {shortId}
    </AnchorLink>
  );
}

function Section({ title, count, limit, children }: { title: string; count: number; limit: number; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-label={title}>
      <Title order={4} mb="xs">
        {title} ({count}
        {count >= limit ? '+' : ''})
      </Title>
      {count === 0 ? <Text c="dimmed">None.</Text> : children}
    </Card>
  );
}

/** The payments pipeline behind the command center's counts, every row linked to its booking. */
function PaymentsPage() {
  const { data } = useSuspenseQuery(trpc.payments.pipeline.queryOptions());
  const authorizations = data.overdue.filter((p) => p.kind === 'authorize');
  const captures = data.overdue.filter((p) => p.kind === 'capture');
  return (
    <Stack gap="md">
      <Title order={2}>Payments pipeline</Title>
      <Text size="sm" c="dimmed">
        A scheduled authorisation or capture is overdue {data.graceMinutes} minutes after its time.
      </Text>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {[
          { title: 'Overdue authorisations', rows: authorizations },
          { title: 'Overdue captures', rows: captures },
        ].map(({ title, rows }) => (
          <Section key={title} title={title} count={rows.length} limit={data.limit}>
            <Table fz="sm" aria-label={title}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Booking</Table.Th>
                  <Table.Th>Due</Table.Th>
                  <Table.Th ta="right">Amount</Table.Th>
                  <Table.Th>Payment intent</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((p) => (
                  <Table.Tr key={p.paymentId}>
                    <Table.Td>
                      <BookingLink bookingId={p.bookingId} shortId={p.shortId} />
                    </Table.Td>
                    <Table.Td>{when(p.dueAt)}</Table.Td>
                    <Table.Td ta="right">{formatCents(p.amountCents)}</Table.Td>
                    <Table.Td>
                      <Code>{p.paymentIntentId}</Code>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>
        ))}
      </SimpleGrid>
      <Section title="Failed payments (7 days)" count={data.failures.length} limit={data.limit}>
        <Table fz="sm" aria-label="Failed payments">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Booking</Table.Th>
              <Table.Th>Failed</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.failures.map((p) => (
              <Table.Tr key={p.paymentId}>
                <Table.Td>
                  <BookingLink bookingId={p.bookingId} shortId={p.shortId} />
                </Table.Td>
                <Table.Td>{when(p.failedAt)}</Table.Td>
                <Table.Td ta="right">{formatCents(p.amountCents)}</Table.Td>
                <Table.Td>
                  {p.failureCode && <Code>{p.failureCode}</Code>} {p.failureMessage}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
      <Section title="Refunds pending at Stripe" count={data.pendingRefunds.length} limit={data.limit}>
        <Table fz="sm" aria-label="Pending refunds">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Booking</Table.Th>
              <Table.Th>Requested</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
              <Table.Th>Method</Table.Th>
              <Table.Th>Stripe refund</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.pendingRefunds.map((r) => (
              <Table.Tr key={r.refundId}>
                <Table.Td>
                  <BookingLink bookingId={r.bookingId} shortId={r.shortId} />
                </Table.Td>
                <Table.Td>{when(r.createdAt)}</Table.Td>
                <Table.Td ta="right">{formatCents(r.amountCents)}</Table.Td>
                <Table.Td>{r.method}</Table.Td>
                <Table.Td>{r.stripeRefundId ? <Code>{r.stripeRefundId}</Code> : (r.error ?? '—')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
    </Stack>
  );
}
