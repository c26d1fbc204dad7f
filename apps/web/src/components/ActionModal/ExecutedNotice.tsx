import { Stack, Text } from '@mantine/core';
import type { ExecuteResult } from '@ops/shared';
import { AnchorLink } from '../RouterLinks';

/**
 * What a notification says once an action ran, whoever ran it (the confirm of a preview, or a second admin's
 * approval): the server's message, the page of what it created, and the audit entry it wrote.
 */
export function ExecutedNotice({ result }: { result: ExecuteResult }) {
  return (
    <Stack gap={2}>
      <Text size="sm">{result.message}</Text>
      {result.created?.type === 'campaign' && (
        <AnchorLink to="/communications/$campaignId" params={{ campaignId: result.created.id }} size="sm">
          Open the campaign
        </AnchorLink>
      )}
      {result.auditId !== null && (
        <AnchorLink to="/audit/$auditId" params={{ auditId: result.auditId }} size="sm">
          View audit entry #{result.auditId}
        </AnchorLink>
      )}
    </Stack>
  );
}
