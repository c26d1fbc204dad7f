import { Button, Group, Select, Text } from '@mantine/core';
import { label, RESEND_TEMPLATE_LABELS, resendNotificationInputSchema, resendTemplatesFor } from '@ops/shared';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { useSchemaForm } from '../../lib/schema-form';
import { trpc } from '../../lib/trpc';

/**
 * Pick a message, preview the recipient and the rendered text, confirm: the message goes into the outbox. Only the
 * messages true of the booking's state are offered (the server refuses the others alike).
 */
export function ResendNotification({ bookingId, bookingStatus }: { bookingId: string; bookingStatus: string }) {
  const templates = resendTemplatesFor(bookingStatus);
  if (templates.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No message fits a {label(bookingStatus).toLowerCase()} booking: a confirmation or a reminder would tell the student
        something false.
      </Text>
    );
  return <ResendForm key={bookingStatus} bookingId={bookingId} templates={templates} />;
}

function ResendForm({ bookingId, templates }: { bookingId: string; templates: ReturnType<typeof resendTemplatesFor> }) {
  const [first = 'booking_confirmation'] = templates;
  const { form, onSubmit } = useSchemaForm({
    schema: resendNotificationInputSchema,
    initialValues: { template: first },
    toInput: (v) => ({ bookingId, template: v.template }),
  });
  const action = useActionOf(trpc.support.resendNotification, {
    title: 'Resend notification',
    refresh: () => void refreshAfter(CHANGED_BY.notificationResent(bookingId)),
  });
  return (
    <form onSubmit={onSubmit((request) => action.start(request))} noValidate>
      <Group align="flex-end">
        <Select
          label="Message"
          data={templates.map((t) => ({ value: t, label: RESEND_TEMPLATE_LABELS[t] }))}
          allowDeselect={false}
          {...form.getInputProps('template')}
        />
        <Button type="submit" loading={action.busy}>
          Resend notification
        </Button>
        {action.modal}
      </Group>
    </form>
  );
}
