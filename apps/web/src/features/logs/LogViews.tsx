import { Alert, Badge, Card, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { AuditRefView, LogLineView, RequestTrace, SentryEventView, SourceStatus } from '@ops/shared';
import { AnchorLink } from '../../components/RouterLinks';
import { SourceStatusBadge } from '../../components/SourceStatusBadge';
import { StackTrace } from '../health/StackTrace';

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

export function LogTable({ lines, showRequest = true }: { lines: LogLineView[]; showRequest?: boolean }) {
  return (
    <Table fz="sm" striped aria-label="Log lines">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Time</Table.Th>
          <Table.Th>Level</Table.Th>
          <Table.Th>Message</Table.Th>
          <Table.Th>Route</Table.Th>
          <Table.Th ta="right">Status</Table.Th>
          <Table.Th ta="right">Took</Table.Th>
          {showRequest && <Table.Th>Request</Table.Th>}
          <Table.Th>User / booking</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lines.map((l, i) => (
          <Table.Tr key={`${l.time}:${l.requestId ?? ''}:${i}`}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{new Date(l.time).toLocaleString()}</Table.Td>
            <Table.Td>
              <Badge size="xs" variant="light" color={LEVEL_COLOR[l.level] ?? 'gray'}>
                {l.level}
              </Badge>
            </Table.Td>
            <Table.Td>{l.message}</Table.Td>
            <Table.Td ff="monospace">
              {l.route ? (
                <AnchorLink to="/logs" search={{ route: l.route }} size="sm">
                  {l.route}
                </AnchorLink>
              ) : (
                (l.operation ?? '—')
              )}
            </Table.Td>
            <Table.Td ta="right" c={l.status !== null && l.status >= 500 ? 'red' : undefined}>
              {l.status ?? ''}
            </Table.Td>
            <Table.Td ta="right">{l.durationMs === null ? '' : `${l.durationMs} ms`}</Table.Td>
            {showRequest && (
              <Table.Td ff="monospace">
                {l.requestId ? (
                  <AnchorLink to="/logs" search={{ requestId: l.requestId }} size="sm">
                    {l.requestId}
                  </AnchorLink>
                ) : (
                  '—'
                )}
              </Table.Td>
            )}
            <Table.Td>
              {l.userId && (
                <AnchorLink to="/support/users/$userId" params={{ userId: l.userId }} size="xs">
                  user
                </AnchorLink>
              )}
              {l.userId && l.bookingId && ' · '}
              {l.bookingId && (
                <AnchorLink to="/support/bookings/$bookingId" params={{ bookingId: l.bookingId }} size="xs">
                  booking
                </AnchorLink>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function AuditTable({ rows }: { rows: AuditRefView[] }) {
  return (
    <Table fz="sm" aria-label="Audit rows">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>Action</Table.Th>
          <Table.Th>By</Table.Th>
          <Table.Th>Resource</Table.Th>
          <Table.Th>Reason</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((a) => (
          <Table.Tr key={a.id}>
            <Table.Td>{new Date(a.occurredAt).toLocaleString()}</Table.Td>
            <Table.Td>
              <AnchorLink to="/audit/$auditId" params={{ auditId: a.id }} size="sm">
                {a.action}
              </AnchorLink>
            </Table.Td>
            <Table.Td>{a.actorEmail}</Table.Td>
            <Table.Td ff="monospace">
              {a.resourceType === 'booking' ? (
                <AnchorLink to="/support/bookings/$bookingId" params={{ bookingId: a.resourceId }} size="sm">
                  booking {a.resourceId.slice(0, 8)}
                </AnchorLink>
              ) : (
                `${a.resourceType} ${a.resourceId.slice(0, 12)}`
              )}
            </Table.Td>
            <Table.Td>{a.reason}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** One request from every side: our log lines, the Sentry events tagged with it, our audit rows. */
export function RequestTraceView({ trace }: { trace: RequestTrace }) {
  const failed = (trace.logs.lines ?? []).some((l) => l.level === 'error' || (l.status !== null && l.status >= 500));
  return (
    <Stack gap="md" aria-label={`Request ${trace.requestId}`}>
      <Group gap="xs">
        <Title order={3}>
          Request <Code fz="lg">{trace.requestId}</Code>
        </Title>
        {failed && <Badge color="red">failed</Badge>}
      </Group>
      <Card withBorder component="section" aria-label="Log lines of this request">
        <Title order={4} mb="xs">
          Log lines ({trace.logs.lines?.length ?? '—'})
        </Title>
        <SourceNote source={trace.logs.source} what="Axiom logs" />
        {trace.logs.lines &&
          (trace.logs.lines.length === 0 ? (
            <Text c="dimmed">No log lines carry this request id.</Text>
          ) : (
            <LogTable lines={trace.logs.lines} showRequest={false} />
          ))}
      </Card>
      <Card withBorder component="section" aria-label="Sentry events of this request">
        <Title order={4} mb="xs">
          Sentry events ({trace.errors.events?.length ?? '—'})
        </Title>
        <SourceNote source={trace.errors.source} what="Sentry" />
        {trace.errors.events &&
          (trace.errors.events.length === 0 ? (
            <Text c="dimmed">No Sentry event is tagged with this request id.</Text>
          ) : (
            <Table fz="sm">
              <Table.Tbody>
                {trace.errors.events.map((e) => (
                  <Table.Tr key={e.eventId}>
                    <Table.Td>{e.timestamp ? new Date(e.timestamp).toLocaleString() : 'time not recorded'}</Table.Td>
                    <Table.Td>
                      <AnchorLink to="/logs" search={{ eventId: e.eventId }} size="sm">
                        {e.title}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{e.project ?? ''}</Table.Td>
                    <Table.Td>
                      {e.issueId && (
                        <AnchorLink to="/errors/$issueId" params={{ issueId: e.issueId }} size="sm">
                          issue {e.issueId}
                        </AnchorLink>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ))}
      </Card>
      <Card withBorder component="section" aria-label="Audit rows of this request">
        <Title order={4} mb="xs">
          Audit rows ({trace.audit?.length ?? '—'})
        </Title>
        {trace.audit === null ? (
          <Text c="dimmed">Your role cannot read the audit log.</Text>
        ) : trace.audit.length === 0 ? (
          <Text c="dimmed">No audited action was taken in this request.</Text>
        ) : (
          <AuditTable rows={trace.audit} />
        )}
      </Card>
    </Stack>
  );
}

export function SentryEventPanel({ view, eventId }: { view: SentryEventView; eventId: string }) {
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
            <Text size="sm">
              {view.event.dateCreated ? new Date(view.event.dateCreated).toLocaleString() : 'time not recorded'}
            </Text>
            <AnchorLink to="/errors/$issueId" params={{ issueId: view.event.issueId }} size="sm">
              Issue {view.event.issueId} ({view.event.projectSlug})
            </AnchorLink>
            {view.event.requestId && (
              <AnchorLink to="/logs" search={{ requestId: view.event.requestId }} size="sm">
                Request {view.event.requestId}: logs and audit
              </AnchorLink>
            )}
          </Group>
          <Group gap={4}>
            {view.event.tags.map((t) => (
              <Badge key={t.key} size="xs" variant="outline">
                {t.key}: {t.value}
              </Badge>
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
