import { Badge, Card, Code, Group, Stack, Text } from '@mantine/core';
import type { ErrorIssueDetail } from '@ops/shared';

type Exception = NonNullable<ErrorIssueDetail['latestEvent']>['exceptions'][number];

/** One exception's frames, innermost first (as Sentry shows them), with the source lines it sent. */
export function StackTrace({ exception }: { exception: Exception }) {
  const frames = exception.frames;
  return (
    <Stack gap="xs" aria-label={`Stack trace of ${exception.type}`} role="region">
      <Text fw={700} ff="monospace">
        {exception.type}: {exception.value}
      </Text>
      {frames.length === 0 && <Text c="dimmed">No frames were sent with this exception.</Text>}
      {frames.map((f, i) => (
        <Card
          key={`${f.filename}:${f.lineNo ?? 0}:${i}`}
          withBorder
          padding="xs"
          bg={f.inApp ? undefined : 'var(--mantine-color-gray-light)'}
        >
          <Group gap="xs">
            <Text size="sm" ff="monospace" fw={f.inApp ? 700 : 400}>
              {f.function ?? '?'}
            </Text>
            <Text size="sm" c="dimmed" ff="monospace">
              {f.filename}
              {f.lineNo !== null ? `:${f.lineNo}` : ''}
              {f.colNo !== null ? `:${f.colNo}` : ''}
            </Text>
            {f.inApp && (
              <Badge size="xs" variant="light">
                in app
              </Badge>
            )}
          </Group>
          {f.context.length > 0 && (
            <Code block mt={4}>
              {f.context.map(([n, line]) => `${n === f.lineNo ? '>' : ' '} ${String(n).padStart(4)}  ${line}`).join('\n')}
            </Code>
          )}
        </Card>
      ))}
    </Stack>
  );
}
