import { Anchor, Button, Group, NativeSelect, Text, TextInput } from '@mantine/core';
import {
  WEBHOOK_SOURCES,
  WEBHOOK_STATUSES,
  webhookListInputSchema,
  type WebhookListInput,
  type WebhookSource,
  type WebhookStatus,
} from '@ops/shared';
import { formatBusinessDateTime } from '../../lib/business-time';
import { BusinessDateInput } from '../../components/BusinessDateInput';
import { dayBound, dayRangeErrors, fieldsFromSearch, searchFromFields } from '../../lib/filter-fields';
import { useSchemaForm } from '../../lib/schema-form';
import { unappliedFilters, webhookSearchSchema, type WebhookSearch } from './filters';

/** The filter fields as typed; an empty field filters nothing. */
type Draft = {
  source: WebhookSource | '';
  status: WebhookStatus | '';
  retryable: Retryable;
  type: string;
  from: string;
  to: string;
  entity: string;
};

const FIELDS = ['source', 'status', 'type', 'from', 'to', 'entity'] as const;

/** The Retryable select's values: the URL keeps true or false, the select text. */
type Retryable = '' | 'yes' | 'no';
const retryableField = (v: boolean | undefined): Retryable => (v === undefined ? '' : v ? 'yes' : 'no');
const retryableValue = (f: Retryable): boolean | null => (f === '' ? null : f === 'yes');

/** The list request the fields make, checked by the list procedure's own schema before the URL changes. */
const toListInput = (d: Draft): WebhookListInput => ({
  source: d.source || null,
  status: d.status || null,
  retryable: retryableValue(d.retryable),
  type: d.type.trim() || null,
  from: dayBound(d.from),
  to: dayBound(d.to, 1),
  entityId: d.entity.trim() || null,
});

/**
 * The ledger's filters; applying them rewrites the URL (the route reloads from it). A link's `since` (the command
 * center's 24 h window) is no field: it is said in words, kept when the fields change, and dropped by its own link.
 */
export function WebhookFilters({ value, onApply }: { value: WebhookSearch; onApply: (next: WebhookSearch) => void }) {
  const initialValues: Draft = { ...fieldsFromSearch(value, FIELDS), retryable: retryableField(value.retryable) };
  const unapplied = unappliedFilters(value);
  const { form, onSubmit } = useSchemaForm({
    schema: webhookListInputSchema,
    initialValues,
    toInput: toListInput,
    errorFields: { entityId: 'entity' },
    check: dayRangeErrors,
    // A link's bad entity or reversed range says what is wrong with it at once.
    validateInitially: unapplied.length > 0,
  });
  const apply = onSubmit(() => {
    const retryable = retryableValue(form.values.retryable);
    onApply(
      webhookSearchSchema.parse({
        ...searchFromFields(form.values, FIELDS),
        ...(retryable === null ? {} : { retryable }),
        ...(value.since === undefined ? {} : { since: value.since }),
      }),
    );
  });
  return (
    <form onSubmit={apply} noValidate>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect
          label="Source"
          data={[{ value: '', label: 'Any' }, ...WEBHOOK_SOURCES.map((s) => ({ value: s, label: s }))]}
          {...form.getInputProps('source')}
        />
        <NativeSelect
          label="Status"
          data={[{ value: '', label: 'Any' }, ...WEBHOOK_STATUSES.map((s) => ({ value: s, label: s }))]}
          {...form.getInputProps('status')}
        />
        <NativeSelect
          label="Retryable"
          description="Failed events only"
          data={[
            { value: '', label: 'Any' },
            { value: 'yes', label: 'Yes: waits for a person' },
            { value: 'no', label: 'No: permanent' },
          ]}
          {...form.getInputProps('retryable')}
        />
        <TextInput label="Type" placeholder="payment_intent.succeeded" w={230} {...form.getInputProps('type')} />
        <BusinessDateInput label="From" w={150} {...form.getInputProps('from')} />
        <BusinessDateInput label="To" w={150} {...form.getInputProps('to')} />
        <TextInput label="Related entity" description="A booking, user or payment id" w={300} {...form.getInputProps('entity')} />
        <Button type="submit">Apply filters</Button>
        {value.since !== undefined && (
          <Text size="sm" w="100%">
            Received since {formatBusinessDateTime(value.since)} (the link's window).{' '}
            <Anchor component="button" type="button" size="sm" onClick={() => onApply({ ...value, since: undefined })}>
              Any time
            </Anchor>
          </Text>
        )}
        {unapplied.length > 0 && (
          <Text size="sm" c="dimmed" w="100%">
            Showing events without the link's {unapplied.join(' and ')} filter until it is corrected.
          </Text>
        )}
      </Group>
    </form>
  );
}
