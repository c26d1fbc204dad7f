import { Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { creditAdjustInputSchema, parseDollarsToCents } from '@ops/shared';
import { useAction } from '../../components/ActionModal/ActionModal';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { trpc } from '../../lib/trpc';

/** Amount in dollars (negative removes credit) → preview → confirm, validated by the procedure's own schema. */
export function CreditAdjustForm({ userId }: { userId: string }) {
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const preview = useMutation(trpc.students.adjustCredit.preview.mutationOptions());
  const execute = useMutation(trpc.students.adjustCredit.execute.mutationOptions());
  const action = useAction({
    title: 'Adjust credit',
    preview: preview.mutateAsync,
    execute: execute.mutateAsync,
    onDone: () => {
      setAmount('');
      void refreshAfter(CHANGED_BY.creditAdjusted(userId));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const cents = parseDollarsToCents(amount);
    const parsed = creditAdjustInputSchema.safeParse({ userId, amountCents: cents ?? Number.NaN });
    if (cents === null || !parsed.success) {
      setError(
        cents === null
          ? 'Amount must be a dollar amount such as 25 or -10.50'
          : (parsed.error?.issues[0]?.message ?? 'Invalid amount'),
      );
      return;
    }
    setError(null);
    action.start(parsed.data);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <Text fw={600}>Adjust credit</Text>
        <TextInput
          label="Amount"
          description="Dollars; negative removes credit"
          placeholder="25.00"
          value={amount}
          onChange={(e) => setAmount(e.currentTarget.value)}
          error={error}
        />
        <Button type="submit" loading={action.busy} w="fit-content">
          Preview
        </Button>
        {action.modal}
      </Stack>
    </form>
  );
}
