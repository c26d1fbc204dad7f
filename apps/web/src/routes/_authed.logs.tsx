import { Button, Card, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { LOG_LEVELS, LOG_PERIODS, logsSearchInputSchema, type LogPeriod, type LogsSearchInput } from '@ops/shared';
import { ButtonLink } from '../components/RouterLinks';
import { LogSearchResults, RequestTraceView, SentryEventPanel } from '../features/logs/LogViews';
import { logsSearchInput, lookupSearch, logsSearchOnly, logsSearchSchema, type LogsSearch } from '../features/logs/search';
import { requirePermission } from '../lib/guard';
import { useSchemaForm } from '../lib/schema-form';
import { trpc } from '../lib/trpc';

const PERIOD_LABELS: Record<(typeof LOG_PERIODS)[number], string> = {
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
};

export const Route = createFileRoute('/_authed/logs')({
  validateSearch: (raw) => logsSearchSchema.parse(raw),
  beforeLoad: ({ context }) => requirePermission(context, 'health.read'),
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => {
    if (deps.eventId) return context.queryClient.ensureQueryData(context.trpc.logs.event.queryOptions({ eventId: deps.eventId }));
    if (deps.requestId)
      return context.queryClient.ensureQueryData(context.trpc.logs.request.queryOptions({ requestId: deps.requestId }));
    return context.queryClient.ensureQueryData(context.trpc.logs.search.queryOptions(logsSearchInput(deps)));
  },
  component: LogsPage,
});

/** Logs & traces: search our logs, follow one request across logs, Sentry and audit, or open a Sentry event. */
function LogsPage() {
  const search = Route.useSearch();
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Logs & traces</Title>
        {(search.requestId ?? search.eventId) && (
          <ButtonLink to="/logs" search={logsSearchOnly(search)} size="xs" variant="default">
            Back to log search
          </ButtonLink>
        )}
      </Group>
      <IdLookup search={search} />
      {search.eventId ? (
        <EventView eventId={search.eventId} search={search} />
      ) : search.requestId ? (
        <TraceView requestId={search.requestId} search={search} />
      ) : (
        <>
          <SearchForm key={JSON.stringify(search)} value={search} />
          <SearchResults search={search} />
        </>
      )}
    </Stack>
  );
}

/** One box for a pasted id: a request id opens the trace, a 32-hex id opens the Sentry event; filters stay. */
function IdLookup({ search }: { search: LogsSearch }) {
  const navigate = useNavigate({ from: '/logs' });
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = lookupSearch(search, value);
    if (!next) {
      setError('Paste a request id (req_… or a uuid) or a Sentry event id (32 hex digits).');
      return;
    }
    setError(null);
    void navigate({ search: next });
  };
  return (
    <Card withBorder>
      <form onSubmit={submit}>
        <Group align="flex-end">
          <TextInput
            label="Request id or Sentry event id"
            placeholder="req_…, a uuid, or a Sentry event id"
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            error={error}
            style={{ flex: 1 }}
            styles={{ input: { fontFamily: 'monospace' } }}
          />
          <Button type="submit">Look up</Button>
        </Group>
      </form>
    </Card>
  );
}

/** The search fields as typed; an empty field filters nothing. */
type SearchDraft = {
  period: LogPeriod;
  level: (typeof LOG_LEVELS)[number] | '';
  route: string;
  operation: string;
  status: string;
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
  userId: d.userId.trim() || undefined,
  bookingId: d.bookingId.trim() || undefined,
});

function SearchForm({ value }: { value: LogsSearch }) {
  const navigate = useNavigate({ from: '/logs' });
  const initialValues: SearchDraft = {
    period: value.period ?? '1h',
    level: value.level ?? '',
    route: value.route ?? '',
    operation: value.operation ?? '',
    status: value.status === undefined ? '' : String(value.status),
    userId: value.userId ?? '',
    bookingId: value.bookingId ?? '',
  };
  const { form, onSubmit } = useSchemaForm({ schema: logsSearchInputSchema, initialValues, toInput: toLogsInput });
  const submit = onSubmit(() => void navigate({ search: logsSearchSchema.parse(toLogsInput(form.values)) }));
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
          <TextInput label="User id" {...form.getInputProps('userId')} />
          <TextInput label="Booking id" {...form.getInputProps('bookingId')} />
          <Button type="submit">Search</Button>
        </Group>
      </form>
    </Card>
  );
}

function SearchResults({ search }: { search: LogsSearch }) {
  const { data } = useSuspenseQuery(trpc.logs.search.queryOptions(logsSearchInput(search)));
  return <LogSearchResults result={data} search={search} />;
}

function TraceView({ requestId, search }: { requestId: string; search: LogsSearch }) {
  const { data } = useSuspenseQuery(trpc.logs.request.queryOptions({ requestId }));
  return <RequestTraceView trace={data} search={search} />;
}

function EventView({ eventId, search }: { eventId: string; search: LogsSearch }) {
  const { data } = useSuspenseQuery(trpc.logs.event.queryOptions({ eventId }));
  return <SentryEventPanel view={data} eventId={eventId} search={search} />;
}
