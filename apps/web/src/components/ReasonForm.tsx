import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import type { ReactNode } from 'react';
import type { z } from 'zod';
import { errorMessage } from '../lib/trpc';

interface ReasonFormProps<S extends z.ZodType<{ reason: string }>> {
  /** The procedure's own input schema (shared with the server): the form validates exactly what will be sent. */
  schema: S;
  /** Everything the request carries besides the reason (e.g. the person's id). */
  input: Omit<z.input<S>, 'reason'>;
  intro: ReactNode;
  submitLabel: string;
  /** The alert's title when the server refuses, e.g. "Not exported". */
  failedTitle: string;
  pending: boolean;
  failure: unknown;
  onSubmit: (request: z.output<S>) => void;
  onCancel: () => void;
}

/**
 * The reason-then-submit form of the console's audited one-step requests (reveal contact details, export a person's
 * data): the reason is checked by the same zod schema the server applies, the server's refusal shows in place, and
 * the submit button waits while the request is in flight.
 */
export function ReasonForm<S extends z.ZodType<{ reason: string }>>(props: ReasonFormProps<S>) {
  const { schema, input, intro, submitLabel, failedTitle, pending, failure, onSubmit, onCancel } = props;
  const validate = schemaResolver(schema, { sync: true });
  const form = useForm({
    mode: 'controlled',
    initialValues: { reason: '' },
    validate: (values) => validate({ ...input, ...values }),
  });
  const submit = form.onSubmit((values) => {
    const parsed = schema.safeParse({ ...input, ...values });
    if (parsed.success) onSubmit(parsed.data);
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{intro}</Text>
        <Textarea label="Reason" required autosize minRows={2} {...form.getInputProps('reason')} />
        {failure !== null && failure !== undefined && (
          <Alert color="red" role="alert" title={failedTitle}>
            {errorMessage(failure)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
