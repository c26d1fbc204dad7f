import { Alert, Stack, Title } from '@mantine/core';
import { IconTools } from '@tabler/icons-react';

/** An area that is planned but not built yet: said plainly, with nothing fake on it. */
export function ComingSoon({ title, what }: { title: string; what: string }) {
  return (
    <Stack p="md">
      <Title order={2}>{title}</Title>
      <Alert icon={<IconTools size={18} />} title="Coming soon" color="gray">
        {what}
      </Alert>
    </Stack>
  );
}
