import { Button, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';

/**
 * The form in front of an action (refund, credit, silence): its fields, then "Preview", which waits while the server
 * previews the action; the action's confirm modal opens from here.
 */
export function PreviewForm({
  action,
  onSubmit,
  children,
  'aria-label': label,
  maw,
}: {
  /** What `useAction` / `useActionOf` return. */
  action: { busy: boolean; modal: ReactNode };
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
  'aria-label'?: string;
  maw?: number;
}) {
  return (
    <form onSubmit={onSubmit} noValidate aria-label={label}>
      <Stack gap="xs" maw={maw}>
        {children}
        <Button type="submit" loading={action.busy} w="fit-content">
          Preview
        </Button>
        {action.modal}
      </Stack>
    </form>
  );
}
