import { Button, Group, Select } from '@mantine/core';
import { RESEND_TEMPLATE_LABELS, RESEND_TEMPLATES, resendNotificationInputSchema, type ResendTemplate } from '@ops/shared';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { useSchemaForm } from '../../lib/schema-form';
import { trpc } from '../../lib/trpc';

const FIRST_CHOICE: ResendTemplate = 'booking_confirmation';

/** Pick a message, preview the recipient and the rendered text, confirm: the message goes into the outbox. */
export function ResendNotification({ bookingId }: { bookingId: string }) {
  const { form, onSubmit } = useSchemaForm({
    schema: resendNotificationInputSchema,
    initialValues: { template: FIRST_CHOICE },
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
          data={RESEND_TEMPLATES.map((t) => ({ value: t, label: RESEND_TEMPLATE_LABELS[t] }))}
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
