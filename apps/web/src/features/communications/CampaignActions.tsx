import { Button } from '@mantine/core';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { queryClient, trpc } from '../../lib/trpc';

/** A cancelled campaign changes its own page, the campaign list and the audit list; templates and audiences do not. */
function refreshCampaign(campaignId: string): void {
  void queryClient.invalidateQueries({ queryKey: trpc.communications.byId.queryKey({ campaignId }) });
  void queryClient.invalidateQueries(trpc.communications.list.pathFilter());
  void queryClient.invalidateQueries(trpc.audit.pathFilter());
}

/** Cancel for a campaign still queued or sending, through the preview/confirm modal (audited on the server). */
export function CampaignActions({ campaignId, status }: { campaignId: string; status: string }) {
  const cancel = useActionOf(trpc.communications.cancel, {
    title: 'Cancel campaign',
    onDone: () => refreshCampaign(campaignId),
  });
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
