import { Button, Card, Group, Select, TextInput } from '@mantine/core';
import { LOG_LEVELS, LOG_PERIODS, logsSearchInputSchema, type LogPeriod, type LogsSearchInput } from '@ops/shared';
import { useSchemaForm } from '../../lib/schema-form';
import { logsSearchSchema, type LogsSearch } from './search';

const PERIOD_LABELS: Record<LogPeriod, string> = {
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
};

/** The search fields as typed; an empty field filters nothing. */
type SearchDraft = {
  period: LogPeriod;
  level: (typeof LOG_LEVELS)[number] | '';
  route: string;
  operation: string;
  status: string;
  minDurationMs: string;
  userId: string;
  bookingId: string;
};

/** The search the fields make, checked by the logs procedure's own schema before the URL changes. */
const toLogsInput = (d: SearchDraft): LogsSearchInput => ({
  period: d.period,
  level: d.level || undefined,
  route: d.route.trim() || undefined,
  operation: d.operation.trim() || undefined,
  status: d.status.trim() || undefined,
  minDurationMs: d.minDurationMs.trim() || undefined,
  userId: d.userId.trim() || undefined,
  bookingId: d.bookingId.trim() || undefined,
});

/** The log search's filter bar; searching rewrites the URL (the route reloads from it), so every search is a link. */
export function LogSearchForm({ value, onApply }: { value: LogsSearch; onApply: (next: LogsSearch) => void }) {
  const initialValues: SearchDraft = {
    period: value.period ?? '1h',
    level: value.level ?? '',
    route: value.route ?? '',
    operation: value.operation ?? '',
    status: value.status === undefined ? '' : String(value.status),
    minDurationMs: value.minDurationMs === undefined ? '' : String(value.minDurationMs),
    userId: value.userId ?? '',
    bookingId: value.bookingId ?? '',
  };
  const { form, onSubmit } = useSchemaForm({ schema: logsSearchInputSchema, initialValues, toInput: toLogsInput });
  const submit = onSubmit(() => onApply(logsSearchSchema.parse(toLogsInput(form.values))));
  return (
    <Card withBorder>
      <form onSubmit={submit} noValidate aria-label="Log search">
        <Group align="flex-end" gap="sm">
          <Select
            label="Time range"
            data={LOG_PERIODS.map((p) => ({ value: p, label: PERIOD_LABELS[p] }))}
            allowDeselect={false}
            w={170}
            {...form.getInputProps('period')}
          />
          <Select
            label="Level"
            data={[{ value: '', label: 'Any' }, ...LOG_LEVELS.map((l) => ({ value: l, label: l }))]}
            w={110}
            {...form.getInputProps('level')}
          />
          <TextInput label="Route" placeholder="/trpc/support.search" {...form.getInputProps('route')} />
          <TextInput label="Operation" placeholder="jobs.capturePayments" {...form.getInputProps('operation')} />
          <TextInput label="Status" placeholder="500" w={90} {...form.getInputProps('status')} />
          {/* The requests that took longer, each by its finishing line: as the latency SLO counts its misses. */}
          <TextInput
            label="Slower than (ms)"
            placeholder="500"
            inputMode="numeric"
            w={150}
            {...form.getInputProps('minDurationMs')}
          />
          <TextInput label="User id" {...form.getInputProps('userId')} />
          <TextInput label="Booking id" {...form.getInputProps('bookingId')} />
          <Button type="submit">Search</Button>
        </Group>
      </form>
    </Card>
  );
}
