import { Button, Card, Group, Stack, TextInput, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ButtonLink } from '../components/RouterLinks';
import { LogSearchForm } from '../features/logs/LogSearchForm';
import { LogSearchResults, RequestTraceView, SentryEventPanel } from '../features/logs/LogViews';
import { logsSearchInput, lookupSearch, logsSearchOnly, logsSearchSchema, type LogsSearch } from '../features/logs/search';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';

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

function SearchForm({ value }: { value: LogsSearch }) {
  const navigate = useNavigate({ from: '/logs' });
  return <LogSearchForm value={value} onApply={(search) => void navigate({ search })} />;
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
