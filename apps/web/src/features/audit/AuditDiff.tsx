import { Badge, Code, Table, Text } from '@mantine/core';
import { diffValues } from '@ops/shared';

const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** Before/after as the fields that changed, one line each. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const lines = diffValues(before, after);
  if (lines.length === 0) return <Text c="dimmed">No recorded change in before/after.</Text>;
  return (
    <Table aria-label="Changes" striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Field</Table.Th>
          <Table.Th>Before</Table.Th>
          <Table.Th>After</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lines.map((l) => (
          <Table.Tr key={l.path}>
            <Table.Td>
              <Code>{l.path}</Code>{' '}
              {l.change !== 'changed' && (
                <Badge size="xs" variant="light" color={l.change === 'added' ? 'green' : 'red'}>
                  {l.change}
                </Badge>
              )}
            </Table.Td>
            <Table.Td c={l.change === 'added' ? 'dimmed' : 'red'} style={{ wordBreak: 'break-all' }}>
              {show(l.before)}
            </Table.Td>
            <Table.Td c={l.change === 'removed' ? 'dimmed' : 'green'} style={{ wordBreak: 'break-all' }}>
              {show(l.after)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
