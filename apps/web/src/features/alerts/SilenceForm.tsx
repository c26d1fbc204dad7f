import { Button, Checkbox, Group, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { formatDuration, SILENCE_DURATIONS_MINUTES, silenceInputSchema, type FiringAlert } from '@ops/shared';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { queryClient, trpc } from '../../lib/trpc';

/** Labels that identify an alert; the others (values, timestamps) would make a silence that never matches again. */
const DEFAULT_MATCH = ['alertname', 'instance', 'service', 'job', 'severity'];

/**
 * Silence one firing alert: pick the labels to match, a duration and a comment, then preview (which alerts it would
 * silence) and confirm with a reason in the action modal.
 */
export function SilenceForm({ alert, onDone }: { alert: FiringAlert; onDone?: () => void }) {
  const labelNames = Object.keys(alert.labels).sort();
  const [chosen, setChosen] = useState<string[]>(() => labelNames.filter((n) => DEFAULT_MATCH.includes(n)));
  const [duration, setDuration] = useState<string>('120');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const action = useActionOf(trpc.alerts.silence, {
    title: `Silence ${alert.name}`,
    onDone: () => {
      void queryClient.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.health.snapshot.queryKey() });
      onDone?.();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = silenceInputSchema.safeParse({
      matchers: chosen.map((name) => ({ name, value: alert.labels[name] ?? '', isRegex: false, isEqual: true })),
      durationMinutes: Number(duration),
      comment,
    });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Invalid silence');
      return;
    }
    setError(null);
    action.start(parsed.data);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={`Silence ${alert.name}`}>
      <Stack gap="xs">
        <Checkbox.Group label="Match labels" value={chosen} onChange={setChosen}>
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
            value={duration}
            allowDeselect={false}
            onChange={(v) => v && setDuration(v)}
          />
        </Group>
        <Textarea
          label="Comment"
          placeholder="Known issue, fix deploying"
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          autosize
          minRows={1}
        />
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Button type="submit" loading={action.busy} w="fit-content">
          Preview
        </Button>
        {action.modal}
      </Stack>
    </form>
  );
}
