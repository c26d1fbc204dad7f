import { Alert, Card, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { audiencePreviewInputSchema, plural, type AudiencePreviewInput } from '@ops/shared';
import { trpc } from '../../lib/trpc';
import { MailPreview } from './MailPreview';

const fmt = (n: number) => n.toLocaleString('en-US');
/** A message ready to render: a valid subject and body. */
const messageSchema = audiencePreviewInputSchema.pick({ subject: true, body: true }).required();

/**
 * Beside the compose form: the exact audience, exclusions, a masked sample and the message for one real recipient.
 * `settling` is true while the form holds a choice not yet sent here (the input is debounced): until it is counted,
 * the figures on show are the previous audience's, so the panel says it is updating and dims them.
 */
export function AudiencePanel({ input, settling = false }: { input: AudiencePreviewInput; settling?: boolean }) {
  // The audience is counted as soon as it is chosen; the message is rendered once its subject and body are valid.
  const message = messageSchema.safeParse(input);
  const request: AudiencePreviewInput = message.success
    ? { audience: input.audience, ...message.data }
    : { audience: input.audience };
  const query = useQuery({
    ...trpc.communications.audiencePreview.queryOptions(request),
    placeholderData: keepPreviousData,
  });
  if (query.isError) return <Alert color="red">{query.error.message}</Alert>;
  const p = query.data;
  if (!p) return <Loader size="sm" />;
  const excluded = p.excludedSuspended + p.excludedDeactivated + p.excludedUnsubscribed;
  const updating = settling || query.isPlaceholderData;
  return (
    <Card withBorder aria-label="Audience preview" aria-busy={updating}>
      <Stack gap="sm" opacity={updating ? 0.6 : 1}>
        <Group justify="space-between">
          <Title order={4}>Audience</Title>
          {(updating || query.isFetching) && (
            <Group gap={6}>
              <Loader size="xs" />
              {updating && (
                <Text size="xs" c="dimmed">
                  Updating…
                </Text>
              )}
            </Group>
          )}
        </Group>
        <Text size="xl" fw={700} data-testid="audience-count">
          {plural(p.recipients, 'recipient')}
        </Text>
        <Text size="sm" c="dimmed">
          {fmt(p.matched)} match the filters; {fmt(excluded)} excluded ({fmt(p.excludedSuspended)} suspended,{' '}
          {fmt(p.excludedDeactivated)} deactivated, {fmt(p.excludedUnsubscribed)} unsubscribed).
        </Text>
        {p.requiresApproval && (
          <Alert color="blue" title="Needs a second admin">
            Over {fmt(p.approvalThreshold)} recipients: the send waits in the Approvals inbox.
          </Alert>
        )}
        {p.sample.length > 0 && (
          <div>
            <Text size="sm" fw={600}>
              Sample recipients
            </Text>
            <List size="sm" aria-label="Sample recipients">
              {p.sample.map((s) => (
                <List.Item key={s.id}>
                  {s.displayName} · {s.maskedEmail} · {s.role}
                </List.Item>
              ))}
            </List>
          </div>
        )}
        {!message.success && p.recipients > 0 && (
          <Text size="sm" c="dimmed">
            Fill in the subject and message to see it rendered for one of them.
          </Text>
        )}
        {message.success && p.rendered && (
          <div>
            <Text size="sm" fw={600} mb={4}>
              As {p.rendered.recipient} will see it
            </Text>
            <MailPreview title="Rendered sample" subject={p.rendered.subject} html={p.rendered.html} text={p.rendered.text} />
          </div>
        )}
      </Stack>
    </Card>
  );
}
