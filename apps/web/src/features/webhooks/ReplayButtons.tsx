import { Button } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useAction } from '../../components/ActionModal/ActionModal';
import { queryClient, trpc } from '../../lib/trpc';

const refreshLedger = () => void queryClient.invalidateQueries(trpc.webhooks.pathFilter());

/** "Replay" for one event: the preview is the handler's dry run. */
export function ReplayButton({ id }: { id: string }) {
  const preview = useMutation(trpc.webhooks.replay.preview.mutationOptions());
  const execute = useMutation(trpc.webhooks.replay.execute.mutationOptions());
  const action = useAction({
    title: 'Replay webhook',
    preview: preview.mutateAsync,
    execute: execute.mutateAsync,
    onDone: refreshLedger,
  });
  return (
    <>
      <Button onClick={() => action.start({ id })} loading={action.busy}>
        Replay
      </Button>
      {action.modal}
    </>
  );
}

/** Replays the selected events at once (one preview listing what each would change). */
export function ReplaySelectedButton({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const preview = useMutation(trpc.webhooks.replayMany.preview.mutationOptions());
  const execute = useMutation(trpc.webhooks.replayMany.execute.mutationOptions());
  const action = useAction({
    title: 'Replay selected webhooks',
    preview: preview.mutateAsync,
    execute: execute.mutateAsync,
    onDone: () => {
      onDone();
      refreshLedger();
    },
  });
  return (
    <>
      <Button disabled={ids.length === 0} onClick={() => action.start({ ids })} loading={action.busy}>
        Replay selected ({ids.length})
      </Button>
      {action.modal}
    </>
  );
}
