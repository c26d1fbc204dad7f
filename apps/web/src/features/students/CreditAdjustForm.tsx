import { Text, TextInput } from '@mantine/core';
import { creditAdjustInputSchema, parseDollarsToCents } from '@ops/shared';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { PreviewForm } from '../../components/ActionModal/PreviewForm';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { useSchemaForm } from '../../lib/schema-form';
import { trpc } from '../../lib/trpc';

/** Amount in dollars (negative removes credit) → preview → confirm, validated by the procedure's own schema. */
export function CreditAdjustForm({ userId }: { userId: string }) {
  const { form, onSubmit } = useSchemaForm({
    schema: creditAdjustInputSchema,
    initialValues: { amount: '' },
    toInput: (v) => ({ userId, amountCents: parseDollarsToCents(v.amount) ?? Number.NaN }),
    errorFields: { amountCents: 'amount' },
    check: (v) =>
      parseDollarsToCents(v.amount) === null
        ? { amount: 'Amount must be dollars such as 25, 1,250 or -10.50 (a point before the cents)' }
        : {},
  });
  const action = useActionOf(trpc.students.adjustCredit, {
    title: 'Adjust credit',
    fieldLabels: { amountCents: 'Amount' },
    refresh: () => void refreshAfter(CHANGED_BY.creditAdjusted(userId)),
    onDone: () => form.reset(),
  });
  return (
    <PreviewForm action={action} onSubmit={onSubmit((request) => action.start(request))}>
      <Text fw={600}>Adjust credit</Text>
      <TextInput
        label="Amount"
        description="Dollars; negative removes credit"
        placeholder="25.00"
        {...form.getInputProps('amount')}
      />
    </PreviewForm>
  );
}
