import { Anchor, Text } from '@mantine/core';
import type { SourceStatus } from '@ops/shared';

/**
 * An issue's page in Sentry, or why there is none: a stand-in over sample data has no pages, and its address (its
 * API on a loopback port) would only answer "Invalid token".
 */
export function SentryPageLink({ permalink, source }: { permalink: string | null; source: Pick<SourceStatus, 'sample'> }) {
  if (permalink && !source.sample)
    return (
      <Anchor href={permalink} target="_blank" rel="noreferrer" size="sm">
        Open in Sentry
      </Anchor>
    );
  if (source.sample)
    return (
      <Text size="sm" c="dimmed">
        Sample data — no Sentry page
      </Text>
    );
  return null;
}
