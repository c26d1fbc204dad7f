import { Badge, Card, Code, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';

import { z } from 'zod';
import { AuditDiff } from '../features/audit/AuditDiff';
import { AuditResource } from '../features/audit/AuditResource';
import { channelText } from '../features/audit/resource';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';
import { AnchorLink } from '../components/RouterLinks';
import { Field } from '../components/Field';
import { SectionCard } from '../components/SectionCard';
import { formatBusinessDateTime } from '../lib/business-time';

export const Route = createFileRoute('/_authed/audit/$auditId')({
  params: {
    parse: (p) => ({ auditId: z.coerce.number().int().positive().parse(p.auditId) }),
    stringify: (p) => ({ auditId: String(p.auditId) }),
  },
  beforeLoad: ({ context }) => requirePermission(context, 'audit.read'),
  loader: ({ context, params }) =>
    context.queryClient.ensureQueryData(context.trpc.audit.byId.queryOptions({ id: params.auditId })),
  component: AuditEntryPage,
});

/** One audit entry: who did what to which resource, why, and the before/after as a readable diff. */
function AuditEntryPage() {
  const { auditId } = Route.useParams();
  const e = useSuspenseQuery(trpc.audit.byId.queryOptions({ id: auditId })).data;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>
          Audit entry #{e.id}: <Code fz="lg">{e.action}</Code>
        </Title>
        {e.hashValid ? (
          <Badge color="green">hash verifies</Badge>
        ) : (
          <Badge color="red">hash does not verify: this row was altered</Badge>
        )}
      </Group>
      <Card withBorder>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Field label="When">{formatBusinessDateTime(e.occurredAt)}</Field>
          <Field label="Actor">
            <AnchorLink to="/audit" search={{ actor: e.actorEmail }} size="sm">
              {e.actorEmail}
            </AnchorLink>
          </Field>
          <Field label="Channel">{channelText(e)}</Field>
          <Field label="Resource">
            <AuditResource entry={e} />
          </Field>
          <Field label="Request">{e.requestId ?? '—'}</Field>
          <Field label="IP">{e.ip ?? '—'}</Field>
          <Field label="User agent">{e.userAgent ?? '—'}</Field>
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt="md">
          Reason
        </Text>
        <Text>{e.reason || '—'}</Text>
      </Card>
      <SectionCard title="Before → after">
        <AuditDiff before={e.before} after={e.after} />
      </SectionCard>
      <Card withBorder>
        <Field label="Previous hash">
          <Code>{e.prevHash}</Code>
        </Field>
        <Field label="Hash">
          <Code>{e.hash}</Code>
        </Field>
      </Card>
    </Stack>
  );
}
