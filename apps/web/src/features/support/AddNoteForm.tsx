import { Alert, Button, Select, Stack, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { addNoteInputSchema, NOTE_KIND_LABELS, NOTE_KINDS, type NoteKindName } from '@ops/shared';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { errorMessage, trpc } from '../../lib/trpc';

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
  const [kind, setKind] = useState<NoteKindName>('support_interaction');
  const [body, setBody] = useState('');
  const [about, setAbout] = useState<string | null>(bookingId ?? null);
  const [error, setError] = useState<string | null>(null);
  const add = useMutation(
    trpc.support.addNote.mutationOptions({
      onSuccess: () => {
        setBody('');
        void refreshAfter(CHANGED_BY.noteAdded(userId, about));
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = addNoteInputSchema.safeParse({ userId, bookingId: about, kind, body });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Invalid note');
      return;
    }
    setError(null);
    add.mutate(parsed.data);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <Select
          label="Kind"
          data={NOTE_KINDS.map((k) => ({ value: k, label: NOTE_KIND_LABELS[k] }))}
          value={kind}
          onChange={(v) => v && setKind(v)}
          allowDeselect={false}
        />
        {bookings && bookings.length > 0 && bookingId === undefined && (
          <Select
            label="About booking"
            placeholder="The person in general"
            clearable
            data={bookings.map((b) => ({ value: b.id, label: b.shortId }))}
            value={about}
            onChange={setAbout}
          />
        )}
        <Textarea label="Note" autosize minRows={2} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={error} />
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
