import { Modal } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { revealPiiInputSchema, type RevealedPii } from '@ops/shared';
import { ReasonForm } from '../../components/ReasonForm';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { trpc } from '../../lib/trpc';

/** The reveal's dialog: a reason, then the full email, phone and name; the reveal lands in the audit trail. */
export function RevealPiiDialog({
  userId,
  opened,
  onClose,
  onRevealed,
}: {
  userId: string;
  opened: boolean;
  onClose: () => void;
  onRevealed: (pii: RevealedPii) => void;
}) {
  const reveal = useMutation(
    trpc.support.revealPii.mutationOptions({
      onSuccess: (pii) => {
        onRevealed(pii);
        onClose();
        void refreshAfter(CHANGED_BY.piiRevealed(userId));
      },
    }),
  );
  const close = () => {
    onClose();
    reveal.reset();
  };
  return (
    <Modal opened={opened} onClose={close} title="Reveal contact details" centered>
      <ReasonForm
        schema={revealPiiInputSchema}
        input={{ userId }}
        intro="The full email, phone and name are shown to you once; the reveal and your reason are recorded in the audit log."
        submitLabel="Reveal details"
        failedTitle="Not revealed"
        mutation={reveal}
        onCancel={close}
      />
    </Modal>
  );
}
