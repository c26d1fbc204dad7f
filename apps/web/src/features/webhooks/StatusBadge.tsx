import { Badge } from '@mantine/core';
import type { WebhookStatus } from '@ops/shared';

const COLORS: Record<WebhookStatus, string> = {
  received: 'blue',
  processed: 'green',
  failed: 'red',
  replayed: 'teal',
  skipped: 'gray',
  rejected: 'orange',
};

export function WebhookStatusBadge({ status }: { status: WebhookStatus }) {
  return (
    <Badge size="sm" variant="light" color={COLORS[status]}>
      {status}
    </Badge>
  );
}
