import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { FactsCard } from '../components/FactsCard';
import { Money } from '../components/Money';
import { SectionCard } from '../components/SectionCard';
import { CreditAdjustForm } from '../features/students/CreditAdjustForm';
import { CreditLedgerTable } from '../features/students/CreditLedgerTable';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';
import { useCan } from '../lib/use-me';

export const Route = createFileRoute('/_authed/students/$userId')({
  params: { parse: (p) => ({ userId: z.uuid().parse(p.userId) }), stringify: (p) => p },
  beforeLoad: ({ context }) => requirePermission(context, 'users.read'),
  loader: ({ context, params }) =>
    context.queryClient.ensureQueryData(trpc.students.byId.queryOptions({ userId: params.userId })),
  component: StudentPage,
});

function StudentPage() {
  const { userId } = Route.useParams();
  const student = useSuspenseQuery(trpc.students.byId.queryOptions({ userId })).data;
  const canAdjust = useCan('credits.adjust');
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{student.displayName}</Title>
        <Group gap="xs">
          <Badge color={student.status === 'active' ? 'green' : 'red'}>{student.status}</Badge>
          {!student.verified && <Badge color="yellow">email not verified</Badge>}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <FactsCard
          facts={[
            { label: 'Email', value: <Text>{student.maskedEmail}</Text> },
            { label: 'Phone', value: <Text>{student.maskedPhone ?? '—'}</Text> },
          ]}
        />
        <FactsCard
          facts={[
            {
              label: 'Credit balance',
              value: <Money cents={student.creditBalanceCents} size="xl" fw={700} data-testid="credit-balance" />,
            },
          ]}
        />
        {canAdjust && (
          <Card withBorder>
            <CreditAdjustForm userId={student.id} />
          </Card>
        )}
      </SimpleGrid>
      <SectionCard title="Credit ledger">
        <CreditLedgerTable rows={student.ledger} />
      </SectionCard>
    </Stack>
  );
}
