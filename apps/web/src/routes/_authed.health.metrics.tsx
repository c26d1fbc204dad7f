import { Alert, Button, Card, Code, Group, List, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { METRIC_PERIOD_LABELS, METRIC_PERIODS, metricsRangeInputSchema, type MetricsRangeInput } from '@ops/shared';
import { AnchorLink } from '../components/RouterLinks';
import { SourceStatusBadge } from '../components/SourceStatusBadge';
import { MetricChart } from '../features/health/MetricChart';
import { metricsSearchSchema, type MetricsSearch } from '../features/health/search';
import { requirePermission } from '../lib/guard';
import { useSchemaForm } from '../lib/schema-form';
import { trpc } from '../lib/trpc';
import { SectionCard } from '../components/SectionCard';

/** What to chart: the PromQL, else a named metric the catalog has (a link's unknown name charts nothing). */
function rangeInput(search: MetricsSearch, catalog: ReadonlyArray<{ id: string }>): MetricsRangeInput | null {
  if (search.promql) return { promql: search.promql, period: search.period };
  if (search.metricId && catalog.some((m) => m.id === search.metricId))
    return { metricId: search.metricId, period: search.period };
  return null;
}

export const Route = createFileRoute('/_authed/health/metrics')({
  validateSearch: (raw) => metricsSearchSchema.parse(raw),
  beforeLoad: ({ context }) => requirePermission(context, 'health.read'),
  loaderDeps: ({ search }) => search,
  loader: async ({ context, deps }) => {
    const catalog = await context.queryClient.ensureQueryData(context.trpc.health.metrics.catalog.queryOptions());
    const input = rangeInput(deps, catalog);
    if (input) await context.queryClient.ensureQueryData(context.trpc.health.metrics.range.queryOptions(input));
  },
  component: MetricsPage,
});

/** Metrics explorer: a named metric from the catalog or free PromQL, over a period, with deploy and admin markers. */
function MetricsPage() {
  const search = Route.useSearch();
  const navigate = useNavigate({ from: '/health/metrics' });
  const catalog = useSuspenseQuery(trpc.health.metrics.catalog.queryOptions()).data;
  const go = (next: Partial<MetricsSearch>) => void navigate({ search: (prev) => ({ ...prev, ...next }) });
  const input = rangeInput(search, catalog);
  const selected = catalog.find((m) => m.id === search.metricId);
  const unknown = !search.promql && search.metricId !== undefined && !selected;

  return (
    <Stack gap="md">
      <Title order={2}>Metrics</Title>
      <Card withBorder>
        <Stack gap="sm">
          <Group align="flex-end" grow>
            <Select
              label="Metric"
              placeholder="Pick a named metric"
              searchable
              data={catalog.map((m) => ({ value: m.id, label: m.name }))}
              value={search.promql ? null : (search.metricId ?? null)}
              onChange={(v) => v && go({ metricId: v, promql: undefined })}
              nothingFoundMessage="No such metric"
            />
            <Select
              label="Period"
              data={METRIC_PERIODS.map((p) => ({ value: p, label: METRIC_PERIOD_LABELS[p] }))}
              value={search.period}
              allowDeselect={false}
              onChange={(v) => v && go({ period: v })}
            />
          </Group>
          {/* Keyed by the address's query: Back and Forward put the query charted back in the box. */}
          <PromqlForm
            key={search.promql ?? ''}
            promql={search.promql ?? ''}
            period={search.period}
            onRun={(promql) => go({ promql, metricId: undefined })}
          />
        </Stack>
      </Card>
      {selected && (
        <Text size="sm" c="dimmed">
          {selected.description} <Code>{selected.promql}</Code>
        </Text>
      )}
      {unknown && (
        <Alert color="yellow" title="No such metric">
          The link names a metric “{search.metricId}” that the catalog does not have: pick one below or write a PromQL query.
        </Alert>
      )}
      {input ? (
        <RangeResult input={input} title={selected?.name ?? search.promql ?? ''} />
      ) : (
        <SectionCard title="Named metrics" titleGap="xs">
          <Text size="sm" c="dimmed" mb="xs">
            Pick one to chart it over the period, or write a PromQL query above.
          </Text>
          <List size="sm" spacing={4}>
            {catalog.map((m) => (
              <List.Item key={m.id}>
                <AnchorLink to="/health/metrics" search={{ metricId: m.id, period: search.period }} size="sm">
                  {m.name}
                </AnchorLink>{' '}
                <Text span size="sm" c="dimmed">
                  — {m.description}
                </Text>
              </List.Item>
            ))}
          </List>
        </SectionCard>
      )}
    </Stack>
  );
}

/** The free PromQL box, holding what is charted until it is edited and run. */
function PromqlForm({
  promql,
  period,
  onRun,
}: {
  promql: string;
  period: MetricsSearch['period'];
  onRun: (promql: string | undefined) => void;
}) {
  const { form, onSubmit } = useSchemaForm({
    schema: metricsRangeInputSchema,
    initialValues: { promql },
    toInput: (v) => ({ promql: v.promql, period }),
  });
  return (
    <form onSubmit={onSubmit((request) => onRun(request.promql))} noValidate>
      <Stack gap="xs">
        <Textarea
          label="PromQL"
          description="Any Prometheus query; it replaces the named metric."
          placeholder="sum(rate(http_request_duration_seconds_count[5m]))"
          ff="monospace"
          {...form.getInputProps('promql')}
        />
        <Button type="submit" w="fit-content" variant="light" disabled={form.values.promql.trim() === ''}>
          Run query
        </Button>
      </Stack>
    </form>
  );
}

function RangeResult({ input, title }: { input: MetricsRangeInput; title: string }) {
  const result = useSuspenseQuery(trpc.health.metrics.range.queryOptions(input)).data;
  return (
    <SectionCard title={title} aside={<SourceStatusBadge status={result.source} />}>
      {result.ok ? (
        <Stack gap="xs">
          {result.warnings.map((w) => (
            <Alert key={w} color="yellow">
              {w}
            </Alert>
          ))}
          {result.series.length === 0 ? (
            <Text c="dimmed">No data: Prometheus returned no series for this query over this period.</Text>
          ) : result.series.every((s) => s.points.every((p) => p.v === null)) ? (
            // NaN (0/0) and ±Inf samples arrive as null points: a chart of gaps would look like a broken page.
            <Text c="dimmed">
              No data: every sample over this period is NaN or infinite (for example a rate divided by zero).
            </Text>
          ) : (
            <MetricChart
              series={result.series}
              unit={result.unit}
              startSeconds={result.startSeconds}
              endSeconds={result.endSeconds}
              annotations={result.annotations}
              title={title}
            />
          )}
        </Stack>
      ) : (
        <Alert
          color="red"
          icon={<IconAlertTriangle size={18} />}
          title={result.errorType ? `Prometheus refused the query (${result.errorType})` : 'No answer from Prometheus'}
          role="alert"
        >
          <Code block>{result.error}</Code>
        </Alert>
      )}
    </SectionCard>
  );
}
