import { Button } from '@mantine/core';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { queryClient, trpc } from '../../lib/trpc';

const refreshLedger = () => void queryClient.invalidateQueries(trpc.webhooks.pathFilter());

/** "Replay" for one event: the preview is the handler's dry run. */
export function ReplayButton({ id }: { id: string }) {
  const action = useActionOf(trpc.webhooks.replay, { title: 'Replay webhook', refresh: refreshLedger });
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
  const action = useActionOf(trpc.webhooks.replayMany, { title: 'Replay selected webhooks', refresh: refreshLedger, onDone });
  return (
    <>
      <Button disabled={ids.length === 0} onClick={() => action.start({ ids })} loading={action.busy}>
        Replay selected ({ids.length})
      </Button>
      {action.modal}
    </>
  );
}
