import { Button, Checkbox, Group, NativeSelect, Text, TextInput } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { auditSearchInputSchema, type AuditChannelName, type AuditSearchInput } from '@ops/shared';
import { BusinessDateInput } from '../../components/BusinessDateInput';
import { dayBound, dayRangeErrors, fieldsFromSearch, isReversedDayRange, searchFromFields } from '../../lib/filter-fields';
import { useSchemaForm } from '../../lib/schema-form';
import { trpc } from '../../lib/trpc';
import { auditSearchSchema, type AuditSearch } from './filters';

/** The filter fields as typed; an empty field filters nothing. */
type Draft = {
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string;
  from: string;
  to: string;
  q: string;
  channel: AuditChannelName | '';
  adminOnly: boolean;
};

const TEXT_FIELDS = ['actor', 'action', 'resourceType', 'resourceId', 'from', 'to', 'q', 'channel'] as const;

/** The search request the fields make, checked by the search procedure's own schema before the URL changes. */
const toSearchInput = (d: Draft): AuditSearchInput => ({
  actor: d.actor.trim() || null,
  action: d.action.trim() || null,
  resourceType: d.resourceType.trim() || null,
  resourceId: d.resourceId.trim() || null,
  from: dayBound(d.from),
  to: dayBound(d.to, 1),
  q: d.q.trim() || null,
  adminOnly: d.adminOnly || null,
  channel: d.channel || null,
});

/** Search by actor, action, resource, time range and text in the reason. */
export function AuditFilters({ value, onApply }: { value: AuditSearch; onApply: (next: AuditSearch) => void }) {
  const actors = useSuspenseQuery(trpc.audit.actors.queryOptions()).data;
  const initialValues: Draft = { ...fieldsFromSearch(value, TEXT_FIELDS), adminOnly: value.adminOnly ?? false };
  const reversed = isReversedDayRange(value);
  const { form, onSubmit } = useSchemaForm({
    schema: auditSearchInputSchema,
    initialValues,
    toInput: toSearchInput,
    check: dayRangeErrors,
    // A link's reversed range says what is wrong with it at once; the list is read without it meanwhile.
    validateInitially: reversed,
  });
  const apply = onSubmit(() => {
    const text = searchFromFields(form.values, TEXT_FIELDS);
    onApply(auditSearchSchema.parse({ ...text, ...(form.values.adminOnly ? { adminOnly: true } : {}) }));
  });
  const actorOptions = [
    { value: '', label: 'Anyone' },
    ...actors.map((a) => ({ value: a.email, label: `${a.name} (${a.role})` })),
  ];
  const actor = form.values.actor;
  if (actor && !actors.some((a) => a.email === actor)) actorOptions.push({ value: actor, label: actor });
  return (
    <form onSubmit={apply} noValidate>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect label="Actor" data={actorOptions} {...form.getInputProps('actor')} />
        <TextInput label="Action" placeholder="students.adjustCredit" {...form.getInputProps('action')} />
        <TextInput label="Resource type" placeholder="booking" w={140} {...form.getInputProps('resourceType')} />
        <TextInput label="Resource id" w={290} {...form.getInputProps('resourceId')} />
        <BusinessDateInput label="From" w={150} {...form.getInputProps('from')} />
        <BusinessDateInput label="To" w={150} {...form.getInputProps('to')} />
        <TextInput label="Text in reason" {...form.getInputProps('q')} />
        <NativeSelect
          label="Channel"
          data={[
            { value: '', label: 'Any' },
            { value: 'web', label: 'Browser (web)' },
            { value: 'mcp', label: 'Assistant (mcp)' },
          ]}
          {...form.getInputProps('channel')}
        />
        <Checkbox label="Admins only" mb={8} {...form.getInputProps('adminOnly', { type: 'checkbox' })} />
        <Button type="submit">Search</Button>
        {reversed && (
          <Text size="sm" c="dimmed" w="100%">
            Showing entries without the link's From–To range until it is corrected.
          </Text>
        )}
      </Group>
    </form>
  );
}
