import { Button, Modal } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { IconEye } from '@tabler/icons-react';
import { useState } from 'react';
import { revealPiiInputSchema, type RevealedPii } from '@ops/shared';
import { ReasonForm } from '../../components/ReasonForm';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { trpc } from '../../lib/trpc';

/** "Reveal": asks for a reason, shows the full email, phone and name, and the reveal lands in the audit trail. */
export function RevealPii({ userId, onRevealed }: { userId: string; onRevealed: (pii: RevealedPii) => void }) {
  const [opened, setOpened] = useState(false);
  const reveal = useMutation(
    trpc.support.revealPii.mutationOptions({
      onSuccess: (pii) => {
        onRevealed(pii);
        setOpened(false);
        void refreshAfter(CHANGED_BY.piiRevealed(userId));
      },
    }),
  );
  const close = () => {
    setOpened(false);
    reveal.reset();
  };
  return (
    <>
      <Button variant="light" size="xs" leftSection={<IconEye size={14} />} onClick={() => setOpened(true)}>
        Reveal
      </Button>
      <Modal opened={opened} onClose={close} title="Reveal contact details" centered>
        <ReasonForm
          schema={revealPiiInputSchema}
          input={{ userId }}
          intro="The full email, phone and name are shown to you once; the reveal and your reason are recorded in the audit log."
          submitLabel="Reveal details"
          failedTitle="Not revealed"
          pending={reveal.isPending}
          failure={reveal.error}
          onSubmit={(request) => reveal.mutate(request)}
          onCancel={close}
        />
      </Modal>
    </>
  );
}
