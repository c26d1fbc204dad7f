import { Badge, Code, Table, Text, Tooltip } from '@mantine/core';
import type { JobQueueState, JobRow, JobStatusName, PeriodicTask } from '@ops/shared';
import { AnchorLink } from '../../components/RouterLinks';
import { DeadJobActions } from './JobActions';

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

const when = (iso: string | null) => (iso === null ? '—' : new Date(iso).toLocaleString());
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

export function QueueTable({ queues }: { queues: JobQueueState[] }) {
  return (
    <Table fz="sm" aria-label="Queues">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Queue</Table.Th>
          <Table.Th ta="right">Depth</Table.Th>
          <Table.Th ta="right">Due</Table.Th>
          <Table.Th ta="right">Oldest due</Table.Th>
          <Table.Th ta="right">Running</Table.Th>
          <Table.Th ta="right">Failed</Table.Th>
          <Table.Th ta="right">Dead</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {queues.map((q) => (
          <Table.Tr key={q.queue}>
            <Table.Td>
              <AnchorLink to="/jobs" search={{ queue: q.queue }} size="sm">
                {q.queue}
              </AnchorLink>
            </Table.Td>
            <Table.Td ta="right">
              <CountLink queue={q.queue} status="queued" value={q.depth} />
            </Table.Td>
            <Table.Td ta="right">{q.due}</Table.Td>
            <Table.Td ta="right">{q.oldestDueSeconds === null ? '—' : `${Math.round(q.oldestDueSeconds / 60)} min`}</Table.Td>
            <Table.Td ta="right">
              <CountLink queue={q.queue} status="running" value={q.running} />
            </Table.Td>
            <Table.Td ta="right">
              <CountLink queue={q.queue} status="failed" value={q.failed} color="orange" />
            </Table.Td>
            <Table.Td ta="right">
              <CountLink queue={q.queue} status="dead" value={q.dead} color="red" />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function ScheduleTable({ schedule }: { schedule: PeriodicTask[] }) {
  return (
    <Table fz="sm" aria-label="Periodic schedule">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Task</Table.Th>
          <Table.Th>Every</Table.Th>
          <Table.Th>Last run</Table.Th>
          <Table.Th>Next run</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {schedule.map((s) => (
          <Table.Tr key={s.task}>
            <Table.Td>
              <AnchorLink to="/jobs" search={{ task: s.task }} size="sm">
                {s.task}
              </AnchorLink>
              <Text size="xs" c="dimmed">
                {s.description}
              </Text>
            </Table.Td>
            <Table.Td>{s.everySeconds >= 3600 ? `${s.everySeconds / 3600} h` : `${s.everySeconds / 60} min`}</Table.Td>
            <Table.Td>
              {when(s.lastRunAt)} {s.lastStatus && <JobStatusBadge status={s.lastStatus} />}
            </Table.Td>
            <Table.Td c={s.late ? 'red' : undefined}>
              {s.nextRunAt === null ? 'never ran' : when(s.nextRunAt)}
              {s.late && ' (late)'}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function JobTable({ jobs, canManage }: { jobs: JobRow[]; canManage: boolean }) {
  return (
    <Table fz="sm" aria-label="Jobs" striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>#</Table.Th>
          <Table.Th>Queue</Table.Th>
          <Table.Th>Task</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th ta="right">Attempts</Table.Th>
          <Table.Th>Scheduled</Table.Th>
          <Table.Th>Started</Table.Th>
          <Table.Th ta="right">Took</Table.Th>
          <Table.Th>Error</Table.Th>
          {canManage && <Table.Th />}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {jobs.map((j) => (
          <Table.Tr key={j.id}>
            <Table.Td ff="monospace">{j.id}</Table.Td>
            <Table.Td>{j.queue}</Table.Td>
            <Table.Td>
              <AnchorLink to="/jobs" search={{ task: j.task }} size="sm">
                {j.task}
              </AnchorLink>
            </Table.Td>
            <Table.Td>
              <JobStatusBadge status={j.status} />
            </Table.Td>
            <Table.Td ta="right">
              {j.attempts}/{j.maxAttempts}
            </Table.Td>
            <Table.Td>{when(j.scheduledAt)}</Table.Td>
            <Table.Td>{when(j.startedAt)}</Table.Td>
            <Table.Td ta="right">{duration(j.durationMs)}</Table.Td>
            <Table.Td maw={320}>
              {j.error ? (
                <Tooltip label={j.error} multiline maw={480}>
                  <Code c="red" style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', display: 'block' }}>
                    {j.error}
                  </Code>
                </Tooltip>
              ) : (
                '—'
              )}
            </Table.Td>
            {canManage && <Table.Td>{j.status === 'dead' && <DeadJobActions id={j.id} />}</Table.Td>}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
