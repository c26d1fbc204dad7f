import { Anchor, Badge, Button, Card, Code, Collapse, Group, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { lazy, Suspense, useState } from 'react';
import { alertRuleParts, describeMatchers, type ActiveSilence, type FiringAlert } from '@ops/shared';
import { DataTable, type DataTableColumn } from '../components/DataTable/DataTable';
import { AnchorLink } from '../components/RouterLinks';
import { SourceStatusBadge } from '../components/SourceStatusBadge';
import { SectionCard } from '../components/SectionCard';
import { AlertPageLink } from '../features/alerts/AlertPageLink';
import { alertPages } from '../features/alerts/alert-pages';
import { ExpireSilenceButton } from '../features/alerts/ExpireSilenceButton';
import { requirePermission } from '../lib/guard';
import { trpc } from '../lib/trpc';
import { useCan } from '../lib/use-me';
import { formatBusinessDateTime } from '../lib/business-time';
import { whenColumn } from '../components/DataTable/columns';

/** The silence form (labels, durations, the schema's resolver) arrives just after the page, not with it. */
const SilenceForm = lazy(() => import('../features/alerts/SilenceForm').then((m) => ({ default: m.SilenceForm })));

export const Route = createFileRoute('/_authed/alerts')({
  beforeLoad: ({ context }) => requirePermission(context, 'health.read'),
  loader: ({ context }) => context.queryClient.ensureQueryData(context.trpc.alerts.list.queryOptions()),
  component: AlertsPage,
});

function since(iso: string): string {
  const minutes = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} days`;
}

const matchersText = (s: ActiveSilence): string => describeMatchers(s.matchers);

const silenceColumns: Array<DataTableColumn<ActiveSilence>> = [
  {
    key: 'matchers',
    title: 'Matchers',
    sortValue: matchersText,
    render: (s) => (
      <Text span ff="monospace" fz="inherit">
        {matchersText(s)}
      </Text>
    ),
  },
  { key: 'state', title: 'State', sortValue: (s) => s.state, render: (s) => s.state },
  whenColumn('until', 'Until', (s) => s.endsAt),
  { key: 'by', title: 'By', sortValue: (s) => s.createdBy, render: (s) => s.createdBy },
  { key: 'comment', title: 'Comment', sortValue: (s) => s.comment, render: (s) => s.comment },
];

/** For a role that may silence: the same columns and a way to end each silence early. */
const silenceColumnsWithExpire: Array<DataTableColumn<ActiveSilence>> = [
  ...silenceColumns,
  { key: 'expire', title: '', hideable: false, render: (s) => <ExpireSilenceButton silenceId={s.id} /> },
];

/** Firing alerts from Alertmanager with labels and since-when; on-call and admins silence them from here. */
function AlertsPage() {
  const { source, alerts, silences } = useSuspenseQuery({ ...trpc.alerts.list.queryOptions(), refetchInterval: 30_000 }).data;
  const canSilence = useCan('alerts.silence');
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Alerts</Title>
        <SourceStatusBadge status={source} />
      </Group>
      {alerts === null ? (
        <Text c="dimmed">
          {source.state === 'not_configured'
            ? 'Alertmanager is not configured (ALERTMANAGER_URL).'
            : `Alertmanager did not answer: ${source.error ?? source.state}.`}
        </Text>
      ) : alerts.length === 0 ? (
        <Text c="green">No alert is firing.</Text>
      ) : (
        <Stack gap="sm">
          {alerts.map((a) => (
            <AlertCard key={a.fingerprint} alert={a} canSilence={canSilence} />
          ))}
        </Stack>
      )}
      {silences && silences.length > 0 && (
        <SectionCard title="Silences" titleGap="xs">
          <DataTable
            name="Silences"
            storageKey="alerts.silences"
            csv
            columns={canSilence ? silenceColumnsWithExpire : silenceColumns}
            rows={silences}
            tableProps={{ fz: 'sm' }}
          />
        </SectionCard>
      )}
    </Stack>
  );
}

/** The console page an alert is about, named by what it shows. */
/** The rule's query charted without its threshold (the trend up to it), and the threshold said beside the link. */
function RuleChartLink({ expr }: { expr: string }) {
  const { query, threshold } = alertRuleParts(expr);
  return (
    <Group gap={6}>
      <AnchorLink to="/health/metrics" search={{ promql: query, period: '6h' }} size="sm">
        Chart what the rule watches
      </AnchorLink>
      {threshold && (
        <Text size="sm" c="dimmed">
          (fires when {threshold.op} {threshold.value})
        </Text>
      )}
    </Group>
  );
}

function AlertCard({ alert, canSilence }: { alert: FiringAlert; canSilence: boolean }) {
  const [open, setOpen] = useState(false);
  const silenced = alert.silencedBy.length > 0;
  const pages = alertPages(alert);
  return (
    <Card withBorder aria-label={`Alert ${alert.name}`} component="article">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="xs">
            <Badge color={alert.severity === 'critical' ? 'red' : 'yellow'}>{alert.severity ?? 'alert'}</Badge>
            <Text fw={700}>{alert.name}</Text>
            {silenced && <Badge color="gray">silenced</Badge>}
            <Text size="sm" c="dimmed" title={alert.startsAt}>
              firing for {since(alert.startsAt)} (since {formatBusinessDateTime(alert.startsAt)})
            </Text>
          </Group>
          {alert.summary && <Text size="sm">{alert.summary}</Text>}
          {alert.description && (
            <Text size="sm" c="dimmed">
              {alert.description}
            </Text>
          )}
          {(alert.expr !== null || alert.runbookUrl !== null || pages.length > 0) && (
            <Group gap="md">
              {pages.map((page) => (
                <AlertPageLink key={page.kind} page={page} />
              ))}
              {alert.expr !== null && <RuleChartLink expr={alert.expr} />}
              {alert.runbookUrl !== null && (
                <Anchor href={alert.runbookUrl} target="_blank" rel="noreferrer" size="sm">
                  Runbook
                </Anchor>
              )}
            </Group>
          )}
          <Group gap={4}>
            {Object.entries(alert.labels).map(([k, v]) => (
              <Code key={k}>
                {k}={v}
              </Code>
            ))}
          </Group>
        </Stack>
        {canSilence && !silenced && (
          <Button variant="light" size="xs" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
            Silence…
          </Button>
        )}
      </Group>
      {canSilence && (
        <Collapse expanded={open}>
          <Card withBorder mt="sm" padding="sm">
            <Suspense fallback={null}>
              <SilenceForm alert={alert} onDone={() => setOpen(false)} />
            </Suspense>
          </Card>
        </Collapse>
      )}
    </Card>
  );
}
