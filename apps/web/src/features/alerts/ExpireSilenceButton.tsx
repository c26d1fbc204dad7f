import { Button } from '@mantine/core';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { trpc } from '../../lib/trpc';

/** Ends a silence early, through the preview (which alerts fire again) and a confirm with a reason. */
export function ExpireSilenceButton({ silenceId }: { silenceId: string }) {
  const action = useActionOf(trpc.alerts.expireSilence, {
    title: 'Expire silence',
    refresh: () => void refreshAfter(CHANGED_BY.alertsChanged()),
  });
  return (
    <>
      <Button variant="subtle" color="red" size="compact-xs" onClick={() => action.start({ silenceId })} loading={action.busy}>
        Expire…
      </Button>
      {action.modal}
    </>
  );
}
