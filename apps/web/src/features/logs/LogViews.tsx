import { Alert, Badge, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import {
  LOG_SEARCH_LIMIT,
  plural,
  type AuditRefView,
  type LogLineView,
  type LogsSearchResult,
  type RequestTrace,
  type SentryEventView,
  type SourceStatus,
} from '@ops/shared';
import { linkColumn, millisecondsColumn, whenColumn } from '../../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { AnchorLink } from '../../components/RouterLinks';
import { BookingLink } from '../bookings/BookingLink';
import { PersonLink } from '../support/PersonLink';
import { SourceStatusBadge } from '../../components/SourceStatusBadge';
import { EventTag } from '../health/EventTag';
import { StackTrace } from '../health/StackTrace';
import { formatBusinessDateTime } from '../../lib/business-time';
import { SectionCard } from '../../components/SectionCard';
import { logsFilters, logsSearchOnly, type LogsSearch } from './search';

const LEVEL_COLOR: Record<string, string> = { error: 'red', warn: 'yellow', info: 'blue', debug: 'gray' };

/** A source that did not answer says so (and why) instead of looking empty. */
export function SourceNote({ source, what }: { source: SourceStatus; what: string }) {
  if (source.state === 'ok') return null;
  return (
    <Alert color={source.state === 'not_configured' ? 'gray' : 'orange'} variant="light" p="xs">
      <Group gap="xs">
        <SourceStatusBadge status={source} />
        <Text size="sm">
          {source.state === 'not_configured'
            ? `${what}: not configured.`
            : `${what} unavailable: ${source.error ?? source.state}.`}
        </Text>
      </Group>
    </Alert>
  );
}

/** A log table's columns; its links keep the search the table was found under (`current`). */
const lineColumns = (current: LogsSearch): Array<DataTableColumn<LogLineView>> => [
  whenColumn('time', 'Time', (l) => l.time, { precise: true }),
  {
    key: 'level',
    title: 'Level',
    sortValue: (l) => l.level,
    render: (l) => (
      <Badge size="xs" variant="light" color={LEVEL_COLOR[l.level] ?? 'gray'}>
        {l.level}
      </Badge>
    ),
  },
  linkColumn(
    'request',
    'Request',
    (l) => l.requestId,
    (l) => (l.requestId ? { to: '/logs', search: { ...logsSearchOnly(current), requestId: l.requestId } } : null),
    { ff: 'monospace' },
  ),
  // The room the other columns leave, cut to one line (in full on hover): at a laptop's width the request id (the way
  // into a trace, before it), the route, and the person and booking still show.
  {
    key: 'message',
    title: 'Message',
    ellipsis: true,
    sortValue: (l) => l.message,
    render: (l) => l.message,
  },
  {
    key: 'route',
    title: 'Route',
    // A long route or operation is cut (in full on hover) rather than pushing the columns after it off the table.
    width: 180,
    ellipsis: true,
    sortValue: (l) => l.route ?? l.operation,
    render: (l) => (
      <Text span ff="monospace" fz="inherit">
        {l.route ? (
          <AnchorLink to="/logs" search={{ ...logsFilters(current), route: l.route }} size="sm">
            {l.route}
          </AnchorLink>
        ) : l.operation ? (
          // A worker's line has no route: its operation finds the job's other lines.
          <AnchorLink to="/logs" search={{ ...logsFilters(current), operation: l.operation }} size="sm">
            {l.operation}
          </AnchorLink>
        ) : (
          '—'
        )}
      </Text>
    ),
  },
  {
    key: 'status',
    title: 'Status',
    align: 'right',
    sortValue: (l) => l.status,
    render: (l) => (
      <Text span fz="inherit" c={l.status !== null && l.status >= 500 ? 'red' : undefined}>
        {l.status ?? ''}
      </Text>
    ),
  },
  millisecondsColumn('took', 'Took', (l) => l.durationMs, ''),
  {
    key: 'refs',
    title: 'User / booking',
    csv: (l) => [l.userId && `user ${l.userId}`, l.bookingId && `booking ${l.bookingId}`].filter(Boolean).join(' '),
    render: (l) => (
      <span style={{ whiteSpace: 'nowrap' }}>
        {l.userId && (
          <PersonLink userId={l.userId} size="xs">
            user
          </PersonLink>
        )}
        {l.userId && l.bookingId && ' · '}
        {l.bookingId && (
          <BookingLink bookingId={l.bookingId} size="xs" monospace={false}>
            booking
          </BookingLink>
        )}
      </span>
    ),
  },
];

export function LogTable({
  lines,
  showRequest = true,
  empty,
  search = {},
}: {
  lines: LogLineView[];
  showRequest?: boolean;
  empty?: string;
  /** The logs page's search the table shows, which its drill-down links keep. */
  search?: LogsSearch;
}) {
  const columns = lineColumns(search);
  return (
    <DataTable
      name="Log lines"
      storageKey="logs.lines"
      csv
      columns={showRequest ? columns : columns.filter((c) => c.key !== 'request')}
      rows={lines}
      rowKey={(l, i) => `${l.time}:${l.requestId ?? ''}:${i}`}
      empty={empty}
      // Narrower padding than other tables: eight columns of a log line fit a laptop's width.
      tableProps={{ fz: 'sm', striped: true, horizontalSpacing: 6 }}
    />
  );
}

/**
 * A log search's answer under its range. A search stops at the newest LOG_SEARCH_LIMIT lines; when it reached that,
 * the heading and a line say so, so a full page is not read as everything the range holds. Filtered by duration,
 * each line is a request's last, and the heading counts requests slower than the filter's threshold.
 */
export function LogSearchResults({ result, search = {} }: { result: LogsSearchResult; search?: LogsSearch }) {
  const lines = result.lines;
  const cut = lines !== null && lines.length >= LOG_SEARCH_LIMIT;
  const counted = (n: number) =>
    search.minDurationMs === undefined ? `${n} log lines` : `${plural(n, 'request')} slower than ${search.minDurationMs} ms`;
  return (
    <SectionCard
      title={lines === null ? 'Log lines' : cut ? `Newest ${counted(lines.length)}` : counted(lines.length)}
      titleGap="xs"
      aria-label="Search results"
      aside={
        <Text size="xs" c="dimmed">
          {formatBusinessDateTime(result.range.from)} – {formatBusinessDateTime(result.range.to)}
        </Text>
      }
    >
      <SourceNote source={result.source} what="Axiom logs" />
      {cut && (
        <Text size="sm" c="orange" mb="xs">
          Newest {lines.length} lines shown — narrow the range or filters to see older ones.
        </Text>
      )}
      {lines && <LogTable lines={lines} empty="No log lines match." search={search} />}
    </SectionCard>
  );
}

const auditColumns: Array<DataTableColumn<AuditRefView>> = [
  whenColumn('when', 'When', (a) => a.occurredAt),
  linkColumn(
    'action',
    'Action',
    (a) => a.action,
    (a) => ({ to: '/audit/$auditId', params: { auditId: a.id } }),
  ),
  { key: 'by', title: 'By', sortValue: (a) => a.actorEmail, render: (a) => a.actorEmail },
  {
    key: 'resource',
    title: 'Resource',
    sortValue: (a) => `${a.resourceType} ${a.resourceId}`,
    render: (a) => (
      <Text span ff="monospace" fz="inherit">
        {a.resourceType === 'booking' ? (
          <BookingLink bookingId={a.resourceId} size="sm">
            booking {a.resourceId.slice(0, 8)}
          </BookingLink>
        ) : (
          `${a.resourceType} ${a.resourceId.slice(0, 12)}`
        )}
      </Text>
    ),
  },
  { key: 'reason', title: 'Reason', sortValue: (a) => a.reason, render: (a) => a.reason },
];

function AuditTable({ rows }: { rows: AuditRefView[] }) {
  return (
    <DataTable
      name="Audit rows"
      storageKey="logs.audit"
      csv="request-audit-rows.csv"
      columns={auditColumns}
      rows={rows}
      empty="No audited action was taken in this request."
      tableProps={{ fz: 'sm' }}
    />
  );
}

type SentryEventRow = NonNullable<RequestTrace['errors']['events']>[number];

const eventColumns = (current: LogsSearch): Array<DataTableColumn<SentryEventRow>> => [
  whenColumn('when', 'When', (e) => e.timestamp, { missing: 'time not recorded', precise: true }),
  linkColumn(
    'event',
    'Event',
    (e) => e.title,
    (e) => ({ to: '/logs', search: { ...logsSearchOnly(current), eventId: e.eventId } }),
  ),
  { key: 'project', title: 'Project', sortValue: (e) => e.project, render: (e) => e.project ?? '' },
  linkColumn(
    'issue',
    'Issue',
    (e) => e.issueId && `issue ${e.issueId}`,
    (e) => (e.issueId ? { to: '/health/errors/$issueId', params: { issueId: e.issueId } } : null),
  ),
];

/** One request from every side: our log lines, the Sentry events tagged with it, our audit rows. */
export function RequestTraceView({ trace, search = {} }: { trace: RequestTrace; search?: LogsSearch }) {
  const failed = (trace.logs.lines ?? []).some((l) => l.level === 'error' || (l.status !== null && l.status >= 500));
  return (
    <Stack gap="md" aria-label={`Request ${trace.requestId}`}>
      <Group gap="xs">
        <Title order={3}>
          Request <Code fz="lg">{trace.requestId}</Code>
        </Title>
        {failed && <Badge color="red">failed</Badge>}
      </Group>
      <SectionCard title={`Log lines (${trace.logs.lines?.length ?? '—'})`} titleGap="xs" aria-label="Log lines of this request">
        <SourceNote source={trace.logs.source} what="Axiom logs" />
        {trace.logs.lines && (
          <LogTable lines={trace.logs.lines} showRequest={false} empty="No log lines carry this request id." search={search} />
        )}
      </SectionCard>
      <SectionCard
        title={`Sentry events (${trace.errors.events?.length ?? '—'})`}
        titleGap="xs"
        aria-label="Sentry events of this request"
      >
        <SourceNote source={trace.errors.source} what="Sentry" />
        {trace.errors.events && (
          <DataTable
            name="Sentry events"
            storageKey="logs.sentry-events"
            csv="request-sentry-events.csv"
            columns={eventColumns(search)}
            rows={trace.errors.events}
            rowKey={(e) => e.eventId}
            empty="No Sentry event is tagged with this request id."
            tableProps={{ fz: 'sm' }}
          />
        )}
      </SectionCard>
      <SectionCard title={`Audit rows (${trace.audit?.length ?? '—'})`} titleGap="xs" aria-label="Audit rows of this request">
        {trace.audit === null ? <Text c="dimmed">Your role cannot read the audit log.</Text> : <AuditTable rows={trace.audit} />}
      </SectionCard>
    </Stack>
  );
}

export function SentryEventPanel({
  view,
  eventId,
  search = {},
}: {
  view: SentryEventView;
  eventId: string;
  search?: LogsSearch;
}) {
  return (
    <Card withBorder component="section" aria-label={`Sentry event ${eventId}`}>
      <Title order={3} mb="xs">
        Sentry event <Code fz="lg">{eventId}</Code>
      </Title>
      <SourceNote source={view.source} what="Sentry" />
      {view.source.state === 'ok' && view.event === null && <Text c="dimmed">Sentry has no event with this id.</Text>}
      {view.event && (
        <Stack gap="xs">
          <Text fw={600}>{view.event.title}</Text>
          <Group gap="md">
            <Text size="sm">{view.event.dateCreated ? formatBusinessDateTime(view.event.dateCreated) : 'time not recorded'}</Text>
            <AnchorLink to="/health/errors/$issueId" params={{ issueId: view.event.issueId }} size="sm">
              Issue {view.event.issueId} ({view.event.projectSlug})
            </AnchorLink>
            {view.event.requestId && (
              <AnchorLink to="/logs" search={{ ...logsSearchOnly(search), requestId: view.event.requestId }} size="sm">
                Request {view.event.requestId}: logs and audit
              </AnchorLink>
            )}
          </Group>
          <Group gap={4}>
            {/* As the error page shows them: ids keep their case (a copied req_… must match), and link where they lead. */}
            {view.event.tags.map((t) => (
              <EventTag key={t.key} tag={t} />
            ))}
          </Group>
          {view.event.exceptions.map((x, i) => (
            <StackTrace key={`${x.type}:${i}`} exception={x} />
          ))}
        </Stack>
      )}
    </Card>
  );
}
