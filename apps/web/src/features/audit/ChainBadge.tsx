import { Badge, Button, Group, Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { trpc } from '../../lib/trpc';

/** "Audit chain verified to #N" — carries on from the last checkpoint; "Verify whole chain" rehashes from #1. */
export function ChainBadge() {
  const [full, setFull] = useState(false);
  const chain = useQuery(trpc.audit.chain.queryOptions({ full }, { staleTime: 60_000 }));
  if (chain.isPending) {
    return (
      <Group gap={6}>
        <Loader size="xs" />
        <Text size="sm">Verifying the audit chain…</Text>
      </Group>
    );
  }
  if (chain.isError) return <Badge color="gray">Audit chain not verified: {chain.error.message}</Badge>;
  const s = chain.data;
  return (
    <Group gap="xs">
      {s.brokenAtId !== null ? (
        <Badge color="red" size="lg" role="status">
          Audit chain broken at #{s.brokenAtId}
        </Badge>
      ) : (
        <Badge color="green" size="lg" role="status">
          {s.verifiedToId === null ? 'Audit chain empty' : `Audit chain verified to #${s.verifiedToId}`}
        </Badge>
      )}
      {!full && (
        <Button size="compact-xs" variant="subtle" onClick={() => setFull(true)}>
          Verify whole chain
        </Button>
      )}
    </Group>
  );
}
