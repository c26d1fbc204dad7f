import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { IconLock, IconAlertTriangle } from '@tabler/icons-react';
import type { ErrorComponentProps } from '@tanstack/react-router';
import { sentence } from '@ops/shared';
import { ForbiddenError } from '../lib/guard';
import { errorCode, errorMessage } from '../lib/trpc';

function isZodError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ZodError' || error.name === '$ZodError' || 'issues' in error);
}

/**
 * A path parameter that failed its schema (a malformed id pasted into the URL) is a missing page, not a crash. The
 * router hands it over wrapped (its PathParamError, the schema's error as the cause).
 */
function isBadPathParam(error: unknown): boolean {
  return isZodError(error) || (error instanceof Error && isZodError(error.cause));
}

/** "userId: no such user" names the field for a form or an API client; a page about that record says "No such user". */
function withoutField(message: string): string {
  return message.replace(/^[A-Za-z][\w.]*: /, '').replace(/\.$/, '');
}

type PageErrorKind = 'bad-link' | 'forbidden' | 'not-found' | 'failed';

/** What a route error means to the person who met it; only 'failed' is a fault worth reporting. */
export function pageErrorKind(error: unknown): PageErrorKind {
  if (isBadPathParam(error)) return 'bad-link';
  if (error instanceof ForbiddenError || errorCode(error) === 'FORBIDDEN') return 'forbidden';
  if (errorCode(error) === 'NOT_FOUND') return 'not-found';
  return 'failed';
}

/** The route error boundary: a clear 403 when the role cannot see this, otherwise the error and a retry. */
export function PageError({ error, reset }: ErrorComponentProps) {
  switch (pageErrorKind(error)) {
    case 'bad-link':
      return (
        <Stack p="md">
          <Title order={2}>Not found</Title>
          <Text c="dimmed">
            This link does not name a record: the id in the address is not a valid id. Check the link, or find the person or
            booking with Ctrl-K.
          </Text>
        </Stack>
      );
    case 'forbidden':
      return <Forbidden what={error instanceof ForbiddenError ? error.message : undefined} />;
    case 'not-found':
      return (
        <Stack p="md">
          <Title order={2}>Not found</Title>
          <Text c="dimmed">
            {sentence(withoutField(errorMessage(error)))}. It may have been removed, or the link is wrong: Ctrl-K finds a record
            by any id, email or name you have.
          </Text>
        </Stack>
      );
    case 'failed':
      return (
        <Stack p="md">
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="This page failed to load">
            {errorMessage(error)}
          </Alert>
          <Button variant="light" w="fit-content" onClick={reset}>
            Try again
          </Button>
        </Stack>
      );
  }
}

export function Forbidden({ what }: { what?: string }) {
  return (
    <Stack p="md" role="alert">
      <Title order={2}>
        <IconLock size={22} /> 403 — not for your role
      </Title>
      <Text c="dimmed">{what ?? 'Your role does not include this area. Ask an admin if you need access.'}</Text>
    </Stack>
  );
}
