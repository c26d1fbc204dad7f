import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { FactsCard } from '../components/FactsCard';
import { Money } from '../components/Money';
import { SectionCard } from '../components/SectionCard';
import { InstructorActions } from '../features/instructors/InstructorActions';
import { InstructorBookingsTable } from '../features/instructors/InstructorBookingsTable';
import { PayoutsTable } from '../features/instructors/PayoutsTable';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';
import { formatBusinessDateTime } from '../lib/business-time';

export const Route = createFileRoute('/_authed/instructors/$userId')({
  params: { parse: (p) => ({ userId: z.uuid().parse(p.userId) }), stringify: (p) => p },
  beforeLoad: ({ context }) => requirePermission(context, 'users.read'),
  loader: ({ context, params }) =>
    context.queryClient.ensureQueryData(trpc.instructors.byId.queryOptions({ userId: params.userId })),
  component: InstructorPage,
});

function InstructorPage() {
  const { userId } = Route.useParams();
  const i = useSuspenseQuery(trpc.instructors.byId.queryOptions({ userId })).data;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{i.displayName}</Title>
        <Group gap="xs">
          <Badge color={i.status === 'active' ? 'green' : 'red'} data-testid="instructor-status">
            {i.status}
          </Badge>
          <Badge variant="light">{i.commissionTier}</Badge>
          {i.payoutHold && <Badge color="orange">payouts on hold</Badge>}
          {i.verificationOverride && <Badge color="grape">verification overridden</Badge>}
        </Group>
      </Group>
      {i.status === 'suspended' && (
        <Text c="red">
          Suspended {i.suspendedAt ? formatBusinessDateTime(i.suspendedAt) : ''}: {i.suspensionReason}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <FactsCard
          facts={[
            { label: 'Email', value: <Text>{i.maskedEmail}</Text> },
            { label: 'Background check', value: <Text>{i.backgroundCheckStatus}</Text> },
          ]}
        />
        <FactsCard
          facts={[
            {
              label: 'Pending payouts',
              value: <Money cents={i.pendingPayoutCents} size="lg" fw={700} data-testid="pending-payouts" />,
            },
            { label: 'Held payouts', value: <Money cents={i.heldPayoutCents} size="lg" fw={700} data-testid="held-payouts" /> },
          ]}
        />
        <Card withBorder>
          <Text fw={600} mb="xs">
            Actions
          </Text>
          <InstructorActions userId={i.id} />
        </Card>
      </SimpleGrid>
      <SectionCard title={`Upcoming bookings (${i.upcomingBookings.length})`}>
        <InstructorBookingsTable rows={i.upcomingBookings} label="Upcoming bookings" empty="No upcoming bookings." />
      </SectionCard>
      <SectionCard title="Payouts">
        <PayoutsTable rows={i.payouts} />
      </SectionCard>
      <SectionCard title="Recent lessons">
        <InstructorBookingsTable rows={i.recentBookings} label="Recent lessons" empty="No past lessons." />
      </SectionCard>
    </Stack>
  );
}
