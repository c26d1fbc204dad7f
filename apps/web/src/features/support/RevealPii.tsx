import { Button } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import { lazy, Suspense, useState } from 'react';
import type { RevealedPii } from '@ops/shared';

/** The dialog (Mantine's Modal and the reason form) loads when the button is first pressed, not with the page. */
const RevealPiiDialog = lazy(() => import('./RevealPiiDialog').then((m) => ({ default: m.RevealPiiDialog })));

/** "Reveal": asks for a reason, shows the full email, phone and name, and the reveal lands in the audit trail. */
export function RevealPii({ userId, onRevealed }: { userId: string; onRevealed: (pii: RevealedPii) => void }) {
  const [opened, setOpened] = useState(false);
  // Mounted from the first press on, so the dialog can close with its transition.
  const [shown, setShown] = useState(false);
  return (
    <>
      <Button
        variant="light"
        size="xs"
        leftSection={<IconEye size={14} />}
        onClick={() => {
          setShown(true);
          setOpened(true);
        }}
      >
        Reveal
      </Button>
      {shown && (
        <Suspense fallback={null}>
          <RevealPiiDialog userId={userId} opened={opened} onClose={() => setOpened(false)} onRevealed={onRevealed} />
        </Suspense>
      )}
    </>
  );
}
