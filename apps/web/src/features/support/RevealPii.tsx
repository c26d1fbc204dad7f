import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { IconEye } from '@tabler/icons-react';
import { useState } from 'react';
import { revealPiiInputSchema, type RevealedPii } from '@ops/shared';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { errorMessage, trpc } from '../../lib/trpc';

/** "Reveal": asks for a reason, shows the full email, phone and name, and the reveal lands in the audit trail. */
export function RevealPii({ userId, onRevealed }: { userId: string; onRevealed: (pii: RevealedPii) => void }) {
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reveal = useMutation(
    trpc.support.revealPii.mutationOptions({
      onSuccess: (pii) => {
        onRevealed(pii);
        setOpened(false);
        setReason('');
        void refreshAfter(CHANGED_BY.piiRevealed(userId));
      },
    }),
  );
  const submit = () => {
    const parsed = revealPiiInputSchema.safeParse({ userId, reason });
    if (!parsed.success) {
      setError(parsed.error.issues.find((i) => i.path[0] === 'reason')?.message ?? 'Reason is required');
      return;
    }
    setError(null);
    reveal.mutate(parsed.data);
  };
  return (
    <>
      <Button variant="light" size="xs" leftSection={<IconEye size={14} />} onClick={() => setOpened(true)}>
        Reveal
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Reveal contact details" centered>
        <Stack>
          <Text size="sm">
            The full email, phone and name are shown to you once; the reveal and your reason are recorded in the audit log.
          </Text>
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={error}
          />
          {reveal.isError && (
            <Alert color="red" role="alert" title="Not revealed">
              {errorMessage(reveal.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button onClick={submit} loading={reveal.isPending}>
              Reveal details
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
