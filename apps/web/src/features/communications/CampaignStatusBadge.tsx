import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = {
  queued: 'gray',
  sending: 'blue',
  completed: 'green',
  failed: 'red',
  cancelled: 'gray',
  pending_approval: 'yellow',
  draft: 'gray',
};

export function CampaignStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={COLORS[status] ?? 'gray'} variant="light">
      {status.replace('_', ' ')}
    </Badge>
  );
}
