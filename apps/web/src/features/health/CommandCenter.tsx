import { Alert, Anchor, Badge, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconClockExclamation, IconExclamationCircle } from '@tabler/icons-react';

import { useRouter } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import {
  failedWebhooksSearch,
  type FailedWebhooksKind,
  formatCents,
  LATENCY_SLO_MIN_REQUESTS,
  LATENCY_SLO_PERIOD_WORDS,
  plural,
  shortSha,
  sloMissedSearch,
  type DeployTargetState,
  type HealthLevel,
  type HealthSnapshot,
  type LogsHealth,
  type PaymentsHealth,
  type PoolHealth,
  type Permission,
  type SourceStatus,
} from '@ops/shared';
import { WithNote, linkColumn, millisecondsColumn, moneyColumn, whenColumn } from '../../components/DataTable/columns';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { SourceStatusBadge } from '../../components/SourceStatusBadge';
import { AnchorLink, UnlinkedText } from '../../components/RouterLinks';
import { formatBusinessDateTime } from '../../lib/business-time';
import { activeNavItem, NAV, type NavItem } from '../../lib/nav';
import { useCan, useMe } from '../../lib/use-me';
import { bookingColumn } from '../bookings/BookingLink';
import { deployState, DeployStateBadge } from '../deploys/DeployStateBadge';
import type { LogsSearch } from '../logs/search';

/** A tile's short preview: sortable, but fixed columns and no CSV (the pages behind the tiles have the full lists). */
function fixed<Row>(columns: Array<DataTableColumn<Row>>): Array<DataTableColumn<Row>> {
  return columns.map((c) => ({ ...c, hideable: false }));
}

/** A tile's list under its figures; nothing at all when the list is empty (the figures already say zero). */
function PreviewTable<Row>(props: {
  name: string;
  columns: Array<DataTableColumn<Row>>;
  rows: Row[];
  rowKey: (row: Row) => string;
}) {
  if (props.rows.length === 0) return null;
  // Narrower padding than a page's tables: a tile is half or a third of the page, and its last column must show.
  return <DataTable {...props} tableProps={{ fz: 'sm', horizontalSpacing: 6 }} />;
}

const overdueColumns = fixed<PaymentsHealth['overdue'][number]>([
  bookingColumn((p) => p.bookingId, 'sm'),
  { key: 'step', title: 'Step', sortValue: (p) => p.kind, render: (p) => p.kind },
  whenColumn('due', 'Due', (p) => p.dueAt),
  moneyColumn('amount', 'Amount', (p) => p.amountCents),
]);

const deployColumns = fixed<DeployTargetState>([
  linkColumn(
    'target',
    'Target',
    (d) => d.name,
    () => ({ to: '/deploys' }),
  ),
  { key: 'status', title: 'Status', sortValue: deployState, render: (d) => <DeployStateBadge target={d} /> },
  {
    key: 'version',
    title: 'Version',
    sortValue: (d) => d.version,
    render: (d) => (
      <Text span size="sm" ff="monospace" title={d.error ?? undefined}>
        {d.version ?? '—'} {shortSha(d.sha)}
      </Text>
    ),
  },
  millisecondsColumn('response', 'Response', (d) => d.responseMs),
]);

const slowestColumns = fixed<LogsHealth['slowest'][number]>([
  linkColumn(
    'operation',
    'Operation',
    (o) => o.operation,
    // By operation, not route: a worker job's lines have no route, and an API procedure's carry both.
    (o) => ({ to: '/logs', search: { operation: o.operation } }),
    {
      ff: 'monospace',
    },
  ),
  { key: 'p95', title: 'p95', align: 'right', sortValue: (o) => o.p95Ms, render: (o) => `${Math.round(o.p95Ms)} ms` },
  { key: 'calls', title: 'Calls', align: 'right', sortValue: (o) => o.calls, render: (o) => o.calls },
]);

type PoolRow = PoolHealth['pools'][number] & Pick<PoolHealth, 'windowSeconds'>;

const poolColumns = fixed<PoolRow>([
  { key: 'pool', title: 'Pool', sortValue: (p) => p.pool, render: (p) => p.pool },
  {
    key: 'inUse',
    title: 'In use',
    sortValue: (p) => p.inUse,
    render: (p) => <span style={{ whiteSpace: 'nowrap' }}>{`${p.inUse} of ${p.max}`}</span>,
  },
  {
    key: 'waiting',
    title: 'Waiting',
    sortValue: (p) => p.waiting,
    // The window's share and peak under the count, free to wrap: on one line they ran past a third of the page.
    render: (p) => (
      <WithNote note={`${Math.round(p.waitingShare * 100)} % of ${p.windowSeconds} s, peak ${p.peakWaiting}`}>
        <Text span size="sm" c={p.saturated ? 'red' : undefined}>
          {p.waiting} now
        </Text>
      </WithNote>
    ),
  },
]);

const LEVEL: Record<HealthLevel, { color: string; title: string; icon: ReactNode }> = {
  healthy: { color: 'green', title: 'Production is healthy', icon: <IconCircleCheck size={22} /> },
  warning: { color: 'yellow', title: 'Production needs attention', icon: <IconAlertTriangle size={22} /> },
  critical: { color: 'red', title: 'Production has a critical problem', icon: <IconExclamationCircle size={22} /> },
};

/** The pages a problem may link to that the navigation does not list, with the permission each needs. */
const UNLISTED_PAGES: Array<Pick<NavItem, 'to' | 'permission'>> = [{ to: '/bookings', permission: 'bookings.read' }];

/**
 * Whether a viewer with `permissions` may open a problem's console address: the permission of the area it is under
 * (as the navigation and the route's guard name it). A problem whose page the viewer may not open is plain text, not
 * a link to a refusal.
 */
export function mayOpen(href: string, permissions: readonly Permission[]): boolean {
  const pathname = new URL(href, 'http://console').pathname;
  const area = activeNavItem([...NAV, ...UNLISTED_PAGES], pathname);
  return area === undefined || permissions.includes(area.permission);
}

/** Seconds since a timestamp, re-rendered every second. */
export function useSecondsSince(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return Math.max(0, Math.round((now - ms) / 1000));
}

/** The last refresh that failed after the snapshot on screen was read: when, and what went wrong. */
export interface RefreshFailure {
  at: number;
  message: string;
}

/**
 * The snapshot's verdict, its problems and how fresh it is. When the latest refresh failed, the figures below are the
 * last ones read, so the verdict no longer reads as live: a grey "Stale" badge, and a line saying since when and why.
 */
export function OverallStatus({
  snapshot,
  updatedAt,
  refreshFailure = null,
}: {
  snapshot: HealthSnapshot;
  updatedAt: number;
  refreshFailure?: RefreshFailure | null;
}) {
  const look = LEVEL[snapshot.overall.level];
  const ago = useSecondsSince(updatedAt);
  const router = useRouter();
  const { permissions } = useMe();
  const stale = refreshFailure !== null && refreshFailure.at > updatedAt;
  return (
    <Alert
      color={stale ? 'gray' : look.color}
      icon={stale ? <IconClockExclamation size={22} /> : look.icon}
      variant="light"
      title={
        stale ? (
          <Group gap={8}>
            <Badge color="gray" variant="filled">
              Stale
            </Badge>
            <span>Last read: {look.title.toLowerCase()}</span>
          </Group>
        ) : (
          look.title
        )
      }
      data-testid="overall-status"
      data-level={stale ? 'stale' : snapshot.overall.level}
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
                  {p.href && mayOpen(p.href, permissions) ? (
                    <Anchor
                      href={p.href}
                      size="sm"
                      onClick={(event) => {
                        // A client-side move into the app (the href names a console route, search params included).
                        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0 || !p.href) return;
                        event.preventDefault();
                        void router.navigate({ href: p.href });
                      }}
                    >
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
        {stale && (
          <Text size="sm" c="red" fw={500} role="alert">
            Figures are stale since {formatBusinessDateTime(updatedAt)}: the refresh failed ({refreshFailure.message}). They are
            the last ones read, not what production is doing now.
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

/** A panel's link (top right) to the page with everything the panel sums up. */
const PanelLink: typeof AnchorLink = (props) => <AnchorLink size="sm" {...props} />;

/** A command-center number that opens the page explaining it. */
function PageLink({ to, search, children }: { to: '/logs'; search?: LogsSearch; children: ReactNode }) {
  return (
    <AnchorLink to={to} search={search} inherit>
      {children}
    </AnchorLink>
  );
}

/**
 * Today's growth figures open the growth brief for today, against yesterday by the same time of day; for a role that
 * may not read analytics (on-call) they are plain numbers, not a link to a page that refuses them.
 */
function TodayLink({ children }: { children: ReactNode }) {
  if (!useCan('analytics.read')) return <UnlinkedText>{children}</UnlinkedText>;
  return (
    <AnchorLink to="/brief" search={{ preset: 'today', compare: 'previous_period' }} inherit>
      {children}
    </AnchorLink>
  );
}

/** A count on a tile, in its `alarm` colour when above zero. */
interface CountFigure {
  label: string;
  count: number;
  alarm?: string;
  hint?: string;
}

/** A tile's counts, each drawn by `link` as a link to the page listing what it counts. */
function CountFigures<F extends CountFigure>({ figures, link }: { figures: F[]; link: (figure: F) => ReactNode }) {
  return figures.map((f) => (
    <Figure key={f.label} label={f.label} value={link(f)} color={f.count > 0 ? f.alarm : undefined} hint={f.hint} />
  ));
}

/**
 * A failed-webhooks figure's link: the ledger's failed view filtered to exactly what the figure counts (shared
 * `failedWebhooksSearch`: from `since` or at any time; all, retryable or permanent ones). A role that may not read the
 * ledger (exec) sees plain text.
 */
function FailedWebhooksLink({
  since,
  retryable = null,
  inherit,
  children,
}: {
  since: string | null;
  retryable?: FailedWebhooksKind;
  inherit?: boolean;
  children: ReactNode;
}) {
  if (!useCan('webhooks.read')) return <UnlinkedText size={inherit ? undefined : 'sm'}>{children}</UnlinkedText>;
  return (
    <AnchorLink
      to="/webhooks"
      search={failedWebhooksSearch(since, retryable)}
      inherit={inherit}
      size={inherit ? undefined : 'sm'}
    >
      {children}
    </AnchorLink>
  );
}

type JobsStatus = 'queued' | 'running' | 'failed' | 'dead';

/** A jobs figure's link: the jobs in that state, finished since `since` when the figure counts a window. */
function JobsLink({ status, since, children }: { status: JobsStatus; since?: string; children: ReactNode }) {
  return (
    <AnchorLink to="/jobs" search={since === undefined ? { status } : { status, since }} inherit>
      {children}
    </AnchorLink>
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
                  <AnchorLink to="/health/metrics" search={{ metricId: f.metricId, period: '24h' }} inherit>
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
          action={<PanelLink to="/alerts">All alerts</PanelLink>}
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
                  <AnchorLink to="/alerts" size="sm">
                    {a.name}
                  </AnchorLink>
                  {a.summary ? ` — ${a.summary}` : ''}
                </List.Item>
              ))}
            </List>
          )}
        </Panel>
        <Panel
          title="Deploys"
          source={sourceOf(sources, 'deploys')}
          action={<PanelLink to="/deploys">Deploys and history</PanelLink>}
        >
          {(stability.deploys ?? []).length === 0 ? (
            <Text size="sm" c="dimmed">
              No deploy targets.
            </Text>
          ) : (
            <PreviewTable name="Deploy targets" columns={deployColumns} rows={stability.deploys ?? []} rowKey={(d) => d.name} />
          )}
        </Panel>
        <LogsPanel snapshot={snapshot} />
        <Panel
          title="Top errors (24 h)"
          source={sourceOf(sources, 'sentry')}
          action={
            <PanelLink to="/health/errors" search={{ sort: 'freq' }}>
              All errors
            </PanelLink>
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
                  <AnchorLink to="/health/errors/$issueId" params={{ issueId: i.id }} size="sm">
                    {i.title}
                  </AnchorLink>
                  <Text span size="xs" c="dimmed">
                    {' '}
                    · {plural(i.count, 'event')} · {plural(i.userCount, 'user')}
                  </Text>
                </List.Item>
              ))}
            </List>
          )}
        </Panel>
        <RedisPanel snapshot={snapshot} />
      </SimpleGrid>
    </Stack>
  );
}

const bytes = (n: number) =>
  n >= 1024 ** 3
    ? `${(n / 1024 ** 3).toFixed(1)} GB`
    : n >= 1024 ** 2
      ? `${(n / 1024 ** 2).toFixed(1)} MB`
      : `${Math.round(n / 1024)} KB`;

/** Axiom: log ingest, the latency SLO over the last hour, and the slowest operations (each opens the logs page). */
function LogsPanel({ snapshot }: { snapshot: HealthSnapshot }) {
  const logs = snapshot.stability.logs;
  return (
    <Panel
      title="Logs & latency SLO (1 h)"
      source={sourceOf(snapshot.sources, 'axiom')}
      action={<PanelLink to="/logs">Search logs</PanelLink>}
    >
      {logs && (
        <Stack gap="xs">
          <SimpleGrid cols={3}>
            <Figure
              label="Ingest"
              value={<PageLink to="/logs">{`${logs.ingestPerSecond.toFixed(2)}/s`}</PageLink>}
              hint={plural(logs.ingestedLastHour, 'event')}
            />
            <Figure
              label={`Within ${logs.slo.thresholdMs} ms`}
              // Opens the requests that missed: those slower than the threshold, over the SLO's hour.
              value={
                <PageLink to="/logs" search={sloMissedSearch(logs.slo.thresholdMs)}>
                  {pct(logs.slo.share)}
                </PageLink>
              }
              // Red only when judged: over fewer logged requests than LATENCY_SLO_MIN_REQUESTS it says so instead.
              color={
                logs.slo.share !== null && logs.slo.total >= LATENCY_SLO_MIN_REQUESTS && logs.slo.share < logs.slo.target
                  ? 'red'
                  : undefined
              }
              hint={
                logs.slo.total < LATENCY_SLO_MIN_REQUESTS
                  ? `too few requests to judge: ${plural(logs.slo.total, 'logged request')} in ${LATENCY_SLO_PERIOD_WORDS}, needs ${LATENCY_SLO_MIN_REQUESTS}`
                  : `target ${pct(logs.slo.target)} of ${plural(logs.slo.total, 'logged request')} in ${LATENCY_SLO_PERIOD_WORDS}`
              }
            />
            <Figure
              label="Slowest p95"
              value={logs.slowest[0] ? `${Math.round(logs.slowest[0].p95Ms)} ms` : '—'}
              hint={logs.slowest[0]?.operation}
            />
          </SimpleGrid>
          <PreviewTable name="Slowest operations" columns={slowestColumns} rows={logs.slowest} rowKey={(o) => o.operation} />
        </Stack>
      )}
    </Panel>
  );
}

/** The marketplace's Redis: memory against its limit, clients, throughput, hit rate, evictions and broker queues. */
function RedisPanel({ snapshot }: { snapshot: HealthSnapshot }) {
  const redis = snapshot.operations.redis;
  const used = redis && redis.maxMemoryBytes > 0 ? redis.usedMemoryBytes / redis.maxMemoryBytes : null;
  return (
    <Panel title="Redis (broker & cache)" source={sourceOf(snapshot.sources, 'redis')}>
      {redis && (
        <Stack gap="xs">
          <SimpleGrid cols={3}>
            <Figure
              label="Memory"
              value={bytes(redis.usedMemoryBytes)}
              color={used !== null && used >= 0.8 ? 'red' : undefined}
              hint={redis.maxMemoryBytes > 0 ? `of ${bytes(redis.maxMemoryBytes)} (${pct(used)})` : 'no limit set'}
            />
            <Figure label="Clients" value={redis.connectedClients} hint={`${redis.blockedClients} blocked`} />
            <Figure label="Ops/s" value={redis.opsPerSecond} />
            <Figure label="Hit rate" value={pct(redis.hitRate)} />
            <Figure label="Evicted keys" value={redis.evictedKeys} hint={redis.evictionPolicy ?? undefined} />
          </SimpleGrid>
          {/* The broker's lists in Redis, not the database's jobs the jobs page lists: figures, not links there. */}
          {redis.queues.length > 0 && (
            <Text size="sm">
              Broker queue lengths:{' '}
              {redis.queues.map((q, i) => (
                <span key={q.name}>
                  {i > 0 ? ' · ' : ''}
                  <span title={`Length of the broker's Redis list "${q.name}" (messages waiting for a worker)`}>
                    {q.name}: {q.length}
                  </span>
                </span>
              ))}
            </Text>
          )}
        </Stack>
      )}
    </Panel>
  );
}

export function MoneySection({ snapshot }: { snapshot: Pick<HealthSnapshot, 'money' | 'sources'> }) {
  const { payments, webhooks } = snapshot.money;
  // A count opens the list of what it counts: the day's failures, not the week's the payments page lists by default.
  const paymentFigures: Array<CountFigure & { failures?: '24h' }> = payments
    ? [
        { label: 'Authorisations overdue', count: payments.authorizationsOverdue, alarm: 'orange' },
        {
          label: 'Captures overdue',
          count: payments.capturesOverdue,
          alarm: 'orange',
          hint: payments.overdueAmountCents > 0 ? `${formatCents(payments.overdueAmountCents)} waiting` : undefined,
        },
        { label: 'Failures (24 h)', count: payments.failures24h, alarm: 'red', failures: '24h' },
        { label: 'Refunds & releases pending', count: payments.pendingRefunds, hint: formatCents(payments.pendingRefundsCents) },
      ]
    : [];
  return (
    <Stack gap="sm">
      <Title order={3}>Money</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Panel
          title="Payments pipeline"
          source={sourceOf(snapshot.sources, 'payments')}
          action={<PanelLink to="/payments">Payments</PanelLink>}
        >
          {payments && (
            <Stack gap="xs">
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                <CountFigures
                  figures={paymentFigures}
                  link={(f) => (
                    <AnchorLink to="/payments" search={f.failures ? { failures: f.failures } : {}} inherit>
                      {f.count}
                    </AnchorLink>
                  )}
                />
              </SimpleGrid>
              <PreviewTable
                name="Overdue payments"
                columns={overdueColumns}
                rows={payments.overdue}
                rowKey={(p) => p.paymentId}
              />
            </Stack>
          )}
        </Panel>
        <Panel
          title="Failed webhooks"
          source={sourceOf(snapshot.sources, 'webhooks')}
          action={<FailedWebhooksLink since={null}>Show failed webhooks</FailedWebhooksLink>}
        >
          {webhooks && (
            <Stack gap="xs">
              <SimpleGrid cols={2}>
                <Figure
                  label="Failed in 24 h"
                  value={
                    <FailedWebhooksLink since={webhooks.since} inherit>
                      {webhooks.failed24h}
                    </FailedWebhooksLink>
                  }
                  color={webhooks.failed24h > 0 ? 'red' : undefined}
                />
                <Figure
                  label="Failed, not replayed"
                  value={
                    <FailedWebhooksLink since={null} inherit>
                      {webhooks.failedTotal}
                    </FailedWebhooksLink>
                  }
                  hint="at any time"
                />
                {/* What each of the day's failures needs: a replay, or a person reconciling it by hand. */}
                <Figure
                  label="Permanent (24 h)"
                  value={
                    <FailedWebhooksLink since={webhooks.since} retryable={false} inherit>
                      {webhooks.permanent24h}
                    </FailedWebhooksLink>
                  }
                  color={webhooks.permanent24h > 0 ? 'red' : undefined}
                  hint="a replay cannot fix: reconcile by hand"
                />
                <Figure
                  label="Retryable (24 h)"
                  value={
                    <FailedWebhooksLink since={webhooks.since} retryable inherit>
                      {webhooks.retryable24h}
                    </FailedWebhooksLink>
                  }
                  color={webhooks.retryable24h > 0 ? 'orange' : undefined}
                  hint="a replay may fix"
                />
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

export function GrowthSection({ snapshot }: { snapshot: Pick<HealthSnapshot, 'growth' | 'operations' | 'sources'> }) {
  const { growth } = snapshot;
  const jobs = snapshot.operations.jobs;
  const pool = snapshot.operations.pool;
  const jobFigures: Array<CountFigure & { status: JobsStatus; since?: string }> = jobs
    ? [
        // Every queued job, as the list it opens shows them: those scheduled later too. The hint says how many are due.
        {
          label: 'Queued',
          status: 'queued',
          count: jobs.queued,
          hint:
            jobs.oldestDueSeconds === null
              ? `${jobs.due} due now`
              : `${jobs.due} due now, oldest ${Math.round(jobs.oldestDueSeconds / 60)} min`,
        },
        { label: 'Running', status: 'running', count: jobs.running },
        // The day's failures (what is going wrong now); older ones are the hint. None runs again on its own.
        {
          label: 'Failed (24 h)',
          status: 'failed',
          since: jobs.failedSince,
          count: jobs.failed24h,
          alarm: 'orange',
          hint: `${jobs.failed} at any time`,
        },
        { label: 'Dead', status: 'dead', count: jobs.dead, alarm: 'red' },
      ]
    : [];
  return (
    <Stack gap="sm">
      <Title order={3}>Growth & operations</Title>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Panel title="Today" source={sourceOf(snapshot.sources, 'growth')}>
          {growth && (
            <SimpleGrid cols={2}>
              <Figure
                label="Bookings"
                value={<TodayLink>{growth.bookingsToday}</TodayLink>}
                hint={versus(growth.bookingsToday, growth.bookingsYesterday)}
              />
              <Figure
                label="Signups"
                value={<TodayLink>{growth.signupsToday}</TodayLink>}
                hint={versus(growth.signupsToday, growth.signupsYesterday)}
              />
            </SimpleGrid>
          )}
        </Panel>
        <Panel
          title="Background jobs"
          source={sourceOf(snapshot.sources, 'jobs')}
          action={<PanelLink to="/jobs">Jobs</PanelLink>}
        >
          {jobs && (
            <SimpleGrid cols={4}>
              <CountFigures
                figures={jobFigures}
                link={(f) => (
                  <JobsLink status={f.status} since={f.since}>
                    {f.count}
                  </JobsLink>
                )}
              />
            </SimpleGrid>
          )}
        </Panel>
        <Panel
          title="DB pool"
          source={sourceOf(snapshot.sources, 'db_pool')}
          action={
            <PanelLink to="/health/metrics" search={{ metricId: 'db_pool_usage', period: '1h' }}>
              Chart
            </PanelLink>
          }
        >
          {pool && (
            <PreviewTable
              name="Database pools"
              columns={poolColumns}
              rows={pool.pools.map((p) => ({ ...p, windowSeconds: pool.windowSeconds }))}
              rowKey={(p) => p.pool}
            />
          )}
        </Panel>
      </SimpleGrid>
    </Stack>
  );
}
