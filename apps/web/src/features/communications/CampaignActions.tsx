import { Button } from '@mantine/core';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { queryClient, trpc } from '../../lib/trpc';

const refresh = () => {
  void queryClient.invalidateQueries(trpc.communications.pathFilter());
  void queryClient.invalidateQueries(trpc.audit.pathFilter());
};

/** Cancel for a campaign still queued or sending, through the preview/confirm modal (audited on the server). */
export function CampaignActions({ campaignId, status }: { campaignId: string; status: string }) {
  const cancel = useActionOf(trpc.communications.cancel, { title: 'Cancel campaign', onDone: refresh });
  // The modal stays mounted after the campaign turns cancelled, so it can close on its own.
  return (
    <>
      {(status === 'queued' || status === 'sending') && (
        <Button color="red" variant="light" size="xs" onClick={() => cancel.start({ campaignId })} loading={cancel.busy}>
          Cancel campaign
        </Button>
      )}
      {cancel.modal}
    </>
  );
}
