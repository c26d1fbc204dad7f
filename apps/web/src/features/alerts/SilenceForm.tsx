import { Checkbox, Group, Select, Textarea } from '@mantine/core';
import { formatDuration, SILENCE_DURATIONS_MINUTES, silenceInputSchema, type FiringAlert } from '@ops/shared';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { PreviewForm } from '../../components/ActionModal/PreviewForm';
import { useSchemaForm } from '../../lib/schema-form';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { trpc } from '../../lib/trpc';

/**
 * Silence one firing alert: pick the labels to match (every label of the alert to start with: together they are
 * its identity, so the silence mutes this alert and no other; a person unticks one to widen it, and the preview
 * says which alerts that would take in), a duration and a comment, then preview (which alerts it would
 * silence) and confirm with a reason in the action modal.
 */
export function SilenceForm({ alert, onDone }: { alert: FiringAlert; onDone?: () => void }) {
  const labelNames = Object.keys(alert.labels).sort();
  const { form, onSubmit } = useSchemaForm({
    schema: silenceInputSchema,
    initialValues: { labels: labelNames, duration: '120', comment: '' },
    toInput: (v) => ({
      matchers: v.labels.map((name) => ({ name, value: alert.labels[name] ?? '', isRegex: false, isEqual: true })),
      durationMinutes: Number(v.duration),
      comment: v.comment,
    }),
    errorFields: { matchers: 'labels', durationMinutes: 'duration' },
  });
  const action = useActionOf(trpc.alerts.silence, {
    title: `Silence ${alert.name}`,
    refresh: () => void refreshAfter(CHANGED_BY.alertsChanged()),
    onDone: () => onDone?.(),
  });
  return (
    <PreviewForm action={action} onSubmit={onSubmit((request) => action.start(request))} aria-label={`Silence ${alert.name}`}>
      <Checkbox.Group label="Match labels" {...form.getInputProps('labels')}>
        <Group gap="xs" mt={4}>
          {labelNames.map((n) => (
            <Checkbox key={n} value={n} label={`${n}="${alert.labels[n] ?? ''}"`} />
          ))}
        </Group>
      </Checkbox.Group>
      <Group align="flex-end" grow>
        <Select
          label="Duration"
          data={SILENCE_DURATIONS_MINUTES.map((m) => ({ value: String(m), label: formatDuration(m) }))}
          allowDeselect={false}
          {...form.getInputProps('duration')}
        />
      </Group>
      <Textarea label="Comment" placeholder="Known issue, fix deploying" {...form.getInputProps('comment')} />
    </PreviewForm>
  );
}
