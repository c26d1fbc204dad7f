import { Checkbox, Code, Table, Text } from '@mantine/core';

import type { WebhookListItem } from '@ops/shared';
import { WebhookStatusBadge } from './StatusBadge';
import { AnchorLink } from '../../components/RouterLinks';

/** Ledger rows; failed rows get a checkbox when `selected` is given (multi-select replay). */
export function WebhookTable({
  items,
  selected,
  onToggle,
  label = 'Webhook events',
}: {
  items: WebhookListItem[];
  selected?: Set<string>;
  onToggle?: (id: string) => void;
  label?: string;
}) {
  const selectable = selected !== undefined && onToggle !== undefined;
  return (
    <Table striped highlightOnHover aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          {selectable && <Table.Th w={40} />}
          <Table.Th>Received</Table.Th>
          <Table.Th>Source</Table.Th>
          <Table.Th>Type</Table.Th>
          <Table.Th>Event</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th ta="right">Attempts</Table.Th>
          <Table.Th ta="right">Duration</Table.Th>
          <Table.Th>Error</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((w) => (
          <Table.Tr key={w.id}>
            {selectable && (
              <Table.Td>
                {w.status === 'failed' && (
                  <Checkbox
                    aria-label={`Select ${w.eventId ?? w.id}`}
                    checked={selected.has(w.id)}
                    onChange={() => onToggle(w.id)}
                  />
                )}
              </Table.Td>
            )}
            <Table.Td>
              <Text size="sm">{new Date(w.receivedAt).toLocaleString()}</Text>
            </Table.Td>
            <Table.Td>{w.source}</Table.Td>
            <Table.Td>
              <Code>{w.type}</Code>
            </Table.Td>
            <Table.Td>
              <AnchorLink to="/webhooks/$eventId" params={{ eventId: w.id }} size="sm">
                {w.eventId ?? '(unverified)'}
              </AnchorLink>
              {w.replayOf && (
                <Text size="xs" c="dimmed">
                  replay
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <WebhookStatusBadge status={w.status} />
            </Table.Td>
            <Table.Td ta="right">{w.attempts}</Table.Td>
            <Table.Td ta="right">{w.durationMs === null ? '—' : `${w.durationMs} ms`}</Table.Td>
            <Table.Td maw={320}>
              <Text size="xs" c="red" lineClamp={2}>
                {w.error ?? ''}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
