import { Button, Checkbox, Group, NativeSelect, TextInput } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { trpc } from '../../lib/trpc';
import { auditSearchSchema, type AuditSearch } from './filters';

/** Search by actor, action, resource, time range and text in the reason. */
export function AuditFilters({ value, onApply }: { value: AuditSearch; onApply: (next: AuditSearch) => void }) {
  const actors = useSuspenseQuery(trpc.audit.actors.queryOptions()).data;
  const [draft, setDraft] = useState({
    actor: value.actor ?? '',
    action: value.action ?? '',
    resourceType: value.resourceType ?? '',
    resourceId: value.resourceId ?? '',
    from: value.from ?? '',
    to: value.to ?? '',
    q: value.q ?? '',
    channel: value.channel ?? '',
  });
  const [adminOnly, setAdminOnly] = useState(value.adminOnly ?? false);
  const set = (key: keyof typeof draft) => (e: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [key]: e.currentTarget.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const raw = Object.fromEntries(
      Object.entries(draft)
        .filter(([, v]) => v.trim() !== '')
        .map(([k, v]) => [k, v.trim()]),
    );
    onApply(auditSearchSchema.parse({ ...raw, ...(adminOnly ? { adminOnly: true } : {}) }));
  };
  const actorOptions = [
    { value: '', label: 'Anyone' },
    ...actors.map((a) => ({ value: a.email, label: `${a.name} (${a.role})` })),
  ];
  if (draft.actor && !actors.some((a) => a.email === draft.actor)) actorOptions.push({ value: draft.actor, label: draft.actor });
  return (
    <Group component="form" onSubmit={submit} align="flex-end" gap="sm" wrap="wrap">
      <NativeSelect label="Actor" value={draft.actor} onChange={set('actor')} data={actorOptions} />
      <TextInput label="Action" placeholder="students.adjustCredit" value={draft.action} onChange={set('action')} />
      <TextInput label="Resource type" placeholder="booking" value={draft.resourceType} onChange={set('resourceType')} w={140} />
      <TextInput label="Resource id" value={draft.resourceId} onChange={set('resourceId')} w={290} />
      <TextInput label="From" type="date" value={draft.from} onChange={set('from')} />
      <TextInput label="To" type="date" value={draft.to} onChange={set('to')} />
      <TextInput label="Text in reason" value={draft.q} onChange={set('q')} />
      <NativeSelect
        label="Channel"
        value={draft.channel}
        onChange={set('channel')}
        data={[
          { value: '', label: 'Any' },
          { value: 'web', label: 'Browser (web)' },
          { value: 'mcp', label: 'Assistant (mcp)' },
        ]}
      />
      <Checkbox label="Admins only" checked={adminOnly} onChange={(e) => setAdminOnly(e.currentTarget.checked)} mb={8} />
      <Button type="submit">Search</Button>
    </Group>
  );
}
