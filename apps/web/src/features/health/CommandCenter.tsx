import { Alert, Anchor, Badge, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconExclamationCircle } from '@tabler/icons-react';

import { useEffect, useState, type ReactNode } from 'react';
import { formatCents, type HealthLevel, type HealthSnapshot, type SourceStatus } from '@ops/shared';
import { SourceStatusBadge } from '../../components/SourceStatusBadge';
import { AnchorLink } from '../../components/RouterLinks';

const LEVEL: Record<HealthLevel, { color: string; title: string; icon: ReactNode }> = {
  healthy: { color: 'green', title: 'Production is healthy', icon: <IconCircleCheck size={22} /> },
  warning: { color: 'yellow', title: 'Production needs attention', icon: <IconAlertTriangle size={22} /> },
  critical: { color: 'red', title: 'Production has a critical problem', icon: <IconExclamationCircle size={22} /> },
};

/** Seconds since a timestamp, re-rendered every second. */
export function useSecondsSince(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return Math.max(0, Math.round((now - ms) / 1000));
}

export function OverallStatus({ snapshot, updatedAt }: { snapshot: HealthSnapshot; updatedAt: number }) {
  const look = LEVEL[snapshot.overall.level];
  const ago = useSecondsSince(updatedAt);
  return (
    <Alert
      color={look.color}
      icon={look.icon}
      variant="light"
      title={look.title}
      data-testid="overall-status"
      data-level={snapshot.overall.level}
    >
      <Stack gap={6}>
        {snapshot.overall.problems.length > 0 && (
          <List size="sm" spacing={2}>
            {snapshot.overall.problems.map((p) => (
              <List.Item key={p.message}>
                <Group gap={6}>
                  <Badge size="xs" color={p.level === 'critical' ? 'red' : 'yellow'}>
                    {p.level}
                  </Badge>
                  {p.href ? (
                    <Anchor href={p.href} size="sm">
                      {p.message}
                    </Anchor>
                  ) : (
                    <Text size="sm">{p.message}</Text>
                  )}
                </Group>
              </List.Item>
            ))}
          </List>
        )}
        {snapshot.overall.unavailable.length > 0 && (
          <Text size="sm" c="dimmed">
            Not visible right now: {snapshot.overall.unavailable.join(', ')} (see the source states below).
          </Text>
        )}
        <Text size="xs" c="dimmed" aria-live="polite">
          Updated {ago} s ago · took {snapshot.tookMs} ms · refreshes every 30 s
        </Text>
      </Stack>
    </Alert>
  );
}

export function SourceStrip({ sources }: { sources: SourceStatus[] }) {
  return (
    <Group gap="xs" aria-label="Sources">
      {sources.map((s) => (
        <SourceStatusBadge key={s.source} status={s} />
      ))}
    </Group>
  );
}

function sourceOf(sources: SourceStatus[], name: string): SourceStatus | undefined {
  return sources.find((s) => s.source === name);
}

/** A panel whose source did not answer says so instead of showing zeros. */
function Panel({
  title,
  source,
  children,
  action,
}: {
  title: string;
  source: SourceStatus | undefined;
  children: ReactNode;
  action?: ReactNode;
}) {
  const unavailable = source !== undefined && source.state !== 'ok';
  return (
    <Card withBorder padding="md" aria-label={title} component="section">
      <Group justify="space-between" align="baseline" wrap="nowrap">
        <Title order={4}>{title}</Title>
        {action}
      </Group>
      {source && (
        <Group gap="xs" mb="xs" mt={4}>
          <SourceStatusBadge status={source} withName={false} />
        </Group>
      )}
      {unavailable ? (
        <Text c="dimmed" size="sm">
          {source.state === 'not_configured' ? 'Not configured.' : `No data: ${source.error ?? source.state}.`}
        </Text>
      ) : (
        children
      )}
    </Card>
  );
}

function Figure({ label, value, hint, color }: { label: string; value: ReactNode; hint?: ReactNode; color?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} c={color} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Stack>
  );
}

function versus(today: number, yesterday: number): string {
  if (yesterday === 0) return `yesterday by now: ${yesterday}`;
  const change = Math.round(((today - yesterday) * 100) / yesterday);
  return `yesterday by now: ${yesterday} (${change >= 0 ? '+' : ''}${change} %)`;
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(2)} %`);
const ms = (seconds: number | null | undefined) =>
  seconds === null || seconds === undefined ? '—' : `${Math.round(seconds * 1000)} ms`;

export function StabilitySection({ snapshot }: { snapshot: HealthSnapshot }) {
  const { stability, sources } = snapshot;
  const firing = stability.alerts?.filter((a) => a.silencedBy.length === 0) ?? [];
  return (
    <Stack gap="sm">
      <Title order={3}>Stability</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Panel title="Traffic" source={sourceOf(sources, 'prometheus')}>
          <SimpleGrid cols={3}>
            {[
              { label: 'Error rate', metricId: 'error_rate', text: pct(stability.errorRate?.value) },
              { label: 'p99 latency', metricId: 'latency_p99', text: ms(stability.p99LatencySeconds?.value) },
              { label: 'Requests/s', metricId: 'request_rate', text: stability.requestRate?.value?.toFixed(1) ?? '—' },
            ].map((f) => (
              <Figure
                key={f.metricId}
                label={f.label}
                value={
                  <AnchorLink to="/explore" search={{ metricId: f.metricId, period: '24h' }} inherit>
                    {f.text}
                  </AnchorLink>
                }
              />
            ))}
          </SimpleGrid>
        </Panel>
        <Panel
          title="Firing alerts"
          source={sourceOf(sources, 'alertmanager')}
          action={
            <AnchorLink to="/alerts" size="sm">
              All alerts
            </AnchorLink>
          }
        >
          {firing.length === 0 ? (
            <Text size="sm" c="green">
              Nothing firing.
            </Text>
          ) : (
            <List size="sm" spacing={2}>
              {firing.slice(0, 6).map((a) => (
                <List.Item key={a.fingerprint}>
                  <Badge size="xs" color={a.severity === 'critical' ? 'red' : 'yellow'} mr={6}>
                    {a.severity ?? 'alert'}
                  </Badge>
                  {a.name}
                  {a.summary ? ` — ${a.summary}` : ''}
                </List.Item>
              ))}
            </List>
          )}
        </Panel>
        <Panel title="Deploys" source={sourceOf(sources, 'deploys')}>
          {(stability.deploys ?? []).length === 0 ? (
            <Text size="sm" c="dimmed">
              No deploy targets.
            </Text>
          ) : (
            <Table fz="sm" aria-label="Deploy targets">
              <Table.Tbody>
                {(stability.deploys ?? []).map((d) => (
                  <Table.Tr key={d.name}>
                    <Table.Td>{d.name}</Table.Td>
                    <Table.Td>
                      <Badge size="xs" color={!d.up ? 'red' : d.drift ? 'yellow' : 'green'}>
                        {!d.up ? 'down' : d.drift ? 'drift' : 'up'}
                      </Badge>
                    </Table.Td>
                    <Table.Td ff="monospace" title={d.error ?? undefined}>
                      {d.version ?? '—'} {d.sha ? d.sha.slice(0, 7) : ''}
                    </Table.Td>
                    <Table.Td ta="right">{d.responseMs === null ? '—' : `${d.responseMs} ms`}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Panel>
        <Panel
          title="Top errors (24 h)"
          source={sourceOf(sources, 'sentry')}
          action={
            <AnchorLink to="/errors" search={{ sort: 'freq' }} size="sm">
              All errors
            </AnchorLink>
          }
        >
          {(stability.topErrors ?? []).length === 0 ? (
            <Text size="sm" c="green">
              No unresolved errors.
            </Text>
          ) : (
            <List size="sm" spacing={4}>
              {(stability.topErrors ?? []).map((i) => (
                <List.Item key={i.id}>
                  <AnchorLink to="/errors/$issueId" params={{ issueId: i.id }} size="sm">
                    {i.title}
                  </AnchorLink>
                  <Text span size="xs" c="dimmed">
                    {' '}
                    · {i.count} events · {i.userCount} users
                  </Text>
                </List.Item>
              ))}
            </List>
          )}
        </Panel>
      </SimpleGrid>
    </Stack>
  );
}

export function MoneySection({ snapshot }: { snapshot: HealthSnapshot }) {
  const { payments, webhooks } = snapshot.money;
  return (
    <Stack gap="sm">
      <Title order={3}>Money</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Panel title="Payments pipeline" source={sourceOf(snapshot.sources, 'payments')}>
          {payments && (
            <Stack gap="xs">
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                <Figure
                  label="Authorisations overdue"
                  value={payments.authorizationsOverdue}
                  color={payments.authorizationsOverdue > 0 ? 'orange' : undefined}
                />
                <Figure
                  label="Captures overdue"
                  value={payments.capturesOverdue}
                  color={payments.capturesOverdue > 0 ? 'orange' : undefined}
                  hint={payments.overdueAmountCents > 0 ? `${formatCents(payments.overdueAmountCents)} waiting` : undefined}
                />
                <Figure
                  label="Failures (24 h)"
                  value={payments.failures24h}
                  color={payments.failures24h > 0 ? 'red' : undefined}
                />
                <Figure
                  label="Pending refunds"
                  value={payments.pendingRefunds}
                  hint={formatCents(payments.pendingRefundsCents)}
                />
              </SimpleGrid>
              {payments.overdue.length > 0 && (
                <Table fz="sm" aria-label="Overdue payments">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Booking</Table.Th>
                      <Table.Th>Step</Table.Th>
                      <Table.Th>Due</Table.Th>
                      <Table.Th ta="right">Amount</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {payments.overdue.map((p) => (
                      <Table.Tr key={p.paymentId}>
                        <Table.Td ff="monospace">{p.shortId}</Table.Td>
                        <Table.Td>{p.kind}</Table.Td>
                        <Table.Td>{new Date(p.dueAt).toLocaleString()}</Table.Td>
                        <Table.Td ta="right">{formatCents(p.amountCents)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Stack>
          )}
        </Panel>
        <Panel
          title="Failed webhooks"
          source={sourceOf(snapshot.sources, 'webhooks')}
          action={
            <Anchor href="/webhooks?status=failed" size="sm">
              Show failed webhooks
            </Anchor>
          }
        >
          {webhooks && (
            <Stack gap="xs">
              <SimpleGrid cols={2}>
                <Figure label="Failed in 24 h" value={webhooks.failed24h} color={webhooks.failed24h > 0 ? 'red' : undefined} />
                <Figure label="Failed, not replayed" value={webhooks.failedTotal} />
              </SimpleGrid>
              {webhooks.bySource.length > 0 && (
                <Text size="sm" c="dimmed">
                  {webhooks.bySource.map((s) => `${s.source}: ${s.failed}`).join(' · ')}
                </Text>
              )}
            </Stack>
          )}
        </Panel>
      </SimpleGrid>
    </Stack>
  );
}

export function GrowthSection({ snapshot }: { snapshot: HealthSnapshot }) {
  const { growth } = snapshot;
  const jobs = snapshot.operations.jobs;
  const pool = snapshot.operations.pool;
  return (
    <Stack gap="sm">
      <Title order={3}>Growth & operations</Title>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Panel title="Today" source={sourceOf(snapshot.sources, 'growth')}>
          {growth && (
            <SimpleGrid cols={2}>
              <Figure
                label="Bookings"
                value={growth.bookingsToday}
                hint={versus(growth.bookingsToday, growth.bookingsYesterday)}
              />
              <Figure label="Signups" value={growth.signupsToday} hint={versus(growth.signupsToday, growth.signupsYesterday)} />
            </SimpleGrid>
          )}
        </Panel>
        <Panel title="Background jobs" source={sourceOf(snapshot.sources, 'jobs')}>
          {jobs && (
            <SimpleGrid cols={4}>
              <Figure
                label="Due"
                value={jobs.due}
                hint={jobs.oldestDueSeconds === null ? 'none waiting' : `oldest ${Math.round(jobs.oldestDueSeconds / 60)} min`}
              />
              <Figure label="Running" value={jobs.running} />
              <Figure label="Failed" value={jobs.failed} color={jobs.failed > 0 ? 'orange' : undefined} />
              <Figure label="Dead" value={jobs.dead} color={jobs.dead > 0 ? 'red' : undefined} />
            </SimpleGrid>
          )}
        </Panel>
        <Panel
          title="DB pool"
          source={sourceOf(snapshot.sources, 'db_pool')}
          action={
            <AnchorLink to="/explore" search={{ metricId: 'db_pool_usage', period: '1h' }} size="sm">
              Chart
            </AnchorLink>
          }
        >
          {pool && (
            <Table fz="sm" aria-label="Database pools">
              <Table.Tbody>
                {pool.pools.map((p) => (
                  <Table.Tr key={p.pool}>
                    <Table.Td>{p.pool}</Table.Td>
                    <Table.Td>
                      {p.inUse}/{p.max} in use
                    </Table.Td>
                    <Table.Td c={p.waiting > 0 ? 'red' : undefined}>{p.waiting} waiting</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Panel>
      </SimpleGrid>
    </Stack>
  );
}
