import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import type { ReactNode } from 'react';
import type { z } from 'zod';
import { errorMessage } from '../lib/trpc';

/** What the form needs of the request's mutation (useMutation's result). */
export interface ReasonMutation<Request> {
  mutate: (request: Request) => void;
  isPending: boolean;
  error: unknown;
}

interface ReasonFormProps<S extends z.ZodType<{ reason: string }>> {
  /** The procedure's own input schema (shared with the server): the form validates exactly what will be sent. */
  schema: S;
  /** Everything the request carries besides the reason (e.g. the person's id). */
  input: Omit<z.input<S>, 'reason'>;
  intro: ReactNode;
  submitLabel: string;
  /** The alert's title when the server refuses, e.g. "Not exported". */
  failedTitle: string;
  /** Sends the checked request; the form waits while it is pending and shows its refusal in place. */
  mutation: ReasonMutation<z.output<S>>;
  onCancel: () => void;
}

/**
 * The reason-then-submit form of the console's audited one-step requests (reveal contact details, export a person's
 * data): the reason is checked by the same zod schema the server applies, the server's refusal shows in place, and
 * the submit button waits while the request is in flight.
 */
export function ReasonForm<S extends z.ZodType<{ reason: string }>>(props: ReasonFormProps<S>) {
  const { schema, input, intro, submitLabel, failedTitle, mutation, onCancel } = props;
  const validate = schemaResolver(schema, { sync: true });
  const form = useForm({
    mode: 'controlled',
    initialValues: { reason: '' },
    validate: (values) => validate({ ...input, ...values }),
  });
  const submit = form.onSubmit((values) => {
    const parsed = schema.safeParse({ ...input, ...values });
    if (parsed.success) mutation.mutate(parsed.data);
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{intro}</Text>
        <Textarea label="Reason" required {...form.getInputProps('reason')} />
        {mutation.error !== null && mutation.error !== undefined && (
          <Alert color="red" role="alert" title={failedTitle}>
            {errorMessage(mutation.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
