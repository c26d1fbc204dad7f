import { Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { trpc } from '../../lib/trpc';
import { useCan } from '../../lib/use-me';
import { CreditAdjustForm } from './CreditAdjustForm';

/**
 * Suspend / unsuspend a student and adjust their credit, for roles that may. `status` is the person page's own (no
 * second read).
 */
export function StudentActions({ userId, status }: { userId: string; status: string }) {
  const canManage = useCan('students.manage');
  const canAdjust = useCan('credits.adjust');
  const [cancelUpcoming, setCancelUpcoming] = useState(false);
  const refresh = () => void refreshAfter(CHANGED_BY.studentStatus(userId));
  const suspend = useActionOf(trpc.students.suspend, { title: 'Suspend student', refresh });
  const unsuspend = useActionOf(trpc.students.unsuspend, { title: 'Unsuspend student', refresh });

  if (!canManage && !canAdjust) return null;
  return (
    <Stack gap="sm">
      {canManage && (
        <Stack gap="xs">
          <Text fw={600}>Account</Text>
          {status === 'suspended' ? (
            <Button variant="light" w="fit-content" onClick={() => unsuspend.start({ userId })} loading={unsuspend.busy}>
              Unsuspend student
            </Button>
          ) : (
            <Group gap="sm">
              <Checkbox
                label="Also cancel upcoming bookings"
                checked={cancelUpcoming}
                onChange={(e) => setCancelUpcoming(e.currentTarget.checked)}
              />
              <Button
                color="red"
                variant="light"
                onClick={() => suspend.start({ userId, cancelUpcoming })}
                loading={suspend.busy}
              >
                Suspend student
              </Button>
            </Group>
          )}
        </Stack>
      )}
      {canAdjust && <CreditAdjustForm userId={userId} />}
      {suspend.modal}
      {unsuspend.modal}
    </Stack>
  );
}
