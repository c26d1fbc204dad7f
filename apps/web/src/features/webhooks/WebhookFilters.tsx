import { Button, Group, NativeSelect, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { WEBHOOK_SOURCES, WEBHOOK_STATUSES } from '@ops/shared';
import { webhookSearchSchema, type WebhookSearch } from './filters';

/** The ledger's filters; applying them rewrites the URL (the route reloads from it). */
export function WebhookFilters({ value, onApply }: { value: WebhookSearch; onApply: (next: WebhookSearch) => void }) {
  const [draft, setDraft] = useState({
    source: value.source ?? '',
    status: value.status ?? '',
    type: value.type ?? '',
    from: value.from ?? '',
    to: value.to ?? '',
    entity: value.entity ?? '',
  });
  const [entityError, setEntityError] = useState<string | null>(null);
  const set = (key: keyof typeof draft) => (e: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [key]: e.currentTarget.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const raw = Object.fromEntries(
      Object.entries(draft)
        .filter(([, v]) => v.trim() !== '')
        .map(([k, v]) => [k, v.trim()]),
    );
    if (raw.entity && !z.uuid().safeParse(raw.entity).success) {
      setEntityError('Related entity must be a booking, user or payment id (uuid)');
      return;
    }
    setEntityError(null);
    onApply(webhookSearchSchema.parse(raw));
  };
  return (
    <Group component="form" onSubmit={submit} align="flex-end" gap="sm" wrap="wrap">
      <NativeSelect
        label="Source"
        value={draft.source}
        onChange={set('source')}
        data={[{ value: '', label: 'Any' }, ...WEBHOOK_SOURCES.map((s) => ({ value: s, label: s }))]}
      />
      <NativeSelect
        label="Status"
        value={draft.status}
        onChange={set('status')}
        data={[{ value: '', label: 'Any' }, ...WEBHOOK_STATUSES.map((s) => ({ value: s, label: s }))]}
      />
      <TextInput label="Type" placeholder="payment_intent.succeeded" value={draft.type} onChange={set('type')} w={230} />
      <TextInput label="From" type="date" value={draft.from} onChange={set('from')} />
      <TextInput label="To" type="date" value={draft.to} onChange={set('to')} />
      <TextInput
        label="Related entity"
        placeholder="booking, user or payment id"
        value={draft.entity}
        onChange={set('entity')}
        error={entityError}
        w={300}
      />
      <Button type="submit">Apply filters</Button>
    </Group>
  );
}
