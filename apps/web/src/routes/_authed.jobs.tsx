import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery, useSuspenseInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { JOB_STATUSES, type JobTaskHistory } from '@ops/shared';
import { DataTable, type DataTableColumn } from '../components/DataTable/DataTable';
import { ButtonLink } from '../components/RouterLinks';
import { JobStatusBadge, JobTable, QueueTable, ScheduleTable } from '../features/jobs/JobTables';
import { requirePermission } from '../lib/guard';
import { trpc, type Trpc } from '../lib/trpc';
import { useCan } from '../lib/use-me';
import { SectionCard } from '../components/SectionCard';
import { formatBusinessDateTime } from '../lib/business-time';

const name = z
  .string()
  .regex(/^[\w.:-]{1,100}$/)
  .optional()
  .catch(undefined);
const jobsSearchSchema = z.object({
  queue: name,
  status: z.enum(JOB_STATUSES).optional().catch(undefined),
  task: name,
  /** Jobs finished at or after this instant: the command center's "Failed (24 h)" links with its window's start. */
  since: z.iso.datetime({ offset: true }).optional().catch(undefined),
});
type JobsSearch = z.infer<typeof jobsSearchSchema>;

const listOptions = (trpc: Trpc, search: JobsSearch) =>
  trpc.jobs.list.infiniteQueryOptions(
    { queue: search.queue, status: search.status, task: search.task, since: search.since, limit: 50 },
    { getNextPageParam: (page) => page.nextCursor, initialCursor: null },
  );

export const Route = createFileRoute('/_authed/jobs')({
  validateSearch: (raw) => jobsSearchSchema.parse(raw),
  beforeLoad: ({ context }) => requirePermission(context, 'health.read'),
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) =>
    Promise.all([
      context.queryClient.ensureQueryData(context.trpc.jobs.overview.queryOptions()),
      context.queryClient.ensureInfiniteQueryData(listOptions(context.trpc, deps)),
    ]),
  component: JobsPage,
});

/** Background jobs: queues, the periodic schedule, every job with its error, a task's history, dead-letter actions. */
function JobsPage() {
  const search = Route.useSearch();
  const overview = useSuspenseQuery(trpc.jobs.overview.queryOptions());
  const list = useSuspenseInfiniteQuery(listOptions(trpc, search));
  const jobs = list.data.pages.flatMap((p) => p.items);
  const canManage = useCan('jobs.manage');
  const dead = overview.data.queues.reduce((s, q) => s + q.dead, 0);
  const filters = [
    search.queue && `queue ${search.queue}`,
    search.status && `status ${search.status}`,
    search.task && `task ${search.task}`,
    search.since && `finished since ${formatBusinessDateTime(search.since)}`,
  ].filter(Boolean);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Background jobs</Title>
        <Group gap="xs">
          <ButtonLink to="/jobs" search={{}} size="xs" variant="default">
            All jobs
          </ButtonLink>
          <ButtonLink
            to="/jobs"
            search={{ status: 'dead' }}
            size="xs"
            color="red"
            variant={search.status === 'dead' ? 'filled' : 'light'}
          >
            Dead letters ({dead})
          </ButtonLink>
        </Group>
      </Group>
      {/* One card per row: the queue table's seven columns need the page's width. */}
      <SectionCard title="Queues" titleGap="xs" aria-label="Queues">
        <QueueTable queues={overview.data.queues} />
      </SectionCard>
      <SectionCard title="Periodic schedule" titleGap="xs" aria-label="Periodic schedule">
        <ScheduleTable schedule={overview.data.schedule} />
      </SectionCard>
      {search.task && <TaskHistory task={search.task} />}
      <SectionCard
        title={filters.length > 0 ? `Jobs: ${filters.join(', ')}` : 'Latest jobs'}
        titleGap="xs"
        aria-label="Job list"
        aside={
          search.status === 'dead' &&
          !canManage && (
            <Text size="xs" c="dimmed">
              Your role can read dead jobs but not retry or discard them.
            </Text>
          )
        }
      >
        <JobTable
          jobs={jobs}
          canManage={canManage}
          empty="No jobs match."
          hasMore={list.hasNextPage}
          onLoadMore={() => void list.fetchNextPage()}
          loadingMore={list.isFetchingNextPage}
        />
      </SectionCard>
    </Stack>
  );
}

const historyColumns: Array<DataTableColumn<JobTaskHistory['days'][number]>> = [
  { key: 'day', title: 'Day', sortValue: (d) => d.day, render: (d) => d.day },
  { key: 'succeeded', title: 'Succeeded', align: 'right', sortValue: (d) => d.succeeded, render: (d) => d.succeeded },
  {
    key: 'failed',
    title: 'Failed',
    align: 'right',
    sortValue: (d) => d.failed,
    render: (d) => (d.failed > 0 ? <Badge color="orange">{d.failed}</Badge> : 0),
  },
  {
    key: 'dead',
    title: 'Dead',
    align: 'right',
    sortValue: (d) => d.dead,
    render: (d) => (
      <>
        {d.dead > 0 ? <JobStatusBadge status="dead" /> : 0}
        {d.dead > 0 ? ` ${d.dead}` : ''}
      </>
    ),
  },
  {
    key: 'p95',
    title: 'p95 duration',
    align: 'right',
    sortValue: (d) => d.p95Ms,
    render: (d) => (d.p95Ms === null ? '—' : `${(d.p95Ms / 1000).toFixed(1)} s`),
  },
];

function TaskHistory({ task }: { task: string }) {
  const history = useQuery(trpc.jobs.task.queryOptions({ task }));
  return (
    <SectionCard title={`${task}: last 7 days`} titleGap="xs" aria-label={`History of ${task}`}>
      {history.isError ? (
        <Text c="red">Could not load this task's history.</Text>
      ) : (
        <DataTable
          name={`Runs of ${task} by day`}
          storageKey="jobs.task-history"
          csv={`${task}-last-7-days.csv`}
          columns={historyColumns}
          rows={history.data?.days ?? []}
          rowKey={(d) => d.day}
          loading={history.isPending}
          empty="No runs in the last 7 days."
          tableProps={{ fz: 'sm' }}
        />
      )}
    </SectionCard>
  );
}
