import { Alert, Group, Loader, Text } from '@mantine/core';
import { errorMessage } from '../lib/trpc';

/**
 * What a panel that loads on its own shows until its answer arrives: a spinner saying what it is waiting for, or why
 * it failed. Nothing once there is data, so the panel draws its answer below.
 */
export function QueryStatus({
  query,
  waiting,
  failedTitle,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown };
  /** "Reading Stripe…": what the wait is for. */
  waiting: string;
  failedTitle: string;
}) {
  if (query.isError)
    return (
      <Alert color="red" title={failedTitle}>
        {errorMessage(query.error)}
      </Alert>
    );
  if (query.isPending)
    return (
      <Group>
        <Loader size="sm" />
        <Text size="sm">{waiting}</Text>
      </Group>
    );
  return null;
}
