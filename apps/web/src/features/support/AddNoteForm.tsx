import { Alert, Button, Select, Stack, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { addNoteInputSchema, NOTE_KIND_LABELS, NOTE_KINDS, type NoteKindName } from '@ops/shared';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { useSchemaForm } from '../../lib/schema-form';
import { errorMessage, trpc } from '../../lib/trpc';

const FIRST_KIND: NoteKindName = 'support_interaction';

/** Kind + body → an audited note on the person, optionally about one booking. */
export function AddNoteForm({
  userId,
  bookingId,
  bookings,
}: {
  userId: string;
  bookingId?: string;
  bookings?: Array<{ id: string; shortId: string }>;
}) {
  const { form, onSubmit } = useSchemaForm({
    schema: addNoteInputSchema,
    initialValues: { kind: FIRST_KIND, about: bookingId ?? null, body: '' },
    toInput: (v) => ({ userId, bookingId: v.about, kind: v.kind, body: v.body }),
    errorFields: { bookingId: 'about' },
  });
  const add = useMutation(
    trpc.support.addNote.mutationOptions({
      onSuccess: (_, request) => {
        form.setFieldValue('body', '');
        void refreshAfter(CHANGED_BY.noteAdded(userId, request.bookingId ?? null));
      },
    }),
  );
  return (
    <form onSubmit={onSubmit((request) => add.mutate(request))} noValidate>
      <Stack gap="xs">
        <Select
          label="Kind"
          data={NOTE_KINDS.map((k) => ({ value: k, label: NOTE_KIND_LABELS[k] }))}
          allowDeselect={false}
          {...form.getInputProps('kind')}
        />
        {bookings && bookings.length > 0 && bookingId === undefined && (
          <Select
            label="About booking"
            placeholder="The person in general"
            clearable
            data={bookings.map((b) => ({ value: b.id, label: b.shortId }))}
            {...form.getInputProps('about')}
          />
        )}
        <Textarea label="Note" {...form.getInputProps('body')} />
        {add.isError && (
          <Alert color="red" role="alert" title="Note not added">
            {errorMessage(add.error)}
          </Alert>
        )}
        <Button type="submit" loading={add.isPending} w="fit-content">
          Add note
        </Button>
      </Stack>
    </form>
  );
}
