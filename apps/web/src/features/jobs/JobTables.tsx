import { Badge, Code, Text } from '@mantine/core';
import { jobNextRun, type JobQueueState, type JobRow, type JobStatusName, type PeriodicTask } from '@ops/shared';
import { DataTable, type DataTableColumn } from '../../components/DataTable/DataTable';
import { WithNote, linkColumn, whenColumn } from '../../components/DataTable/columns';
import { AnchorLink } from '../../components/RouterLinks';
import { DeadJobActions } from './JobActions';
import { formatBusinessDateTime } from '../../lib/business-time';

const STATUS_COLOR: Record<JobStatusName, string> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'green',
  failed: 'orange',
  dead: 'red',
  discarded: 'dark',
};

export function JobStatusBadge({ status }: { status: JobStatusName }) {
  return (
    <Badge size="xs" color={STATUS_COLOR[status]} variant="light">
      {status}
    </Badge>
  );
}

const when = (iso: string | null) => (iso === null ? '—' : formatBusinessDateTime(iso));
const duration = (ms: number | null) => (ms === null ? '—' : ms < 1_000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/** A count that opens the job list filtered to it (zero stays plain text). */
function CountLink({ queue, status, value, color }: { queue: string; status: JobStatusName; value: number; color?: string }) {
  if (value === 0) return <Text size="sm">0</Text>;
  return (
    <AnchorLink to="/jobs" search={{ queue, status }} size="sm" c={color} fw={600}>
      {value}
    </AnchorLink>
  );
}

/** A task's name, opening its runs on the jobs page. */
function TaskLink({ task }: { task: string }) {
  return (
    <AnchorLink to="/jobs" search={{ task }} size="sm">
      {task}
    </AnchorLink>
  );
}

const countColumn = (
  key: 'depth' | 'running' | 'failed' | 'dead',
  title: string,
  status: JobStatusName,
  color?: string,
): DataTableColumn<JobQueueState> => ({
  key,
  title,
  align: 'right',
  sortValue: (q) => q[key],
  render: (q) => <CountLink queue={q.queue} status={status} value={q[key]} color={color} />,
});

const queueColumns: Array<DataTableColumn<JobQueueState>> = [
  linkColumn(
    'queue',
    'Queue',
    (q) => q.queue,
    (q) => ({ to: '/jobs', search: { queue: q.queue } }),
  ),
  countColumn('depth', 'Depth', 'queued'),
  { key: 'due', title: 'Due', align: 'right', sortValue: (q) => q.due, render: (q) => q.due },
  {
    key: 'oldest',
    title: 'Oldest due',
    align: 'right',
    sortValue: (q) => q.oldestDueSeconds,
    render: (q) => (q.oldestDueSeconds === null ? '—' : `${Math.round(q.oldestDueSeconds / 60)} min`),
  },
  countColumn('running', 'Running', 'running'),
  countColumn('failed', 'Failed', 'failed', 'orange'),
  countColumn('dead', 'Dead', 'dead', 'red'),
];

export function QueueTable({ queues }: { queues: JobQueueState[] }) {
  return (
    <DataTable
      name="Queues"
      storageKey="jobs.queues"
      csv="job-queues.csv"
      columns={queueColumns}
      rows={queues}
      rowKey={(q) => q.queue}
      empty="No queues."
      tableProps={{ fz: 'sm' }}
    />
  );
}

const scheduleColumns: Array<DataTableColumn<PeriodicTask>> = [
  {
    key: 'task',
    title: 'Task',
    sortValue: (s) => s.task,
    render: (s) => (
      <WithNote note={s.description}>
        <TaskLink task={s.task} />
      </WithNote>
    ),
  },
  {
    key: 'every',
    title: 'Every',
    sortValue: (s) => s.everySeconds,
    csv: (s) => s.everySeconds,
    render: (s) => (s.everySeconds >= 3600 ? `${s.everySeconds / 3600} h` : `${s.everySeconds / 60} min`),
  },
  {
    key: 'last',
    title: 'Last run',
    sortValue: (s) => s.lastRunAt,
    csv: (s) => [s.lastRunAt, s.lastStatus].filter(Boolean).join(' '),
    render: (s) => (
      <>
        {when(s.lastRunAt)} {s.lastStatus && <JobStatusBadge status={s.lastStatus} />}
      </>
    ),
  },
  {
    key: 'next',
    title: 'Next run',
    sortValue: (s) => s.nextRunAt,
    csv: (s) => (s.nextRunAt === null ? 'never ran' : `${s.nextRunAt}${s.late ? ' (late)' : ''}`),
    render: (s) => (
      <Text span fz="inherit" c={s.late ? 'red' : undefined}>
        {s.nextRunAt === null ? 'never ran' : when(s.nextRunAt)}
        {s.late && ' (late)'}
      </Text>
    ),
  },
];

export function ScheduleTable({ schedule }: { schedule: PeriodicTask[] }) {
  return (
    <DataTable
      name="Periodic schedule"
      storageKey="jobs.schedule"
      csv
      columns={scheduleColumns}
      rows={schedule}
      rowKey={(s) => s.task}
      empty="No periodic tasks."
      tableProps={{ fz: 'sm' }}
    />
  );
}

/** A job's next run in words: its time (a retry's marked), or why it has none. */
function nextRunText(j: JobRow): string {
  const next = jobNextRun(j);
  if (next === null) return '—';
  if (next.kind === 'scheduled') return `${next.retry ? 'retry ' : ''}${formatBusinessDateTime(next.at)}`;
  return next.reason === 'out of attempts' ? "won't retry: out of attempts" : "won't retry: not requeued";
}

const jobColumns: Array<DataTableColumn<JobRow>> = [
  {
    key: 'id',
    title: '#',
    sortValue: (j) => j.id,
    render: (j) => (
      <Text span ff="monospace" fz="inherit">
        {j.id}
      </Text>
    ),
  },
  { key: 'queue', title: 'Queue', sortValue: (j) => j.queue, render: (j) => j.queue },
  {
    key: 'task',
    title: 'Task',
    sortValue: (j) => j.task,
    render: (j) => <TaskLink task={j.task} />,
  },
  { key: 'status', title: 'Status', sortValue: (j) => j.status, render: (j) => <JobStatusBadge status={j.status} /> },
  {
    key: 'attempts',
    title: 'Attempts',
    align: 'right',
    sortValue: (j) => j.attempts,
    csv: (j) => `${j.attempts}/${j.maxAttempts}`,
    render: (j) => `${j.attempts}/${j.maxAttempts}`,
  },
  // On screen to the minute, in the CSV the exact instant: a second apart matters when a job is studied.
  { ...whenColumn('scheduled', 'Scheduled', (j: JobRow) => j.scheduledAt), csv: (j) => j.scheduledAt },
  // Whether it runs again and when: a failed job with attempts left does not, unless someone requeues it.
  {
    key: 'next',
    title: 'Next run',
    sortValue: (j) => {
      const next = jobNextRun(j);
      return next?.kind === 'scheduled' ? next.at : null;
    },
    csv: (j) => nextRunText(j),
    render: (j) => {
      const next = jobNextRun(j);
      const text = nextRunText(j);
      return next?.kind === 'never' ? (
        <Text span fz="inherit" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {text}
        </Text>
      ) : (
        <span style={{ whiteSpace: 'nowrap' }}>{text}</span>
      );
    },
  },
  // Scheduled and Took tell most stories; Started is one click away in Columns.
  { ...whenColumn('started', 'Started', (j: JobRow) => j.startedAt), csv: (j) => j.startedAt, defaultHidden: true },
  { key: 'took', title: 'Took', align: 'right', sortValue: (j) => j.durationMs, render: (j) => duration(j.durationMs) },
  // The room the other columns leave, cut to one line (in full on hover): at a laptop's width every column shows.
  {
    key: 'error',
    title: 'Error',
    ellipsis: true,
    sortValue: (j) => j.error,
    render: (j) => (j.error ? <Code c="red">{j.error}</Code> : '—'),
  },
];

const actionsColumn: DataTableColumn<JobRow> = {
  key: 'actions',
  title: '',
  hideable: false,
  render: (j) => j.status === 'dead' && <DeadJobActions id={j.id} />,
};

// Retry and Discard stand beside the status they act on: at the end of the row, past the long dates and the error,
// they were off screen on a laptop.
const statusAt = jobColumns.findIndex((c) => c.key === 'status') + 1;
const withActions = [...jobColumns.slice(0, statusAt), actionsColumn, ...jobColumns.slice(statusAt)];

/** Every job with its error; dead ones get Retry and Discard when the role may manage jobs. */
export function JobTable({
  jobs,
  canManage,
  empty,
  hasMore,
  onLoadMore,
  loadingMore,
}: {
  jobs: JobRow[];
  canManage: boolean;
  empty?: string;
  hasMore?: boolean;
  onLoadMore?: () => void;
  loadingMore?: boolean;
}) {
  return (
    <DataTable
      name="Jobs"
      storageKey="jobs.list"
      csv
      columns={canManage ? withActions : jobColumns}
      rows={jobs}
      empty={empty}
      hasMore={hasMore}
      onLoadMore={onLoadMore}
      loadingMore={loadingMore}
      // Narrower padding than other tables: a job's nine columns fit a laptop's width.
      tableProps={{ fz: 'sm', striped: true, horizontalSpacing: 6 }}
    />
  );
}
