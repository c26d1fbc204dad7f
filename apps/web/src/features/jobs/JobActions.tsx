import { Button, Group } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useAction } from '../../components/ActionModal/ActionModal';
import { queryClient, trpc } from '../../lib/trpc';

const refreshJobs = () => {
  void queryClient.invalidateQueries(trpc.jobs.pathFilter());
  void queryClient.invalidateQueries(trpc.health.snapshot.pathFilter());
};

/** Retry / Discard for one dead job, each through the preview/confirm modal (audited on the server). */
export function DeadJobActions({ id }: { id: number }) {
  const retryPreview = useMutation(trpc.jobs.retry.preview.mutationOptions());
  const retryExecute = useMutation(trpc.jobs.retry.execute.mutationOptions());
  const discardPreview = useMutation(trpc.jobs.discard.preview.mutationOptions());
  const discardExecute = useMutation(trpc.jobs.discard.execute.mutationOptions());
  const retry = useAction({
    title: `Retry job #${id}`,
    preview: retryPreview.mutateAsync,
    execute: retryExecute.mutateAsync,
    onDone: refreshJobs,
  });
  const discard = useAction({
    title: `Discard job #${id}`,
    preview: discardPreview.mutateAsync,
    execute: discardExecute.mutateAsync,
    onDone: refreshJobs,
  });
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
