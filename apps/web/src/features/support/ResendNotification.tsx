import { Button, Group, Select } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { RESEND_TEMPLATE_LABELS, RESEND_TEMPLATES, type ResendTemplate } from '@ops/shared';
import { useAction } from '../../components/ActionModal/ActionModal';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { trpc } from '../../lib/trpc';

/** Pick a message, preview the recipient and the rendered text, confirm: the message goes into the outbox. */
export function ResendNotification({ bookingId }: { bookingId: string }) {
  const [template, setTemplate] = useState<ResendTemplate>('booking_confirmation');
  const preview = useMutation(trpc.support.resendNotification.preview.mutationOptions());
  const execute = useMutation(trpc.support.resendNotification.execute.mutationOptions());
  const action = useAction({
    title: 'Resend notification',
    preview: preview.mutateAsync,
    execute: execute.mutateAsync,
    onDone: () => void refreshAfter(CHANGED_BY.notificationResent(bookingId)),
  });
  return (
    <Group align="flex-end">
      <Select
        label="Message"
        data={RESEND_TEMPLATES.map((t) => ({ value: t, label: RESEND_TEMPLATE_LABELS[t] }))}
        value={template}
        onChange={(v) => v && setTemplate(v)}
        allowDeselect={false}
      />
      <Button onClick={() => action.start({ bookingId, template })} loading={action.busy}>
        Resend notification
      </Button>
      {action.modal}
    </Group>
  );
}
