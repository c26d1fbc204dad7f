import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { COMMISSION_TIERS, COMMISSION_BPS, formatBps, type User360 } from '@ops/shared';
import { useActionOf } from '../../components/ActionModal/ActionModal';
import { CHANGED_BY, refreshAfter } from '../../lib/invalidate';
import { trpc } from '../../lib/trpc';
import { useCan } from '../../lib/use-me';

type Tier = (typeof COMMISSION_TIERS)[number];

/** What the actions offer depends on: the person page's own profile of the instructor (no second read). */
export interface InstructorFacts extends Pick<User360['profile'], 'status'> {
  commissionTier: string;
  payoutHold: boolean;
  verificationOverride: boolean;
}

/** Suspend / unsuspend, verification override, commission tier, payout hold / release for one instructor. */
export function InstructorActions({ userId, instructor: i }: { userId: string; instructor: InstructorFacts }) {
  const canManage = useCan('instructors.manage');
  const canHold = useCan('payouts.hold');
  const [tier, setTier] = useState<string | null>(null);
  const refresh = () => void refreshAfter(CHANGED_BY.instructorChanged(userId));

  const suspend = useActionOf(trpc.instructors.suspend, { title: 'Suspend instructor', refresh });
  const unsuspend = useActionOf(trpc.instructors.unsuspend, { title: 'Unsuspend instructor', refresh });
  const override = useActionOf(trpc.instructors.verificationOverride, { title: 'Verification override', refresh });
  const commission = useActionOf(trpc.instructors.commissionTier, { title: 'Change commission tier', refresh });
  const payoutHold = useActionOf(trpc.instructors.payoutHold, { title: 'Payout hold', refresh });

  if (!canManage && !canHold) return null;
  const busy = suspend.busy || unsuspend.busy || override.busy || commission.busy || payoutHold.busy;

  return (
    <Stack gap="sm">
      {canManage && (
        <Group gap="xs">
          {i.status === 'suspended' ? (
            <Button variant="light" onClick={() => unsuspend.start({ userId })} disabled={busy}>
              Unsuspend instructor
            </Button>
          ) : (
            <Button color="red" variant="light" onClick={() => suspend.start({ userId })} disabled={busy}>
              Suspend instructor
            </Button>
          )}
          <Button
            variant="light"
            color="grape"
            onClick={() => override.start({ userId, enabled: !i.verificationOverride })}
            disabled={busy}
          >
            {i.verificationOverride ? 'Remove verification override' : 'Override verification'}
          </Button>
        </Group>
      )}
      {canManage && (
        <Group gap="xs" align="flex-end">
          <Select
            label="Commission tier"
            data={COMMISSION_TIERS.map((t) => ({
              value: t,
              label: `${t} (${formatBps(COMMISSION_BPS[t])})`,
              disabled: t === i.commissionTier,
            }))}
            value={tier}
            onChange={setTier}
            placeholder={`${i.commissionTier} (current)`}
            w={240}
          />
          <Button
            variant="light"
            disabled={busy || tier === null || tier === i.commissionTier}
            onClick={() => tier !== null && commission.start({ userId, tier: tier as Tier })}
          >
            Preview tier change
          </Button>
        </Group>
      )}
      {canHold && (
        <Group gap="xs">
          {i.payoutHold ? (
            <Button variant="light" color="teal" onClick={() => payoutHold.start({ userId, hold: false })} disabled={busy}>
              Release payouts
            </Button>
          ) : (
            <Button variant="light" color="orange" onClick={() => payoutHold.start({ userId, hold: true })} disabled={busy}>
              Hold payouts
            </Button>
          )}
          <Text size="xs" c="dimmed">
            {i.payoutHold ? 'Payouts are on hold.' : 'Payouts flow normally.'}
          </Text>
        </Group>
      )}
      {suspend.modal}
      {unsuspend.modal}
      {override.modal}
      {commission.modal}
      {payoutHold.modal}
    </Stack>
  );
}
