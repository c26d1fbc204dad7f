import { Alert, Badge, Button, Card, Group, List, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { approvalDecideInputSchema, type ApprovalItem } from '@ops/shared';
import { ExecutedNotice } from '../../components/ActionModal/ExecutedNotice';
import { useSchemaForm } from '../../lib/schema-form';
import { changedByDecision, refreshAfter } from '../../lib/invalidate';
import { errorMessage, trpc } from '../../lib/trpc';
import { formatBusinessDateTime } from '../../lib/business-time';
import { channelText } from '../audit/resource';
import { BookingLink } from '../bookings/BookingLink';
import { PersonLink } from '../support/PersonLink';

const STATUS_COLOR: Record<ApprovalItem['status'], string> = {
  pending: 'yellow',
  approved: 'green',
  rejected: 'red',
  expired: 'gray',
  failed: 'red',
};

/**
 * Where the approver reads the record a request is about before deciding: the person's or the booking's page, named
 * as staff know it (the masked name, the booking's short id), by its id only when that is all there is.
 */
function ResourceLink({ item }: { item: Pick<ApprovalItem, 'resourceType' | 'resourceId' | 'resourceLabel'> }) {
  const name = item.resourceLabel ?? item.resourceId;
  if (item.resourceType === 'user')
    return (
      <PersonLink userId={item.resourceId} size="sm">
        Open the person's page ({name})
      </PersonLink>
    );
  if (item.resourceType === 'booking')
    return (
      <BookingLink bookingId={item.resourceId} size="sm" monospace={false}>
        Open the booking's page ({name})
      </BookingLink>
    );
  return null;
}

/** Who asked, and through an assistant when one did: "Ada Admin, through an assistant (MCP · token 'support bot')". */
function requesterText(item: Pick<ApprovalItem, 'requestedBy' | 'requestedVia'>): string {
  if (item.requestedVia.channel === 'web') return item.requestedBy;
  return `${item.requestedBy}, through an assistant (${channelText({ channel: 'mcp', tokenName: item.requestedVia.tokenName })})`;
}

/** One request: what it would do, who asked and why, and (for another admin) Approve / Reject with a reason. */
export function ApprovalCard({ item }: { item: ApprovalItem }) {
  const [error, setError] = useState<string | null>(null);
  const { form, onSubmit } = useSchemaForm({
    schema: approvalDecideInputSchema,
    initialValues: { reason: '' },
    toInput: (v) => ({ approvalId: item.id, reason: v.reason }),
  });
  const approve = useMutation(trpc.approvals.approve.mutationOptions());
  const reject = useMutation(trpc.approvals.reject.mutationOptions());
  const busy = approve.isPending || reject.isPending;
  const decide = (which: 'approve' | 'reject') =>
    onSubmit((request) => {
      setError(null);
      const m = which === 'approve' ? approve : reject;
      m.mutateAsync(request).then(
        (result) => {
          notifications.show({
            color: which === 'approve' ? 'green' : 'gray',
            title: which === 'approve' ? 'Approved and executed' : 'Rejected',
            message: <ExecutedNotice result={result} />,
            autoClose: 10_000,
          });
          void refreshAfter(changedByDecision(item, which === 'approve'));
        },
        (err: unknown) => {
          // A request that can no longer run is closed by the server: the list refetches (it moves to Decided, as
          // failed), and the refusal stays on screen in a notification after the card has gone.
          const message = errorMessage(err);
          setError(message);
          notifications.show({ color: 'red', title: 'Not done', message, autoClose: 15_000 });
          void refreshAfter(changedByDecision(item, false));
        },
      );
    })();
  return (
    <Card withBorder data-testid="approval" aria-label={item.summary}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{item.summary}</Text>
          <Badge color={STATUS_COLOR[item.status]}>{item.status}</Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {item.action} · requested by {requesterText(item)} on {formatBusinessDateTime(item.requestedAt)} ·{' '}
          {item.status === 'pending'
            ? `expires ${formatBusinessDateTime(item.expiresAt)}`
            : `decided by ${item.decidedBy ?? '—'}`}
        </Text>
        <ResourceLink item={item} />
        <Text size="sm">Reason: {item.reason}</Text>
        <List size="sm" aria-label="Effects">
          {item.effects.map((e, i) => (
            <List.Item key={i}>{e.label}</List.Item>
          ))}
        </List>
        {item.warnings.length > 0 && (
          <Stack gap={2}>
            <Text size="sm" fw={600} c="yellow.8">
              Warnings the requester saw (why it waits among them)
            </Text>
            <List size="sm" aria-label="Warnings">
              {item.warnings.map((w, i) => (
                <List.Item key={i}>{w}</List.Item>
              ))}
            </List>
          </Stack>
        )}
        {item.changedSinceRequest && (
          <Alert color="orange" title="Changed since it was requested">
            {item.changedSinceRequest}
          </Alert>
        )}
        {item.decisionReason && <Text size="sm">Decision: {item.decisionReason}</Text>}
        {item.status === 'pending' && !item.canDecide && (
          <Alert color="blue">You asked for this: another admin must approve or reject it.</Alert>
        )}
        {item.canDecide && (
          <Stack gap="xs">
            <Textarea
              label="Reason"
              description="Recorded in the audit log with the decision"
              {...form.getInputProps('reason')}
            />
            <Group>
              <Button color="green" onClick={() => decide('approve')} loading={approve.isPending} disabled={busy}>
                Approve
              </Button>
              <Button color="red" variant="light" onClick={() => decide('reject')} loading={reject.isPending} disabled={busy}>
                Reject
              </Button>
            </Group>
          </Stack>
        )}
        {error && (
          <Alert color="red" role="alert" title="Not done">
            {error}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
