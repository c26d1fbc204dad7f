import { Button } from '@mantine/core';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { trpc } from '../../lib/trpc';

/** Cancel for a campaign still queued or sending, through the preview/confirm modal (audited on the server). */
export function CampaignActions({ campaignId, status }: { campaignId: string; status: string }) {
  const cancel = useActionOf(trpc.communications.cancel, {
    title: 'Cancel campaign',
    refresh: () => void refreshAfter(CHANGED_BY.campaignChanged(campaignId)),
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
