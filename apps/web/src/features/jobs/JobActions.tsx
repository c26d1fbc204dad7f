import { Button, Group } from '@mantine/core';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { queryClient, trpc } from '../../lib/trpc';

const refreshJobs = () => {
  void queryClient.invalidateQueries(trpc.jobs.pathFilter());
  void queryClient.invalidateQueries(trpc.health.snapshot.pathFilter());
};

/** Retry / Discard for one dead job, each through the preview/confirm modal (audited on the server). */
export function DeadJobActions({ id }: { id: number }) {
  const retry = useActionOf(trpc.jobs.retry, { title: `Retry job #${id}`, refresh: refreshJobs });
  const discard = useActionOf(trpc.jobs.discard, { title: `Discard job #${id}`, refresh: refreshJobs });
  return (
    <Group gap={4} wrap="nowrap">
      <Button size="compact-xs" onClick={() => retry.start({ id })} loading={retry.busy} aria-label={`Retry job ${id}`}>
        Retry
      </Button>
      <Button
        size="compact-xs"
        variant="default"
        color="red"
        onClick={() => discard.start({ id })}
        loading={discard.busy}
        aria-label={`Discard job ${id}`}
      >
        Discard
      </Button>
      {retry.modal}
      {discard.modal}
    </Group>
  );
}
