import { Alert, Stack, Text } from '@mantine/core';
import { IconHourglass } from '@tabler/icons-react';
import type { PendingApprovalRow } from '@ops/shared';
import { AnchorLink } from '../../components/RouterLinks';
import { useCan } from '../../lib/use-me';
import { when } from '../support/format';

/**
 * What was asked on a record (a booking, a person) and waits for a second admin: not done yet, and said so where the
 * record is read, with who asked and when the request lapses; admins are pointed to Approvals. Nothing when none waits.
 */
export function PendingApprovals({ rows }: { rows: PendingApprovalRow[] }) {
  const canDecide = useCan('approvals.decide');
  if (rows.length === 0) return null;
  return (
    <Alert color="yellow" icon={<IconHourglass size={18} />} title="Waiting for a second admin">
      <Stack gap={4}>
        {rows.map((a) => (
          <Text size="sm" key={a.id}>
            {a.summary} — asked by {a.requestedBy} on {when(a.requestedAt)}; expires {when(a.expiresAt)} unless an admin decides.
          </Text>
        ))}
        {canDecide && (
          <AnchorLink to="/approvals" size="sm">
            Decide in Approvals
          </AnchorLink>
        )}
      </Stack>
    </Alert>
  );
}
