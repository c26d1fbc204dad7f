import { Alert, List } from '@mantine/core';
import { IconBulb } from '@tabler/icons-react';
import type { SuggestedAction } from '@ops/shared';

/** What support should probably do next, and why; nothing when there is nothing to suggest. */
export function SuggestedActions({ actions }: { actions: SuggestedAction[] }) {
  if (actions.length === 0) return null;
  return (
    <Alert color="blue" icon={<IconBulb size={18} />} title="Suggested actions">
      <List size="sm">
        {actions.map((a) => (
          <List.Item key={a.label}>
            <b>{a.label}</b> — {a.why}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
